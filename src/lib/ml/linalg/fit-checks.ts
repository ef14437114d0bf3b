/**
 * Input checks shared by the linear models: hyperparameters against their specs, the shape and
 * finiteness of the training data, the classes a classifier sees, balanced class weights.
 * Every failure is a ModelError (a TrainInputError: code BAD_TRAINING_INPUT) whose message names
 * the place and the valid choices.
 */
import { TrainInputError } from '../errors';
import type { HyperParamSpec, HyperParams, Task, TrainData } from '../model';

/** Training or prediction input a model cannot use. detail: model, param, row, feature, choices. */
export class ModelError extends TrainInputError {
  constructor(message: string, detail: Record<string, unknown> = {}) {
    super(message, detail);
    this.name = 'ModelError';
  }
}

export type Params = Record<string, number | string | boolean>;

/** The params with defaults filled in; rejects unknown names, wrong kinds and values out of range. */
export function readParams(model: string, specs: readonly HyperParamSpec[], params: HyperParams): Params {
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(params)) {
    if (!names.includes(key)) throw new ModelError(`${model}: unknown parameter "${key}"; parameters are ${names.join(', ')}.`, { model, param: key, choices: names });
  }
  const out: Params = {};
  for (const s of specs) {
    const v = params[s.name] ?? s.default;
    const bad = (why: string): never => {
      throw new ModelError(`${model}: parameter ${s.name} = ${JSON.stringify(v)} ${why}.`, { model, param: s.name, value: v, choices: s.values });
    };
    if (s.kind === 'boolean' && typeof v !== 'boolean') bad('must be true or false');
    if (s.kind === 'enum' && !(typeof v === 'string' && s.values?.includes(v))) bad(`must be one of ${s.values?.join(', ')}`);
    if (s.kind === 'number' || s.kind === 'integer') {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('must be a finite number');
      if (s.kind === 'integer' && !Number.isInteger(v)) bad('must be a whole number');
      if (s.min !== undefined && (v as number) < s.min) bad(`must be at least ${s.min}`);
      if (s.max !== undefined && (v as number) > s.max) bad(`must be at most ${s.max}`);
    }
    out[s.name] = v;
  }
  return out;
}

/** Throws on a wrong length or a NaN/±Infinity in the row-major n × d matrix X. */
export function checkFeatures(model: string, X: Float64Array, n: number, d: number, names?: readonly string[]): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) throw new ModelError(`${model}: X must have at least one feature (got n = ${n}, d = ${d}).`, { model });
  if (X.length !== n * d) throw new ModelError(`${model}: X holds ${X.length} values; ${n} rows × ${d} features need ${n * d}.`, { model, rows: n, features: d });
  for (let i = 0; i < X.length; i++) {
    if (Number.isFinite(X[i])) continue;
    const row = Math.floor(i / d), f = i % d, name = names?.[f] ?? `#${f}`;
    const what = Number.isNaN(X[i]) ? 'a missing value (NaN)' : `an infinite value (${X[i]})`;
    throw new ModelError(`${model}: X has ${what} at row ${row}, feature "${name}"; impute or drop missing values before training or predicting.`, { model, row, feature: name });
  }
}

/** Checks the task, shapes, X, y and sample weights; returns the weights (ones when none were given). */
export function checkTrainData(model: string, data: TrainData, task: Task, tasks: readonly Task[]): Float64Array {
  if (!tasks.includes(task)) throw new ModelError(`${model} does not do ${task}; it does ${tasks.join(', ')}.`, { model, task, choices: tasks });
  const { X, n, d, y } = data;
  if (n < 1) throw new ModelError(`${model}: there are no training rows.`, { model });
  if (data.featureNames.length !== d) throw new ModelError(`${model}: ${data.featureNames.length} feature names for ${d} features.`, { model });
  checkFeatures(model, X, n, d, data.featureNames);
  if (y.length !== n) throw new ModelError(`${model}: y holds ${y.length} values for ${n} rows.`, { model });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new ModelError(`${model}: the target is missing or infinite at row ${i}; drop or impute those rows.`, { model, row: i });
    if (task !== 'regression' && (!Number.isInteger(y[i]) || y[i] < 0)) {
      throw new ModelError(`${model}: classification targets are class indices 0..k-1; row ${i} holds ${y[i]}.`, { model, row: i });
    }
  }
  const w = data.sampleWeight;
  if (!w) return new Float64Array(n).fill(1);
  if (w.length !== n) throw new ModelError(`${model}: ${w.length} sample weights for ${n} rows.`, { model });
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0 && Number.isFinite(w[i]))) throw new ModelError(`${model}: sample weight ${w[i]} at row ${i}; weights must be finite and ≥ 0.`, { model, row: i });
    sum += w[i];
  }
  if (!(sum > 0)) throw new ModelError(`${model}: every sample weight is 0.`, { model });
  return Float64Array.from(w);
}

export interface ClassInfo {
  /** Class names, index = class code (from data.classes, else "0".."k-1"). */
  classes: string[];
  /** The codes that occur in y (with weight > 0), ascending. */
  labels: Int32Array;
}

/** The classes of a classification target; at least two must occur. */
export function classInfo(model: string, data: TrainData, task: Task, weights: Float64Array): ClassInfo {
  let k = data.classes?.length ?? 0;
  for (let i = 0; i < data.n; i++) k = Math.max(k, data.y[i] + 1);
  const classes = data.classes ? [...data.classes] : Array.from({ length: k }, (_, c) => String(c));
  if (classes.length < k) throw new ModelError(`${model}: y holds class index ${k - 1} but only ${classes.length} classes are named (${classes.join(', ')}).`, { model });
  const seen = new Uint8Array(k);
  for (let i = 0; i < data.n; i++) if (weights[i] > 0) seen[data.y[i]] = 1;
  const present: number[] = [];
  seen.forEach((s, c) => { if (s) present.push(c); });
  const labels = Int32Array.from(present);
  if (labels.length < 2) {
    const only = labels.length ? `only "${classes[labels[0]]}"` : 'no class';
    throw new ModelError(`${model} needs at least two classes in the target; the training rows hold ${only}.`, { model, classes: Array.from(labels, (c) => classes[c]) });
  }
  if (task === 'binary' && labels.length > 2) {
    throw new ModelError(`${model}: a binary task with ${labels.length} classes (${Array.from(labels, (c) => classes[c]).join(', ')}); use the multiclass task.`, { model });
  }
  return { classes, labels };
}

/** scikit-learn's class_weight='balanced' per class code: n / (number of labels × rows of the class). */
export function balancedWeights(y: Float64Array | Int32Array, labels: Int32Array, k: number): Float64Array {
  const count = new Float64Array(k);
  for (let i = 0; i < y.length; i++) count[y[i]]++;
  const out = new Float64Array(k);
  for (const c of labels) out[c] = y.length / (labels.length * count[c]);
  return out;
}
