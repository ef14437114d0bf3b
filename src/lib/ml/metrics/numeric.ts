/**
 * Shared plumbing of the metric functions: the error class, input checks, and sums that
 * add in the same order as NumPy, so results match scikit-learn to the last bit or nearly.
 *
 * NumPy's `add.reduce` over a contiguous float64 array adds blocks of 8192 values in turn,
 * each block by pairwise summation (8 accumulators up to 128 values, halving above that).
 * `npSum` does the same; `np.cumsum`, `np.bincount` and reductions over k ≤ 7 classes are plain
 * left-to-right loops, which the callers write as such.
 */
import { BenchtopError } from '../../errors';

/** Why a metric could not be computed; `detail.reason` names the case (see MetricErrorReason). */
export type MetricErrorReason =
  | 'LENGTH_MISMATCH'
  | 'EMPTY'
  | 'BAD_LABEL'
  | 'BAD_VALUE'
  | 'ONE_CLASS'
  | 'MISSING_CLASS'
  | 'NOT_PROBABILITIES'
  | 'NOT_BINARY'
  | 'UNKNOWN_METRIC'
  | 'BAD_OPTION';

/** Bad input to a metric. Uses the generic input code (as SplitError does), the case is in `detail.reason`. */
export class MetricError extends BenchtopError {
  constructor(reason: MetricErrorReason, message: string, detail: Record<string, unknown> = {}) {
    super('BAD_SCHEMA', message, { reason, ...detail });
    this.name = 'MetricError';
  }
}

/** Numeric arrays accepted everywhere: typed arrays or plain arrays. */
export type Vec = ArrayLike<number>;

const BLOCK = 8192;

function pairwise(a: Vec, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p]; r1 += a[p + 1]; r2 += a[p + 2]; r3 += a[p + 3];
      r4 += a[p + 4]; r5 += a[p + 5]; r6 += a[p + 6]; r7 += a[p + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** Sum in NumPy's order (`np.sum` of a contiguous float64 array). */
export function npSum(a: Vec): number {
  let res = 0;
  for (let s = 0; s < a.length; s += BLOCK) res += pairwise(a, s, Math.min(BLOCK, a.length - s));
  return res;
}

/** `np.average(values, weights=weights)`: the mean, or Σ v·w / Σ w. */
export function npAverage(values: Vec, weights?: Vec): number {
  if (!weights) return npSum(values) / values.length;
  const prod = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) prod[i] = values[i] * weights[i];
  return npSum(prod) / npSum(weights);
}

/** Throws unless every array has `n` entries and there is at least one row. */
export function checkLengths(n: number, arrays: Record<string, Vec | undefined>): void {
  if (n === 0) throw new MetricError('EMPTY', 'No rows to score: the metric needs at least one row.');
  for (const [name, a] of Object.entries(arrays)) {
    if (a && a.length !== n) {
      throw new MetricError('LENGTH_MISMATCH', `${name} has ${a.length} entries but y_true has ${n}.`, { name, length: a.length, n });
    }
  }
}

/** Throws unless every value is finite (NaN or ±Infinity in a prediction is a model bug). */
export function checkFinite(name: string, a: Vec): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new MetricError('BAD_VALUE', `${name}[${i}] is ${a[i]}; metrics need finite numbers.`, { name, row: i });
  }
}

/** Throws unless every value is a class index 0..k-1. */
export function checkLabels(name: string, a: Vec, k: number): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new MetricError('BAD_LABEL', `${name}[${i}] is ${v}; class indices are 0..${k - 1}.`, { name, row: i, value: v, k });
    }
  }
}

/** The number of classes: one more than the largest index seen (at least 2). */
export function inferClassCount(...arrays: Vec[]): number {
  let max = 1;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  return max + 1;
}

/** Columns of an n × k row-major probability matrix; throws when its size is not n·k. */
export function probaColumns(proba: Vec, n: number, k?: number): number {
  const cols = k ?? proba.length / n;
  if (!Number.isInteger(cols) || cols < 2 || proba.length !== n * cols) {
    throw new MetricError('LENGTH_MISMATCH', `Probabilities hold ${proba.length} values; expected n × k = ${n} × ${k ?? 'k'} (k ≥ 2).`, { length: proba.length, n, k });
  }
  return cols;
}

/** Column c of an n × k row-major matrix. */
export function column(proba: Vec, n: number, k: number, c: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[i * k + c];
  return out;
}
