/**
 * Regression metrics, as scikit-learn 1.2's single-output functions with optional sample weights:
 * mean_absolute_error, mean_squared_error (squared and not), r2_score (force_finite=True) and
 * mean_absolute_percentage_error. Pinned by test/fixtures/metrics_reference.json.
 */
import { checkFinite, checkLengths, npAverage, npSum, type Vec } from './numeric';

function check(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): void {
  checkLengths(yTrue.length, { y_pred: yPred, sample_weight: sampleWeight });
  checkFinite('y_true', yTrue);
  checkFinite('y_pred', yPred);
  if (sampleWeight) checkFinite('sample_weight', sampleWeight);
}

/** Applies `f(true, pred)` row by row. */
function rowwise(yTrue: Vec, yPred: Vec, f: (t: number, p: number) => number): Float64Array {
  const out = new Float64Array(yTrue.length);
  for (let i = 0; i < out.length; i++) out[i] = f(yTrue[i], yPred[i]);
  return out;
}

/** Mean of |y_pred − y_true| (weighted by sample_weight). */
export function meanAbsoluteError(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  check(yTrue, yPred, sampleWeight);
  return npAverage(rowwise(yTrue, yPred, (t, p) => Math.abs(p - t)), sampleWeight);
}

/** Mean of (y_true − y_pred)². */
export function meanSquaredError(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  check(yTrue, yPred, sampleWeight);
  return npAverage(rowwise(yTrue, yPred, (t, p) => (t - p) * (t - p)), sampleWeight);
}

/** √MSE (scikit-learn's mean_squared_error(squared=False)). */
export function rootMeanSquaredError(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred, sampleWeight));
}

/**
 * Mean of |y_pred − y_true| / max(|y_true|, ε) with ε = 2.22e-16 (machine epsilon), as a fraction
 * (0.1 = 10 %). A true value of 0 gives a huge term, exactly as scikit-learn does.
 */
export function meanAbsolutePercentageError(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  check(yTrue, yPred, sampleWeight);
  const eps = Number.EPSILON;
  return npAverage(rowwise(yTrue, yPred, (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), eps)), sampleWeight);
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot. As scikit-learn (force_finite=True): NaN for
 * fewer than two rows; when y_true is constant (SS_tot = 0) 1.0 for a perfect fit, else 0.0.
 */
export function r2Score(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  check(yTrue, yPred, sampleWeight);
  const n = yTrue.length;
  if (n < 2) return NaN;
  const w = sampleWeight;
  const res = rowwise(yTrue, yPred, (t, p) => (t - p) * (t - p));
  if (w) for (let i = 0; i < n; i++) res[i] = w[i] * res[i];
  const mean = npAverage(yTrue, w);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) tot[i] = (w ? w[i] : 1) * ((yTrue[i] - mean) * (yTrue[i] - mean));
  const numerator = npSum(res);
  const denominator = npSum(tot);
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/** Points of the predicted-vs-actual and residual plots, subsampled to at most `maxPoints` rows. */
export interface RegressionPlotData {
  /** Row indices shown, ascending. */
  rows: Int32Array;
  actual: Float64Array;
  predicted: Float64Array;
  /** actual − predicted. */
  residual: Float64Array;
  /** Common axis range of actual and predicted over all rows (the y = x line spans it). */
  min: number;
  max: number;
}

/**
 * Data for the predicted-vs-actual and residual plots. Above `maxPoints` rows an even stride of
 * rows is shown (deterministic, keeps the spread of the data); min/max cover every row.
 */
export function regressionPlotData(yTrue: Vec, yPred: Vec, maxPoints = 2000): RegressionPlotData {
  check(yTrue, yPred);
  const n = yTrue.length;
  const m = Math.min(n, Math.max(1, Math.floor(maxPoints)));
  const rows = new Int32Array(m);
  for (let j = 0; j < m; j++) rows[j] = Math.floor((j * n) / m);
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, yTrue[i], yPred[i]);
    max = Math.max(max, yTrue[i], yPred[i]);
  }
  const pick = (a: Vec): Float64Array => Float64Array.from(rows, (r) => a[r]);
  const actual = pick(yTrue), predicted = pick(yPred);
  return { rows, actual, predicted, residual: actual.map((a, j) => a - predicted[j]), min, max };
}
