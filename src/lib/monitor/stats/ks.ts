/**
 * Two-sample Kolmogorov–Smirnov test, as scipy.stats.ks_2samp(reference, current, method='auto')
 * in SciPy 1.10: D = max |F_ref − F_cur| over the pooled values (one merge walk over the two sorted
 * samples, ties consumed together); the p-value is exact when both samples have ≤ 10,000 values
 * (D rounded to h/lcm(n₁, n₂), the statistic SciPy then reports), otherwise kstwo.sf(D, round(n₁n₂/(n₁+n₂)))
 * (numpy's round: halves to even). The exact p-value assumes continuous data (no tie correction), as SciPy's.
 */
import type { DriftTest, DriftTestMeta } from '../types';
import { exactKsPValue, gcd } from './ks-exact';
import { kolmognSf } from './kolmogorov';
import { checkThreshold, numericValues, sortedValues, verdict } from './samples';

const MAX_AUTO_N = 10000;

export interface KsResult { statistic: number; pValue: number; method: 'exact' | 'asymp' }

/** Round half to even (numpy.round). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** D, and for the exact method the integer max |i·n₂ − j·n₁| / gcd, of two sorted samples. */
export function ksStatistic(a: Float64Array, b: Float64Array): { d: number; h: number } {
  const n1 = a.length, n2 = b.length, g = gcd(n1, n2);
  let i = 0, j = 0, d = 0, h = 0;
  while (i < n1 && j < n2) {
    const v = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) { d = diff; h = Math.abs(i * (n2 / g) - j * (n1 / g)); }
  }
  // Past the end of one sample the difference only shrinks towards 0.
  return { d, h };
}

/** ks_2samp on two sorted samples. */
export function ks2sampSorted(a: Float64Array, b: Float64Array): KsResult {
  const n1 = a.length, n2 = b.length;
  const { d, h } = ksStatistic(a, b);
  if (Math.max(n1, n2) <= MAX_AUTO_N) {
    const lcm = (n1 / gcd(n1, n2)) * n2;
    const p = exactKsPValue(n1, n2, h);
    if (p !== null) return { statistic: h / lcm, pValue: Math.min(1, Math.max(0, p)), method: 'exact' };
    return { statistic: h / lcm, pValue: asymp(n1, n2, h / lcm), method: 'asymp' };
  }
  return { statistic: d, pValue: asymp(n1, n2, d), method: 'asymp' };
}

function asymp(n1: number, n2: number, d: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return Math.min(1, Math.max(0, kolmognSf(roundHalfEven(en), d)));
}

const meta: DriftTestMeta = {
  id: 'ks',
  label: 'Kolmogorov–Smirnov',
  kinds: ['numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  help: 'Largest gap between the two empirical CDFs (D); p-value as SciPy ks_2samp: exact up to 10,000 values per side, asymptotic above.',
};

export const ks: DriftTest = {
  meta,
  run(reference, current, threshold) {
    checkThreshold(meta, threshold);
    const a = sortedValues(numericValues(meta, reference, 'reference'));
    const b = sortedValues(numericValues(meta, current, 'current'));
    const r = ks2sampSorted(a, b);
    return verdict(meta, r.pValue, threshold, r.statistic);
  },
};
