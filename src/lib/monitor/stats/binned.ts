/**
 * The shape every binned drift score shares (PSI, KL, Jensen–Shannon, Hellinger): both samples
 * counted in the reference's bins (binning.ts), turned into shares, scored by the test's function.
 */
import type { DriftTest, DriftTestMeta } from '../types';
import { binnedCounts, shares } from './binning';
import { checkPair, checkThreshold, numericValues, verdict } from './samples';

/** score(referenceShares, currentShares) → distance. */
export type BinnedScore = (reference: Float64Array, current: Float64Array) => number;

export function binnedTest(meta: DriftTestMeta, score: BinnedScore): DriftTest {
  return {
    meta,
    run(reference, current, threshold) {
      checkThreshold(meta, threshold);
      checkPair(meta, reference, current);
      if (reference.kind === 'numeric') {
        numericValues(meta, reference, 'reference');
        numericValues(meta, current, 'current');
      }
      const b = binnedCounts(reference, current);
      return verdict(meta, score(shares(b.reference), shares(b.current)), threshold);
    },
  };
}

/** Σ x·log(x/y) with SciPy's rel_entr conventions (0 when x = 0; ∞ when y = 0 < x). */
export function relEntrSum(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const x = p[i], y = q[i];
    if (x > 0 && y > 0) s += x * Math.log(x / y);
    else if (x > 0) return Infinity;
  }
  return s;
}

/** The vector divided by its sum (as scipy's entropy and jensenshannon do first). */
export function normalised(p: Float64Array): Float64Array {
  let sum = 0;
  for (const x of p) sum += x;
  return p.map((x) => x / sum);
}
