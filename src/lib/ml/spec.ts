/**
 * What the user asks of a training job, as it crosses to the training worker and is stored in the
 * run: the data (version, target, features, split), the algorithm and its hyperparameters, the
 * tensor backend, and optionally a hyperparameter search.
 */
import type { SplitSpec } from '../data/split';
import type { HyperParams, Task } from './model';

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** How rows are held out for evaluation. */
export type HoldOut =
  /** The version's own `split` column (written by a recipe run): train rows train, test rows test. */
  | { kind: 'column' }
  /** A fresh split of this version's rows (random or stratified by the target). */
  | { kind: 'split'; method: 'random' | 'stratified'; test: number; seed: number };

export type MissingPolicy =
  /** A missing value in a feature or the target is an error naming the column and row. */
  | 'error'
  /** Features: the training rows' mean (numbers) fills the gap; rows with a missing target are dropped. */
  | 'impute';

export interface SearchSpace {
  /** Grid: every listed value. Random: listed values are sampled uniformly. */
  [param: string]: readonly (number | string | boolean)[] | { min: number; max: number; log?: boolean };
}

export interface SearchSpec {
  mode: 'grid' | 'random';
  space: SearchSpace;
  /** Random search: how many candidates to draw. */
  candidates?: number;
  /** k of k-fold cross-validation (stratified for classification). */
  folds: number;
  /** A scorer name from metrics/registry (greater is better): r2, neg_root_mean_squared_error, accuracy, … */
  scoring: string;
  /** Worker threads fitting candidates at once (default navigator.hardwareConcurrency). */
  parallelism: number;
}

export interface TrainSpec {
  datasetId: string;
  versionId: string;
  target: string;
  /** Feature columns, in this order. */
  features: string[];
  task: Task;
  /** ModelDef id from models/registry. */
  model: string;
  /** Hyperparameters (missing ones take their defaults). */
  params: HyperParams;
  holdOut: HoldOut;
  missing: MissingPolicy;
  /** Seed of everything random in the fit. */
  seed: number;
  /** Tensor backend for tensor models; classical models ignore it. */
  backend: BackendChoice;
  /** Categorical column for per-slice metrics in the evaluation (optional). */
  sliceColumn?: string;
  experiment: string;
  runName?: string;
  search?: SearchSpec;
}

/** The split the spec names, in the form data/split.ts applies (for the 'split' hold-out). */
export function holdOutSplit(h: Extract<HoldOut, { kind: 'split' }>, target: string): SplitSpec {
  return { method: h.method, test: h.test, validation: 0, seed: h.seed, column: h.method === 'stratified' ? target : undefined };
}
