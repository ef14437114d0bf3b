/**
 * The contract every learning algorithm implements (training stage). An algorithm is one file
 * under models/ exporting a ModelDef, plus one line in models/registry.ts.
 *
 * Data is dense and numeric: categorical features arrive one-hot or ordinal encoded by the
 * recipe, and missing values are imputed before training (a NaN in X is an error).
 */
export type Task = 'regression' | 'binary' | 'multiclass';

export interface TrainData {
  /** Row-major features: row i is X[i*d .. i*d + d). */
  X: Float64Array;
  n: number;
  d: number;
  /** Regression: the target values. Classification: class indices 0..k-1 (Int32Array). */
  y: Float64Array | Int32Array;
  /** Class labels for classification (index = class). */
  classes?: string[];
  featureNames: string[];
  /** Optional per-row weights (class weights are applied by multiplying into these). */
  sampleWeight?: Float64Array;
}

export interface HyperParamSpec {
  name: string;
  kind: 'number' | 'integer' | 'enum' | 'boolean';
  default: number | string | boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Searched on a log scale in random search. */
  log?: boolean;
  help: string;
}

export type HyperParams = Record<string, number | string | boolean>;

export interface FitHooks {
  /** Progress of an iterative fit: `done` of `total` steps (iterations, trees, epochs), with metrics so far. */
  progress?(done: number, total: number, metrics?: Record<string, number>): void;
  /** Polled between steps; true stops the fit with a CancelledError. */
  cancelled?(): boolean;
  /** Seed for everything random in the fit (same seed, same data, same params: same model). */
  seed?: number;
}

export interface ModelDef<M = unknown> {
  /** Stable id, e.g. 'logistic-regression'. */
  id: string;
  label: string;
  description: string;
  tasks: readonly Task[];
  params: readonly HyperParamSpec[];
  /** Trains with tensors on a tfjs backend (chosen per run); classical models run on plain arrays. */
  tensor?: boolean;
  /** Classical models fit synchronously; tensor models (the MLP) return a promise. */
  fit(data: TrainData, task: Task, params: HyperParams, hooks?: FitHooks): M | Promise<M>;
  /** Regression: predicted values. Classification: predicted class indices (as numbers). */
  predict(model: M, X: Float64Array, n: number): Float64Array | Promise<Float64Array>;
  /** Classification only: n × k row-major class probabilities. */
  predictProba?(model: M, X: Float64Array, n: number): Float64Array | Promise<Float64Array>;
  /** Releases what the model holds outside the JS heap (tensors). */
  dispose?(model: M): void;
  /** Plain JSON (documented format, stored in the model bundle). */
  toJSON(model: M): unknown;
  fromJSON(json: unknown): M;
}

/** A classical model: fits and predicts synchronously on plain arrays (every model but the MLP). */
export interface SyncModelDef<M> extends ModelDef<M> {
  fit(data: TrainData, task: Task, params: HyperParams, hooks?: FitHooks): M;
  predict(model: M, X: Float64Array, n: number): Float64Array;
  predictProba?(model: M, X: Float64Array, n: number): Float64Array;
}
