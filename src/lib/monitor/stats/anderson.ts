/**
 * k-sample Anderson–Darling test for two samples, as scipy.stats.anderson_ksamp([reference, current])
 * in SciPy 1.10 (midrank=True): A²akN of Scholz & Stephens (1987, eq. 7) over the distinct pooled
 * values (one merge walk), standardised to A² = (A²akN − 1)/σ. Its significance level is SciPy's:
 * the log of the levels 0.25 … 0.001 fitted by a quadratic in the critical values (Table 2 of
 * Scholz & Stephens) and evaluated at A², CAPPED at 0.25 and FLOORED at 0.001 outside the table,
 * so the score never leaves [0.001, 0.25]. A pooled sample of one repeated value (SciPy raises), or
 * of fewer than 4 values, scores 0.25 (no evidence of drift) without a statistic.
 */
import type { DriftTest, DriftTestMeta } from '../types';
import { checkThreshold, numericValues, sortedValues, verdict } from './samples';

const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
/** Critical values for k = 2 samples (m = k − 1 = 1). */
export const CRITICAL = B0.map((b, i) => b + B1[i] / Math.sqrt(1) + B2[i] / 1);

/** Least-squares quadratic through (x, y) (numpy.polyfit(x, y, 2)) by Householder QR: [c2, c1, c0]. */
function quadFit(x: readonly number[], y: readonly number[]): number[] {
  const n = x.length, A = x.map((v) => [v * v, v, 1]), r = [...y];
  for (let c = 0; c < 3; c++) {
    let norm = 0;
    for (let i = c; i < n; i++) norm += A[i][c] ** 2;
    norm = Math.sqrt(norm) * (A[c][c] > 0 ? -1 : 1);
    const v = A.map((row, i) => (i < c ? 0 : row[c] - (i === c ? norm : 0)));
    const vv = v.reduce((s, t) => s + t * t, 0);
    const reflect = (col: (i: number) => number, set: (i: number, val: number) => void) => {
      let dot = 0;
      for (let i = c; i < n; i++) dot += v[i] * col(i);
      for (let i = c; i < n; i++) set(i, col(i) - (2 * dot * v[i]) / vv);
    };
    for (let k = c; k < 3; k++) reflect((i) => A[i][k], (i, val) => { A[i][k] = val; });
    reflect((i) => r[i], (i, val) => { r[i] = val; });
  }
  const coef = [0, 0, 0];
  for (let c = 2; c >= 0; c--) {
    let s = r[c];
    for (let k = c + 1; k < 3; k++) s -= A[c][k] * coef[k];
    coef[c] = s / A[c][c];
  }
  return coef;
}
const FIT = quadFit(CRITICAL, SIG.map(Math.log));

/** Significance level of A² (SciPy's interpolation, capped to [0.001, 0.25]). */
export function andersonSignificance(a2: number): number {
  if (a2 < Math.min(...CRITICAL)) return 0.25;
  if (a2 > Math.max(...CRITICAL)) return 0.001;
  return Math.exp((FIT[0] * a2 + FIT[1]) * a2 + FIT[2]);
}

/** A² of two sorted samples, or null when the pooled sample has a single distinct value. */
export function andersonStatistic(a: Float64Array, b: Float64Array): number | null {
  const n1 = a.length, n2 = b.length, N = n1 + n2;
  let i = 0, j = 0, sum1 = 0, sum2 = 0, distinct = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    let f1 = 0, f2 = 0;
    while (i + f1 < n1 && a[i + f1] === v) f1++;
    while (j + f2 < n2 && b[j + f2] === v) f2++;
    const lj = f1 + f2, Bj = i + j + lj / 2;
    const M1 = i + f1 - f1 / 2, M2 = j + f2 - f2 / 2;
    const den = Bj * (N - Bj) - (N * lj) / 4;
    sum1 += ((lj / N) * (N * M1 - Bj * n1) ** 2) / den;
    sum2 += ((lj / N) * (N * M2 - Bj * n2) ** 2) / den;
    i += f1;
    j += f2;
    distinct++;
  }
  if (distinct < 2 || N < 4) return null; // SciPy raises (one value) or divides by N − 3 = 0
  const A2kN = ((sum1 / n1 + sum2 / n2) * (N - 1)) / N;
  const k = 2, H = 1 / n1 + 1 / n2;
  // h = Σ_{i<N} 1/i; g = Σ_{i ≤ N−2} Σ_{j > i} 1/((N − i)·j), as SciPy's cumulative sums.
  let hs = 0, g = 0;
  for (let t = 0; t < N - 2; t++) { hs += 1 / (N - 1 - t); g += hs / (t + 2); }
  const h = hs + 1;
  const A = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const B = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const C = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const D = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (A * N ** 3 + B * N ** 2 + C * N + D) / ((N - 1) * (N - 2) * (N - 3));
  return (A2kN - (k - 1)) / Math.sqrt(sigmasq);
}

const meta: DriftTestMeta = {
  id: 'anderson',
  label: 'Anderson–Darling',
  kinds: ['numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  help: 'k-sample Anderson–Darling A² (tail-weighted CDF gap); significance as SciPy anderson_ksamp, capped to 0.001–0.25 (0.25 means "larger than 0.25", 0.001 "smaller than 0.001").',
};

export const anderson: DriftTest = {
  meta,
  run(reference, current, threshold) {
    checkThreshold(meta, threshold);
    const a = sortedValues(numericValues(meta, reference, 'reference'));
    const b = sortedValues(numericValues(meta, current, 'current'));
    const a2 = andersonStatistic(a, b);
    return a2 === null ? verdict(meta, 0.25, threshold) : verdict(meta, andersonSignificance(a2), threshold, a2);
  },
};
