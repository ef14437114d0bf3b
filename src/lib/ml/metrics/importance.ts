/**
 * Permutation feature importance (as sklearn.inspection.permutation_importance): how much the
 * score drops when one feature's column is shuffled, breaking its link to the target.
 * importance = score(original) − score(shuffled), scores oriented so greater is better (a loss
 * counts negated), so a useful feature has a positive importance and an unused one exactly 0.
 * The shuffles come from Benchtop's seeded generator, not NumPy's, so single figures differ
 * from scikit-learn's; what they measure does not. The model's predict may be asynchronous
 * (tensor models), so the function returns a promise and awaits each prediction.
 */
import { mulberry32, shuffle } from '../../data/split';
import { CancelledError } from '../../errors';
import { checkLengths, MetricError, type Vec } from './numeric';
import type { EvalInput, MetricDef } from './registry';

/** A model's predictions for n rows of row-major X: values or classes, or with probabilities. */
export type Prediction = Float64Array | { yPred: Float64Array; proba?: Float64Array };
/** Synchronous (classical models) or asynchronous (tensor models). */
export type PredictFn = (X: Float64Array, n: number) => Prediction | Promise<Prediction>;

export interface ImportanceOptions {
  /** Shuffles per feature (default 5). */
  repeats?: number;
  /** Default 0. Feature j's shuffles depend on (seed, j) only, not on the other features scored. */
  seed?: number;
  sampleWeight?: Vec;
  /** Number of classes (classification). */
  k?: number;
  /** Features to score (default all). */
  features?: readonly number[];
  progress?(done: number, total: number): void;
  /** Polled after each shuffle; true stops with a CancelledError (X is restored first). */
  cancelled?(): boolean;
}

export interface FeatureImportance {
  feature: number;
  mean: number;
  /** Population standard deviation over the repeats (np.std). */
  std: number;
  /** One importance per repeat. */
  values: Float64Array;
}

export interface ImportanceResult {
  /** Score of the unshuffled data (greater is better). */
  baseline: number;
  features: FeatureImportance[];
}

/**
 * Shuffles each feature column of X in place, scores the predictions and puts the column back
 * (X is unchanged afterwards, also when predictFn throws or the run is cancelled). X must not be
 * read or written elsewhere while the promise is pending.
 */
export async function permutationImportance(predictFn: PredictFn, X: Float64Array, n: number, d: number, y: Vec, metric: MetricDef, opts: ImportanceOptions = {}): Promise<ImportanceResult> {
  if (X.length !== n * d) throw new MetricError('LENGTH_MISMATCH', `X holds ${X.length} values; expected n × d = ${n} × ${d}.`, { length: X.length, n, d });
  checkLengths(n, { y, sample_weight: opts.sampleWeight });
  const repeats = opts.repeats ?? 5, seed = opts.seed ?? 0;
  if (!Number.isInteger(repeats) || repeats < 1) throw new MetricError('BAD_OPTION', `repeats must be a whole number ≥ 1, got ${repeats}.`);
  const features = opts.features ?? [...Array(d).keys()];
  for (const j of features) if (!Number.isInteger(j) || j < 0 || j >= d) throw new MetricError('BAD_OPTION', `Feature ${j} is not a column index 0..${d - 1}.`);
  const sign = metric.greaterIsBetter ? 1 : -1;
  const score = async (): Promise<number> => {
    const out = await predictFn(X, n);
    const p = out instanceof Float64Array ? { yPred: out } : out;
    const input: EvalInput = { yTrue: y, yPred: p.yPred, proba: p.proba, k: opts.k, sampleWeight: opts.sampleWeight };
    return sign * metric.fn(input);
  };
  const baseline = await score();
  const original = new Float64Array(n), order = new Int32Array(n);
  const total = features.length * repeats;
  let done = 0;
  const result: FeatureImportance[] = [];
  for (const j of features) {
    for (let i = 0; i < n; i++) original[i] = X[i * d + j];
    const random = mulberry32((seed ^ Math.imul(j + 1, 0x9e3779b9)) >>> 0);
    const values = new Float64Array(repeats);
    try {
      for (let r = 0; r < repeats; r++) {
        for (let i = 0; i < n; i++) order[i] = i;
        shuffle(order, random);
        for (let i = 0; i < n; i++) X[i * d + j] = original[order[i]];
        values[r] = baseline - (await score());
        opts.progress?.(++done, total);
        if (opts.cancelled?.()) throw new CancelledError('Permutation importance was cancelled.');
      }
    } finally {
      for (let i = 0; i < n; i++) X[i * d + j] = original[i];
    }
    const mean = values.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / repeats);
    result.push({ feature: j, mean, std, values });
  }
  return { baseline, features: result };
}
