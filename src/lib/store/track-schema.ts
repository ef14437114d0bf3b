/**
 * Records of experiment tracking, shaped like MLflow's: an experiment holds runs; a run has
 * write-once params, mutable tags, a metric history keyed (run, key, step), artifacts and
 * the inputs and environment that make it reproducible.
 */

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'];

export type Lifecycle = 'active' | 'deleted';

export interface ExperimentRecord {
  id: string;
  /** Unique among experiments. */
  name: string;
  description: string;
  tags: Record<string, string>;
  lifecycle: Lifecycle;
  created: number;
  updated: number;
}

/** A dataset version a run used, and for what. */
export interface RunInput {
  datasetId: string;
  versionId: string;
  /** The version's content hash (Benchtop's version ids are their SHA-256). */
  digest: string;
  context: 'training' | 'validation' | 'test';
  /** The recipe that produced the version, if any. */
  recipeId: string | null;
  rows: number;
}

export interface RunRecord {
  /** 32 hex digits, like MLflow's run ids. */
  id: string;
  experimentId: string;
  /** The search run this one is a candidate of. */
  parentId: string | null;
  name: string;
  status: RunStatus;
  start: number;
  end: number | null;
  /** Write-once: logging another value for a key is an error. */
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Markdown. */
  note: string;
  inputs: RunInput[];
  /** App and tfjs versions, backend and adapter, user agent, cores, seed. */
  env: Record<string, string | number | boolean>;
  /** The latest value of each metric. */
  metrics: Record<string, number>;
  /** Each metric's smallest and largest logged value (for tables that sort by them). */
  metricRange?: Record<string, [number, number]>;
  /** Why the run FAILED or was KILLED. */
  error?: { code: string; message: string };
  lifecycle: Lifecycle;
}

export interface MetricRecord {
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export interface ArtifactRecord {
  mediaType: string;
  data: ArrayBuffer | string;
  size: number;
  created: number;
}

export interface SettingRecord {
  value: unknown;
  updated: number;
}
