/**
 * Two-sample Cramér–von Mises test, as scipy.stats.cramervonmises_2samp(reference, current,
 * method='auto') in SciPy 1.10: midranks in the pooled sample (one merge walk over the sorted
 * samples), U = n·Σ(r_i − i)² + m·Σ(s_j − j)², T = U/(nm(n+m)) − (4nm − 1)/(6(n+m)); the p-value is
 * exact when both samples have ≤ 20 values (cvm-exact.ts), otherwise from the limiting distribution
 * of the normalised statistic (Csörgő & Faraway's series, summed while terms are ≥ 1e-7, as SciPy).
 * Needs at least 2 values on each side (SciPy raises below that; so does this test).
 */
import { BenchtopError } from '../../errors';
import type { DriftTest, DriftTestMeta } from '../types';
import { cvmExactPValue } from './cvm-exact';
import { besselK, lgamma } from './special';
import { checkThreshold, numericValues, sortedValues, verdict } from './samples';

/** U of two sorted samples (midranks for ties). */
export function cvmU(a: Float64Array, b: Float64Array): number {
  const nx = a.length, ny = b.length;
  let i = 0, j = 0, sx = 0, sy = 0;
  while (i < nx || j < ny) {
    const v = j >= ny || (i < nx && a[i] <= b[j]) ? a[i] : b[j];
    let ci = 0, cj = 0;
    while (i + ci < nx && a[i + ci] === v) ci++;
    while (j + cj < ny && b[j + cj] === v) cj++;
    const rank = i + j + (ci + cj + 1) / 2; // midrank of the tie group (1-based)
    for (let k = 1; k <= ci; k++) { const e = rank - (i + k); sx += e * e; }
    for (let k = 1; k <= cj; k++) { const e = rank - (j + k); sy += e * e; }
    i += ci;
    j += cj;
  }
  return nx * sx + ny * sy;
}

/** CDF of the limiting Cramér–von Mises distribution (SciPy's _cdf_cvm_inf). */
export function cdfCvmInf(x: number): number {
  let tot = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(lgamma(k + 0.5) - lgamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1, q = (y * y) / (16 * x);
    // e^(−q)·K_¼(q) formed as one integral, so neither factor under- or overflows alone.
    const z = u * Math.sqrt(y) * Math.exp(-2 * q) * besselK(0.25, q, true);
    tot += z;
    if (!(Math.abs(z) >= 1e-7)) break;
  }
  return tot;
}

export interface CvmResult { statistic: number; pValue: number; method: 'exact' | 'asymptotic' }

export function cvm2sampSorted(a: Float64Array, b: Float64Array): CvmResult {
  const nx = a.length, ny = b.length;
  const u = cvmU(a, b);
  const k = nx * ny, N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= 20) return { statistic: t, pValue: cvmExactPValue(u, nx, ny), method: 'exact' };
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  const p = tn < 0.003 ? 1 : Math.max(0, 1 - cdfCvmInf(tn));
  return { statistic: t, pValue: p, method: 'asymptotic' };
}

const meta: DriftTestMeta = {
  id: 'cvm',
  label: 'Cramér–von Mises',
  kinds: ['numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  help: 'Integrated squared gap between the two empirical CDFs; p-value as SciPy cramervonmises_2samp: exact up to 20 values per side, asymptotic above. Needs 2 or more values per side.',
};

export const cvm: DriftTest = {
  meta,
  run(reference, current, threshold) {
    checkThreshold(meta, threshold);
    const a = sortedValues(numericValues(meta, reference, 'reference'));
    const b = sortedValues(numericValues(meta, current, 'current'));
    if (a.length < 2 || b.length < 2) {
      throw new BenchtopError('BAD_MONITOR', `The Cramér–von Mises test needs at least 2 values on each side (reference ${a.length}, current window ${b.length}); use a longer window or another test.`, { method: 'cvm', reference: a.length, current: b.length });
    }
    const r = cvm2sampSorted(a, b);
    return verdict(meta, r.pValue, threshold, r.statistic);
  },
};
