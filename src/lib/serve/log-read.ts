/**
 * Reading the prediction log: the stored columnar batches (for the monitoring stage) or flattened
 * rows (for the Serve page's tables), filtered by deployment, model and time, the most recent
 * `limit` rows. A batch is kept when any of its rows falls in [from, to]; rows are filtered exactly.
 */
import type { DB } from '../store/db';
import { MAX_BATCH_SPAN_MS } from './log';
import { ARMS, type Arm, type PredictionBatchRecord, type Violation } from './types';

export interface PredictionQuery {
  /** Deployment id (or `endpoint:model@alias`, `batch:model@version`). */
  deployment?: string;
  model?: string;
  /** Times (ms since epoch), inclusive. */
  from?: number;
  to?: number;
  /** The most recent `limit` rows. */
  limit?: number;
}

export interface LoggedPrediction {
  id: string;
  time: number;
  deployment: string;
  model: string;
  arm: Arm;
  version: number;
  latency: number;
  inputs: Record<string, string | number | boolean | null>;
  output: string | number | null;
  proba: number[] | null;
  classes: string[] | null;
  violations: Violation[];
  shadowOf: string | null;
}

const lastTime = (b: PredictionBatchRecord): number => {
  let max = -Infinity;
  for (let i = 0; i < b.time.length; i++) if (b.time[i] > max) max = b.time[i];
  return max;
};

/** Batches that hold rows of the query, oldest first (rows inside are not filtered; `limit` is not applied). */
export async function readPredictionBatches(db: DB, q: PredictionQuery = {}): Promise<PredictionBatchRecord[]> {
  let batches: PredictionBatchRecord[];
  if (q.deployment !== undefined) {
    // A batch's rows lie within MAX_BATCH_SPAN_MS of its start (its key), so a range reads only the batches that can hold it.
    const lower = q.from !== undefined ? q.from - MAX_BATCH_SPAN_MS : -Infinity, upper = q.to ?? Infinity;
    batches = await db.getAll('predictions', IDBKeyRange.bound([q.deployment, lower, ''], [q.deployment, upper, '\uffff']));
    if (q.model !== undefined) batches = batches.filter((b) => b.model === q.model);
  } else if (q.model !== undefined) {
    batches = await db.getAllFromIndex('predictions', 'byModel', q.model);
  } else {
    batches = await db.getAll('predictions');
  }
  const from = q.from ?? -Infinity, to = q.to ?? Infinity;
  return batches.filter((b) => b.start <= to && (from === -Infinity || lastTime(b) >= from)).sort((a, b) => a.start - b.start);
}

/** Row `i` of a batch as a plain object. */
export function batchRow(b: PredictionBatchRecord, i: number): LoggedPrediction {
  const inputs: Record<string, string | number | boolean | null> = {};
  for (const k in b.inputs) { const v = b.inputs[k][i]; if (v !== null && v !== undefined) inputs[k] = v; }
  return {
    id: b.ids[i], time: b.time[i], deployment: b.deployment, model: b.model, arm: ARMS[b.arm[i]] ?? 'primary', version: b.version[i], latency: b.latency[i],
    inputs, output: b.output[i], proba: b.proba[i], classes: b.classes[i], violations: b.violations[i] ?? [], shadowOf: b.shadowOf[i],
  };
}

/** Indices (batch, row) of the rows of the query, in time order, the last `limit` of them. */
export function selectRows(batches: readonly PredictionBatchRecord[], q: PredictionQuery): { b: number; i: number; t: number }[] {
  const from = q.from ?? -Infinity, to = q.to ?? Infinity, out: { b: number; i: number; t: number }[] = [];
  batches.forEach((batch, b) => {
    for (let i = 0; i < batch.ids.length; i++) { const t = batch.time[i]; if (t >= from && t <= to) out.push({ b, i, t }); }
  });
  out.sort((x, y) => x.t - y.t);
  return q.limit !== undefined && out.length > q.limit ? out.slice(out.length - Math.max(0, q.limit)) : out;
}

/** Logged predictions of the query as rows, oldest first (the most recent `limit`). */
export async function readPredictions(db: DB, q: PredictionQuery = {}): Promise<LoggedPrediction[]> {
  const batches = await readPredictionBatches(db, q);
  return selectRows(batches, q).map(({ b, i }) => batchRow(batches[b], i));
}

/** How many predictions the log holds for the query. */
export async function countPredictions(db: DB, q: PredictionQuery = {}): Promise<number> {
  const batches = await readPredictionBatches(db, q);
  if (q.from === undefined && q.to === undefined) return batches.reduce((s, b) => s + b.ids.length, 0);
  return selectRows(batches, { ...q, limit: undefined }).length;
}
