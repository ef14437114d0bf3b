/// <reference lib="webworker" />
/**
 * Tracking worker: reads runs, their metric history and artifacts; edits experiments, tags, notes
 * and lifecycles; exports, imports and pushes runs; ends runs whose worker was stopped.
 */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import type { Lifecycle } from '../src/lib/store/schema';
import { workerDB } from '../src/lib/store';
import {
  childRuns, createExperiment, experimentsOverview, runHistories, describeExperiment, exportRunsCsv, exportRunsJson, getArtifact, getRun, importRunsJson,
  killRun, killStaleRuns, listArtifacts, purgeRuns, pushRuns, recentRuns, renameExperiment,
  setExperimentLifecycle, setRunNote, setRunsLifecycle, setRunTag, RunTable, type PushOptions, type RunQuery,
} from '../src/lib/track';
import { BenchtopError } from '../src/lib/errors';

/** The Experiments page's runs, kept here: the page asks for the rows in view only. */
let table: RunTable | null = null;
const loaded = (): RunTable => {
  if (!table) throw new BenchtopError('NOT_FOUND', 'The runs table is not loaded (the tracking worker restarted); open it again.', { table: true });
  return table;
};

const db = workerDB();

const api = {
  recentRuns: transferErrors(async (opts: { experimentId?: string; limit?: number; topLevel?: boolean }) => recentRuns(await db(), opts)),
  run: transferErrors(async (id: string) => (await getRun(await db(), id)) ?? null),
  children: transferErrors(async (id: string) => childRuns(await db(), id)),
  artifacts: transferErrors(async (id: string) => listArtifacts(await db(), id)),
  /** A JSON artifact, parsed; null when the run has none at that path. */
  json: transferErrors(async (id: string, path: string) => {
    const a = await getArtifact(await db(), id, path);
    return a ? (JSON.parse(typeof a.data === 'string' ? a.data : new TextDecoder().decode(a.data)) as unknown) : null;
  }),
  artifactBlob: transferErrors(async (id: string, path: string) => {
    const a = await getArtifact(await db(), id, path);
    return a ? new Blob([a.data], { type: a.mediaType }) : null;
  }),
  killStale: transferErrors(async () => killStaleRuns(await db())),
  /** Metric histories of several runs, for comparison: run id → key → points. */
  openTable: transferErrors(async (opts: { experimentIds?: string[]; lifecycle?: Lifecycle }) => {
    const o = await experimentsOverview(await db(), opts);
    table = new RunTable(o.runs);
    return { summaries: o.summaries, selected: o.selected, available: table.available(), defaults: table.defaultColumns(), all: o.runs.length };
  }),
  queryTable: transferErrors(async (q: RunQuery) => loaded().query(q)),
  tableSlice: transferErrors(async (offset: number, limit: number, columns: string[]) => loaded().slice(offset, limit, columns)),
  matchedIds: transferErrors(async () => loaded().matchedIds()),
  /** Several runs by id (missing ones left out). */
  runsById: transferErrors(async (ids: string[]) => {
    const d = await db();
    return (await Promise.all(ids.map((id) => getRun(d, id)))).filter((r) => r !== undefined);
  }),
  /** Metric histories of several runs, for comparison: run id → key → points (one read per run). */
  histories: transferErrors(async (ids: string[], keys: string[]) => {
    const d = await db();
    return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await runHistories(d, id, keys)] as const)));
  }),
  createExperiment: transferErrors(async (name: string, description?: string) => createExperiment(await db(), name, description)),
  renameExperiment: transferErrors(async (id: string, name: string) => renameExperiment(await db(), id, name)),
  describeExperiment: transferErrors(async (id: string, text: string) => describeExperiment(await db(), id, text)),
  setExperimentLifecycle: transferErrors(async (id: string, lifecycle: Lifecycle) => setExperimentLifecycle(await db(), id, lifecycle)),
  setRunTag: transferErrors(async (id: string, key: string, value: string | null) => setRunTag(await db(), id, key, value)),
  setRunNote: transferErrors(async (id: string, note: string) => setRunNote(await db(), id, note)),
  setRunsLifecycle: transferErrors(async (ids: string[], lifecycle: Lifecycle) => setRunsLifecycle(await db(), ids, lifecycle)),
  purgeRuns: transferErrors(async (ids: string[]) => purgeRuns(await db(), ids)),
  exportJson: transferErrors(async (ids: string[]) => exportRunsJson(await db(), ids)),
  exportCsv: transferErrors(async (ids: string[]) => {
    const d = await db();
    return exportRunsCsv((await Promise.all(ids.map((id) => getRun(d, id)))).filter((r) => r !== undefined));
  }),
  importJson: transferErrors(async (text: string) => importRunsJson(await db(), text)),
  push: transferErrors(async (ids: string[], opts: Omit<PushOptions, 'fetch' | 'signal' | 'progress'>, progress?: (done: number, total: number) => void) =>
    pushRuns(await db(), ids, { ...opts, progress: progress ? (d, t) => void progress(d, t) : undefined })),
  kill: transferErrors(async (id: string, message: string, status: 'KILLED' | 'FAILED') => killRun(await db(), id, message, status)),
};

export type TrackApi = typeof api;
Comlink.expose(api);
