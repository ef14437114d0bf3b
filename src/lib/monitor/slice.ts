/**
 * The monitored rows of the prediction log as one columnar slice in time order: the rows the
 * monitor's endpoint answered (monitorSources), shadow copies left out (they repeat the primary's
 * inputs), with the labels attached so far. Windows are index ranges of a slice.
 */
import type { DB } from '../store/db';
import { readPredictionBatches } from '../serve/log-read';
import { labelsFor } from '../serve/labels';
import { ARMS, type PredictionBatchRecord } from '../serve/types';

export type Cell = string | number | boolean | null;

export interface LogSlice {
  n: number;
  ids: string[];
  time: Float64Array;
  latency: Float64Array;
  version: Int32Array;
  output: (string | number | null)[];
  proba: (number[] | null)[];
  classes: (string[] | null)[];
  /** 1 where the row had a signature violation (refused rows included). */
  violated: Uint8Array;
  /** 1 where the row was refused (no output). */
  refused: Uint8Array;
  inputs: Map<string, Cell[]>;
  /** Ground-truth labels by row (undefined: none yet). */
  labels: (string | number | undefined)[];
}

const SHADOW = ARMS.indexOf('shadow');

/**
 * The log keys a monitor reads: its endpoint's whole log — the key `endpoint:model@alias` (requests
 * answered without a deployment) and every deployment of model@alias (at most one is active at a
 * time, so together they are the endpoint's traffic, across redeployments such as retraining's).
 */
export async function monitorSources(db: DB, deployment: string): Promise<string[]> {
  const m = /^endpoint:(.+)@([^@]+)$/.exec(deployment);
  const d = m ? null : await db.get('deployments', deployment);
  const model = m ? m[1] : d?.model, alias = m ? m[2] : d?.alias;
  if (model === undefined || alias === undefined) return [deployment];
  const all = await db.getAllFromIndex('deployments', 'byEndpoint', [model, alias]);
  return [...new Set([`endpoint:${model}@${alias}`, deployment, ...all.map((x) => x.id)])];
}

/** Rows of the batches with time in [from, to], shadow copies excluded, sorted by time (stable). */
export function sliceOf(batches: readonly PredictionBatchRecord[], from = -Infinity, to = Infinity): Omit<LogSlice, 'labels'> {
  const picks: { b: number; i: number; t: number }[] = [];
  batches.forEach((batch, b) => {
    for (let i = 0; i < batch.ids.length; i++) {
      const t = batch.time[i];
      if (t >= from && t <= to && batch.arm[i] !== SHADOW && !batch.shadowOf[i]) picks.push({ b, i, t });
    }
  });
  picks.sort((x, y) => x.t - y.t || x.b - y.b || x.i - y.i);
  const n = picks.length, names = new Set<string>();
  for (const batch of batches) for (const k in batch.inputs) names.add(k);
  const s: Omit<LogSlice, 'labels'> = {
    n, ids: new Array(n), time: new Float64Array(n), latency: new Float64Array(n), version: new Int32Array(n), output: new Array(n),
    proba: new Array(n), classes: new Array(n), violated: new Uint8Array(n), refused: new Uint8Array(n), inputs: new Map([...names].map((k) => [k, new Array<Cell>(n).fill(null)])),
  };
  picks.forEach(({ b, i, t }, r) => {
    const batch = batches[b];
    s.ids[r] = batch.ids[i]; s.time[r] = t; s.latency[r] = batch.latency[i]; s.version[r] = batch.version[i];
    s.output[r] = batch.output[i]; s.proba[r] = batch.proba[i]; s.classes[r] = batch.classes[i];
    s.refused[r] = batch.output[i] === null ? 1 : 0;
    s.violated[r] = (batch.violations[i]?.length ?? 0) > 0 || s.refused[r] ? 1 : 0;
    for (const k in batch.inputs) { const v = batch.inputs[k][i]; s.inputs.get(k)![r] = v === undefined ? null : v; }
  });
  return s;
}

/** Labels of the ids: one read of the whole store when it is not much bigger than the ids asked, else one get per id. */
async function labelsOf(db: DB, ids: readonly string[]): Promise<Map<string, string | number>> {
  if (!ids.length) return new Map();
  const count = await db.count('labels');
  if (count === 0) return new Map();
  if (count <= 4 * ids.length) {
    const wanted = new Set(ids);
    return new Map((await db.getAll('labels')).filter((l) => wanted.has(l.id)).map((l) => [l.id, l.label]));
  }
  return new Map([...(await labelsFor(db, ids)).values()].map((l) => [l.id, l.label]));
}

/** The monitored rows of a deployment in [from, to] with their labels. */
export async function readSlice(db: DB, deployment: string, from = -Infinity, to = Infinity): Promise<LogSlice> {
  const sources = await monitorSources(db, deployment);
  const batches = (await Promise.all(sources.map((d) => readPredictionBatches(db, { deployment: d, from, to })))).flat();
  const s = sliceOf(batches, from, to);
  const got = await labelsOf(db, s.ids);
  return { ...s, labels: s.ids.map((id) => got.get(id)) };
}

/** Rows [from, to) of a slice as a slice of its own (copies of the small arrays, views of typed arrays). */
export function subSlice(s: LogSlice, from: number, to: number): LogSlice {
  const inputs = new Map<string, Cell[]>();
  for (const [k, v] of s.inputs) inputs.set(k, v.slice(from, to));
  return {
    n: to - from, ids: s.ids.slice(from, to), time: s.time.subarray(from, to), latency: s.latency.subarray(from, to), version: s.version.subarray(from, to),
    output: s.output.slice(from, to), proba: s.proba.slice(from, to), classes: s.classes.slice(from, to), violated: s.violated.subarray(from, to),
    refused: s.refused.subarray(from, to), inputs, labels: s.labels.slice(from, to),
  };
}
