/**
 * The `tracking` benchmark page, served from the same origin as the built app (so it writes into
 * the app's own 'benchtop' database): inserts the synthetic runs through Benchtop's tracking API
 * (startRun, logMetric with the logger's batching, end), and times the pure run search and the
 * metric-history reads for reference. tracking.mjs drives it through window.__trackingBench.
 */
import { openBenchtopDB, type DB } from '../../../src/lib/store/db';
import type { RunRecord } from '../../../src/lib/store/schema';
import { startRun } from '../../../src/lib/track/logger';
import { experimentByName } from '../../../src/lib/track/experiments';
import { experimentsOverview, listRuns } from '../../../src/lib/track/manage';
import { RunTable } from '../../../src/lib/track/table';
import { metricHistory } from '../../../src/lib/track/runs';
import { compileFilter, parseFilter, searchRuns } from '../../../src/lib/track/filter';
import { EXPERIMENT, makeRun, METRICS } from './data';

export interface InsertOptions {
  /** Runs [from, to) of the deterministic sequence (data.ts). */
  from: number;
  to: number;
  steps: number;
  concurrency: number;
  seed: number;
}

export interface InsertResult {
  experimentId: string;
  runs: number;
  points: number;
  ms: number;
  generateMs: number;
  usageBytes: number | null;
  ids: string[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let dbp: Promise<DB> | null = null;
const db = (): Promise<DB> => (dbp ??= openBenchtopDB());
let experimentId = '';
let cached: RunRecord[] | null = null;

/** The experiment the runs went into (by name when this page did not insert them). */
async function experiment(): Promise<string> {
  if (experimentId) return experimentId;
  const e = await experimentByName(await db(), EXPERIMENT);
  if (!e) throw new Error(`No experiment named ${EXPERIMENT}: insert the runs first.`);
  return (experimentId = e.id);
}

async function insert(o: InsertOptions): Promise<InsertResult> {
  const d = await db();
  const keys = Array.from({ length: METRICS }, (_, j) => `m${j}`);
  let next = o.from;
  let generateMs = 0;
  const ids: string[] = [];
  const progress = { done: 0, total: o.to - o.from };
  window.__trackingProgress = progress;
  const lane = async (): Promise<void> => {
    while (next < o.to) {
      const i = next++;
      const g = performance.now();
      const spec = makeRun(i, o.steps, o.seed);
      generateMs += performance.now() - g;
      const run = await startRun(d, { experiment: EXPERIMENT, params: spec.params, tags: spec.tags });
      experimentId = run.experimentId;
      ids.push(run.id);
      for (let s = 0; s < o.steps; s++) for (let j = 0; j < METRICS; j++) run.logMetric(keys[j], spec.metrics[j][s], s);
      await run.end(spec.status, spec.status === 'FAILED' ? { code: 'BENCH_FAILURE', message: 'A synthetic failure.' } : undefined);
      progress.done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  const ms = performance.now() - t0;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  cached = null;
  const n = o.to - o.from;
  return { experimentId, runs: n, points: n * o.steps * METRICS, ms, generateMs, usageBytes: estimate?.usage ?? null, ids };
}

async function runs(): Promise<{ runs: RunRecord[]; loadMs: number }> {
  const t = performance.now();
  cached ??= await listRuns(await db(), { experimentIds: [await experiment()] });
  return { runs: cached, loadMs: performance.now() - t };
}

/** searchRuns (parse, compile, filter, sort newest first) on the loaded runs, `reps` times. */
async function search(text: string, reps: number) {
  const { runs: all, loadMs } = await runs();
  const times: number[] = [];
  const parts = { parseCompile: [] as number[], filter: [] as number[] };
  let out: RunRecord[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    out = searchRuns(all, text);
    times.push(performance.now() - t);
    t = performance.now();
    const match = compileFilter(parseFilter(text));
    parts.parseCompile.push(performance.now() - t);
    t = performance.now();
    all.filter(match);
    parts.filter.push(performance.now() - t);
  }
  return {
    runs: all.length, loadMs, matches: out.length, reps,
    medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times),
    parseCompileMedianMs: median(parts.parseCompile), filterMedianMs: median(parts.filter),
    ids: out.map((r) => r.id),
  };
}

/**
 * What opening the Experiments page costs in the tracking worker, piece by piece: its one read of
 * the runs (experimentsOverview: every run record, for the summaries and the table), building the
 * table, and the first query and slice (the only rows that cross to the page).
 */
async function reads() {
  const d = await db();
  let t = performance.now();
  const o = await experimentsOverview(d, { experimentIds: [await experiment()] });
  const overviewMs = performance.now() - t;
  t = performance.now();
  const table = new RunTable(o.runs);
  const r = table.query({ filter: '', sort: { key: 'attributes.start_time', desc: true }, groupBy: '' });
  const rows = table.slice(0, 100, table.defaultColumns());
  const queryMs = performance.now() - t;
  t = performance.now();
  structuredClone(rows);
  const cloneMs = performance.now() - t;
  return { experiments: o.summaries.length, runs: r.all, overviewMs, queryMs, firstSliceCloneMs: cloneMs };
}

/** The runs as columns (params, latest metrics, status, start), for the pandas peer. */
async function columns() {
  const { runs: all } = await runs();
  const params: Record<string, string[]> = {};
  const metrics: Record<string, (number | null)[]> = {};
  for (const r of all) {
    for (const k in r.params) (params[k] ??= []).push(r.params[k]);
    for (const k in r.metrics) (metrics[k] ??= []).push(r.metrics[k]);
  }
  for (const [k, v] of Object.entries({ ...params, ...metrics })) if (v.length !== all.length) throw new Error(`column ${k} has ${v.length} values for ${all.length} runs`);
  return { ids: all.map((r) => r.id), start: all.map((r) => r.start), status: all.map((r) => r.status), params, metrics };
}

/**
 * The metric history of `ids` × every metric key, read as the tracking worker's `histories` does
 * (one cursor per run and key, one after another), and read with one getAll + getAllKeys per run.
 */
async function histories(ids: string[]) {
  const d = await db();
  const keys = Array.from({ length: METRICS }, (_, j) => `m${j}`);
  let t = performance.now();
  let points = 0;
  for (const id of ids) for (const k of keys) points += (await metricHistory(d, id, k)).length;
  const cursorMs = performance.now() - t;
  t = performance.now();
  let points2 = 0;
  for (const id of ids) {
    const range = IDBKeyRange.bound([id], [id, []]);
    const tx = d.transaction('metrics');
    const [values, k] = await Promise.all([tx.store.getAll(range), tx.store.getAllKeys(range)]);
    if (values.length !== k.length) throw new Error('getAll and getAllKeys disagree');
    points2 += values.length;
  }
  const getAllMs = performance.now() - t;
  return { runs: ids.length, keys: keys.length, points, cursorMs, getAllPoints: points2, getAllMs };
}

declare global {
  interface Window {
    __trackingProgress: { done: number; total: number };
    __trackingBench: {
      insert: typeof insert;
      search: typeof search;
      columns: typeof columns;
      histories: typeof histories;
      reads: typeof reads;
      close(): Promise<void>;
    };
  }
}

window.__trackingProgress = { done: 0, total: 0 };
window.__trackingBench = {
  insert, search, columns, histories, reads,
  close: async () => {
    if (dbp) (await dbp).close();
    dbp = null;
  },
};
document.body.dataset.ready = 'true';
