/**
 * Normalised Wasserstein (earth mover's) distance, as Evidently's default for large numeric columns:
 * scipy.stats.wasserstein_distance(reference, current) — ∫ |F_ref − F_cur| dx, one merge walk over
 * the sorted samples — divided by the reference's population standard deviation (numpy.std), so the
 * score reads in reference standard deviations. A constant reference (std 0) is divided by 0.001
 * instead (Evidently's floor): any change from a constant column then scores as drift unless it is
 * below 1e-4 in the column's own units. The raw distance is reported as the statistic.
 */
import type { DriftTest, DriftTestMeta } from '../types';
import { checkThreshold, numericValues, sortedValues, verdict } from './samples';

export const MIN_STD = 0.001;

/** W₁ between two sorted samples. */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length, n2 = b.length;
  let i = 0, j = 0, sum = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    if (i === n1 && j === n2) break;
    const next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    sum += Math.abs(i / n1 - j / n2) * (next - v);
  }
  return sum;
}

/** Population standard deviation (ddof = 0). */
export function populationStd(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) { const d = x[i] - mean; ss += d * d; }
  return Math.sqrt(ss / x.length);
}

const meta: DriftTestMeta = {
  id: 'wasserstein',
  label: 'Wasserstein distance (normalised)',
  kinds: ['numeric'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  help: 'Earth mover\'s distance between the two samples (SciPy wasserstein_distance) in reference standard deviations (std floored at 0.001 for a constant reference).',
};

export const wasserstein: DriftTest = {
  meta,
  run(reference, current, threshold) {
    checkThreshold(meta, threshold);
    const ref = numericValues(meta, reference, 'reference');
    const a = sortedValues(ref), b = sortedValues(numericValues(meta, current, 'current'));
    const w = wassersteinSorted(a, b);
    return verdict(meta, w / Math.max(populationStd(ref), MIN_STD), threshold, w);
  },
};
