/**
 * What a Benchtop run becomes in MLflow's REST API: the `runs/log-batch` bodies, cut to MLflow's
 * limits (at most 1,000 metrics, 100 params and tags together, 1,000 entities in all and well
 * under 1 MB a request), and the `runs/log-inputs` body for the datasets the run used.
 */
import type { RunInput, RunRecord } from '../store/schema';
import type { MetricPoint } from './exchange-format';
import { MAX_TAG_VALUE } from './keys';

export interface KeyValue {
  key: string;
  value: string;
}

/** value is a number, or "Infinity" / "-Infinity" / "NaN" (protobuf's JSON form of a double). */
export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface LogBatch {
  metrics: MlflowMetric[];
  params: KeyValue[];
  tags: KeyValue[];
}

export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;
/** MLflow refuses log-batch bodies over 1,000,000 bytes; this leaves room for the envelope. */
export const MAX_BATCH_BYTES = 900_000;

export const mlflowMetric = (m: MetricPoint): MlflowMetric => ({
  key: m.key,
  value: Number.isFinite(m.value) ? m.value : String(m.value),
  timestamp: Math.round(m.timestamp),
  step: m.step,
});

/** The run's tags for MLflow: its own, its note, its environment and its error (system tags go with runs/create). */
export function runTags(run: RunRecord): KeyValue[] {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(run.tags)) if (k !== 'mlflow.parentRunId') tags[k] = v;
  if (run.note) tags['mlflow.note.content'] = run.note;
  for (const [k, v] of Object.entries(run.env)) tags[`benchtop.env.${k}`] = String(v);
  if (run.error) Object.assign(tags, { 'benchtop.error.code': run.error.code, 'benchtop.error.message': run.error.message });
  return Object.entries(tags).map(([key, value]) => ({ key, value: value.slice(0, MAX_TAG_VALUE) }));
}

const encoder = new TextEncoder();
const bytes = (x: unknown): number => encoder.encode(JSON.stringify(x)).byteLength + 1;

/** Params and tags first, then metrics, packed into as few requests as MLflow's limits allow. */
export function logBatches(params: KeyValue[], tags: KeyValue[], metrics: MlflowMetric[]): LogBatch[] {
  const out: LogBatch[] = [];
  let cur: LogBatch = { metrics: [], params: [], tags: [] };
  let size = 0;
  const add = (kind: keyof LogBatch, item: KeyValue | MlflowMetric): void => {
    const b = bytes(item);
    const count = cur.metrics.length + cur.params.length + cur.tags.length;
    const full =
      count >= MAX_ENTITIES_PER_BATCH ||
      size + b > MAX_BATCH_BYTES ||
      (kind === 'metrics' ? cur.metrics.length >= MAX_METRICS_PER_BATCH : cur.params.length + cur.tags.length >= MAX_PARAMS_TAGS_PER_BATCH);
    if (full && count > 0) {
      out.push(cur);
      cur = { metrics: [], params: [], tags: [] };
      size = 0;
    }
    (cur[kind] as (KeyValue | MlflowMetric)[]).push(item);
    size += b;
  };
  for (const p of params) add('params', p);
  for (const t of tags) add('tags', t);
  for (const m of metrics) add('metrics', m);
  if (cur.metrics.length + cur.params.length + cur.tags.length > 0) out.push(cur);
  return out;
}

/** The `datasets` of a runs/log-inputs request (MLflow keeps at most 36 characters of a digest). */
export function datasetInputs(inputs: readonly RunInput[], names: Record<string, string>) {
  return inputs.map((i) => ({
    dataset: {
      name: names[i.datasetId] ?? i.datasetId,
      digest: i.digest.slice(0, 36),
      source_type: 'benchtop',
      source: JSON.stringify({ dataset_id: i.datasetId, version_id: i.versionId, digest: i.digest, recipe_id: i.recipeId }),
      profile: JSON.stringify({ num_rows: i.rows }),
    },
    tags: [{ key: 'mlflow.data.context', value: i.context }],
  }));
}
