/**
 * Batch scoring: a stored dataset version or a CSV text through a model version, in chunks of
 * ~10,000 rows with progress and cancel (polled between chunks, after yielding to the event loop
 * so a cancel message can arrive). A version that holds the model's features (e.g. the training
 * version) is predicted as it is; anything else goes the raw path (signature, recipe chain).
 * The result is a CSV file as a Blob (input columns, prediction, a probability column per class,
 * `error` with the reasons of refused rows: reported, never dropped) and the refused rows with
 * their violations.
 *
 * Logging: predictions go to the prediction log under deployment `batch:<model>@<version>`, arm
 * 'primary'. Up to LOG_ROWS_MAX rows every row is logged; above it a systematic sample (every k-th
 * row, k = ⌈rows / LOG_ROWS_MAX⌉) is, and the result says so (`logged.sampled`), so a million-row
 * job does not spend most of its time writing the log.
 */
import { BenchtopError, CancelledError } from '../errors';
import { selectRows, valueAt, type Table } from '../recipe/table';
import type { DB } from '../store/db';
import { loadTable } from '../store/prep';
import { getVersion } from '../store/versions';
import { csvHeaderLine, csvLines, csvToTable } from './batch-csv';
import type { LogRow, PredictionLog } from './log';
import type { ScoredTable, ServingPredictor } from './predictor';
import type { Violation } from './types';

export const LOG_ROWS_MAX = 100_000;
export const CHUNK_ROWS = 10_000;
/** Refused rows listed in the result (all of them are in the CSV's error column). */
export const REFUSED_LISTED = 1_000;

export type BatchSource = { kind: 'dataset'; versionId: string } | { kind: 'csv'; text: string; fileName?: string };

export interface BatchArgs {
  model: string;
  /** The version to use, or the alias whose version to use (default 'champion'). */
  version?: number;
  alias?: string;
  source: BatchSource;
  /** Log the predictions (default true). */
  log?: boolean;
  chunkRows?: number;
}

export interface BatchProgress { kind: 'batch'; phase: 'read' | 'score' | 'log'; done: number; total: number }
export interface BatchHooks {
  progress?(p: BatchProgress): void;
  cancelled?(): boolean;
  /** Called with the loaded predictor before scoring (the batch worker starts tfjs's WASM backend for an MLP). */
  prepare?(p: ServingPredictor): Promise<void>;
}

export interface BatchResult {
  model: string;
  version: number;
  /** 'features': the table held the model's features; 'raw': signature + recipe chain. */
  path: 'features' | 'raw';
  rows: number;
  predicted: number;
  refusedCount: number;
  refused: { row: number; violations: Violation[] }[];
  /** Rows predicted with soft violations (out of range, unseen category). */
  warnings: number;
  /** The CSV file (text/csv), built from per-chunk parts without one giant string. */
  csv: Blob;
  ms: number;
  /** Scoring alone (recipe + model), without reading, CSV and logging. */
  scoreMs: number;
  logged: { deployment: string; rows: number; sampled: boolean } | null;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** The version `args` names: its number, or the alias's version. */
export async function batchVersion(db: DB, args: Pick<BatchArgs, 'model' | 'version' | 'alias'>): Promise<number> {
  if (args.version !== undefined) return args.version;
  const m = await db.get('registeredModels', args.model);
  const alias = args.alias ?? 'champion', v = m?.aliases[alias];
  if (!m) throw new BenchtopError('UNKNOWN_MODEL', `There is no registered model named "${args.model}".`, { model: args.model });
  if (v === undefined) throw new BenchtopError('UNKNOWN_MODEL', `Model "${args.model}" has no alias "${alias}"; its aliases are ${Object.keys(m.aliases).join(', ') || '(none)'}.`, { model: args.model, alias, aliases: Object.keys(m.aliases) });
  return v;
}

async function readSource(db: DB, source: BatchSource): Promise<Table> {
  if (source.kind === 'csv') return csvToTable(source.text);
  const v = await getVersion(db, source.versionId);
  if (!v) throw new BenchtopError('NOT_FOUND', `There is no dataset version ${source.versionId.slice(0, 12)}….`, { versionId: source.versionId });
  return loadTable(db, v);
}

export async function batchScore(db: DB, args: BatchArgs, hooks: BatchHooks, predictor: (name: string, version: number) => Promise<ServingPredictor>, log: PredictionLog | null): Promise<BatchResult> {
  const t0 = performance.now();
  const version = await batchVersion(db, args);
  const p = await predictor(args.model, version);
  await hooks.prepare?.(p);
  hooks.progress?.({ kind: 'batch', phase: 'read', done: 0, total: 1 });
  const table = await readSource(db, args.source);
  const n = table.rows, step = Math.max(1, args.chunkRows ?? CHUNK_ROWS);
  const path = args.source.kind === 'dataset' && p.holdsFeatures(table) ? 'features' : 'raw';
  const deployment = `batch:${args.model}@${version}`, every = Math.max(1, Math.ceil(n / LOG_ROWS_MAX));
  const logging = args.log !== false && log !== null;
  const parts = [csvHeaderLine(table, p.classes)], refused: BatchResult['refused'] = [];
  let refusedCount = 0, warnings = 0, scoreMs = 0, logged = 0;
  // The raw path checks and coerces the whole table once (each distinct string parsed once).
  const t1 = performance.now();
  const conformed = path === 'raw' ? p.conform(table) : null;
  const byChunk = new Map<number, Map<number, readonly Violation[]>>();
  if (conformed) for (const [row, vs] of conformed.violations) {
    const c = Math.floor(row / step);
    if (!byChunk.has(c)) byChunk.set(c, new Map());
    byChunk.get(c)!.set(row - c * step, vs);
  }
  scoreMs += performance.now() - t1;
  const range = (start: number, end: number) => Int32Array.from({ length: end - start }, (_, i) => start + i);
  for (let start = 0; start < n; start += step) {
    await tick();
    if (hooks.cancelled?.()) throw new CancelledError('Batch scoring was cancelled; no file was made.');
    const end = Math.min(n, start + step), whole = start === 0 && end === n;
    const t2 = performance.now();
    let out: ScoredTable, chunk: Table;
    if (conformed) {
      chunk = whole ? conformed.table : selectRows(conformed.table, range(start, end));
      const refusedRows = conformed.refused.slice(start, end);
      out = await p.predictConformed({ table: chunk, violations: byChunk.get(start / step) ?? new Map(), refused: refusedRows, refusedCount: refusedRows.reduce((s, x) => s + x, 0) });
      chunk = whole ? table : selectRows(table, range(start, end));
    } else {
      chunk = whole ? table : selectRows(table, range(start, end));
      out = await p.predictFeatures(chunk);
    }
    const ms = performance.now() - t2;
    scoreMs += ms;
    const refusedHere = new Map<number, readonly Violation[]>();
    for (const r of out.refused) {
      refusedHere.set(r.row, r.violations);
      if (refused.length < REFUSED_LISTED) refused.push({ row: start + r.row, violations: r.violations });
    }
    refusedCount += out.refused.length;
    for (const [row] of out.violations) if (!refusedHere.has(row)) warnings++;
    parts.push(csvLines(table, start, end, { ...out, refused: refusedHere }, p.classes, start));
    if (logging) logged += logChunk(log!, deployment, args.model, version, chunk, out, p.classes, ms / (end - start), start, every);
    hooks.progress?.({ kind: 'batch', phase: 'score', done: end, total: n });
  }
  if (logging) {
    hooks.progress?.({ kind: 'batch', phase: 'log', done: 0, total: 1 });
    await log!.flush();
  }
  return {
    model: args.model, version, path, rows: n, predicted: n - refusedCount, refusedCount, refused, warnings, csv: new Blob(parts, { type: 'text/csv' }),
    ms: performance.now() - t0, scoreMs, logged: logging ? { deployment, rows: logged, sampled: every > 1 } : null,
  };
}

/** Logs every `every`-th row of a scored chunk (rows whose global index is a multiple of `every`). */
function logChunk(log: PredictionLog, deployment: string, model: string, version: number, chunk: Table, out: ScoredTable, classes: string[] | null, latency: number, offset: number, every: number): number {
  const rows: LogRow[] = [], time = Date.now(), k = classes?.length ?? 0;
  for (let i = (every - (offset % every)) % every; i < chunk.rows; i += every) {
    const input: Record<string, unknown> = {};
    for (const c of chunk.columns) input[c.name] = valueAt(c, i);
    const y = out.yPred[i];
    rows.push({
      id: crypto.randomUUID(), time, arm: 'primary', version, latency, input,
      output: y !== y ? null : classes ? classes[y] : y,
      proba: y === y && out.proba ? Array.from(out.proba.subarray(i * k, i * k + k)) : null,
      classes, violations: out.violations.get(i) ?? [], shadowOf: null,
    });
  }
  log.append(deployment, model, rows);
  return rows.length;
}
