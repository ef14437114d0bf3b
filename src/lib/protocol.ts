/**
 * Types shared by workers and the UI: progress messages and the shapes that cross the
 * worker boundary. Both sides import from here and nowhere else.
 */
import type { ColumnSchema, FileFormat, Notice } from './data/types';

export type { FileFormat } from './data/types';
export type { ImportPreview } from './data/preview';

export type Phase = 'read' | 'parse' | 'profile' | 'store' | 'export';

/** Progress of a long call, sent through a comlink-proxied callback. */
export type Progress =
  | { kind: 'progress'; phase: Phase; done: number; total: number; rows?: number; elapsedMs?: number }
  | { kind: 'notice'; notice: Notice };

/** What the user chose in the import dialog. */
export interface ImportRequest {
  /** Import into this dataset as a new version; omitted: a new dataset named `name`. */
  datasetId?: string;
  name: string;
  format: FileFormat;
  delimiter: string;
  columns: ColumnSchema[];
  fixed: boolean[];
  skipMalformed: boolean;
  /** Notices from the review step (renamed columns) kept with the version. */
  notices?: Notice[];
}

export interface ImportOutcome {
  datasetId: string;
  versionId: string;
  /** True when this content already existed: nothing new was stored. */
  existed: boolean;
  rows: number;
  notices: Notice[];
  /** Milliseconds: the whole import, and its parse/profile/hash/commit phases. */
  ms: number;
  timings: { parse: number; profile: number; hash: number; commit: number; threads: number };
}

export type TrainPhase = 'load' | 'backend' | 'fit' | 'search' | 'refit' | 'evaluate' | 'save';

/** Progress of a training job: per epoch, tree, iteration or search candidate, with metrics so far. */
export interface TrainProgress {
  kind: 'train';
  runId: string | null;
  phase: TrainPhase;
  done: number;
  total: number;
  /** What `done` counts. */
  unit: 'epoch' | 'tree' | 'iteration' | 'candidate' | 'step';
  /** Metrics at this step (loss, val_loss, …), also written to the run's history. */
  metrics?: Record<string, number>;
  elapsedMs: number;
  /** Estimated time left in this phase. */
  etaMs?: number;
}

/** What a finished training job answers. */
export interface TrainOutcome {
  runId: string;
  /** For a search: the child run of each candidate. */
  childRunIds: string[];
  status: 'FINISHED';
  metrics: Record<string, number>;
  ms: number;
}
