/**
 * Jensen–Shannon DISTANCE (the square root of the divergence), as
 * scipy.spatial.distance.jensenshannon(ref, cur) with SciPy's default natural log (base e), as
 * Evidently uses it: 0 for identical shares, at most √ln 2 ≈ 0.833. Raw shares over the reference's
 * bins (binning.ts): the mixture m = (p + q)/2 is never 0 where p or q is not, so no correction is needed.
 */
import type { DriftTestMeta } from '../types';
import { binnedTest, normalised, relEntrSum } from './binned';

export function jsScore(reference: Float64Array, current: Float64Array): number {
  const p = normalised(reference), q = normalised(current);
  const m = p.map((x, i) => (x + q[i]) / 2);
  return Math.sqrt((relEntrSum(p, m) + relEntrSum(q, m)) / 2);
}

const meta: DriftTestMeta = {
  id: 'jensenshannon',
  label: 'Jensen–Shannon distance',
  kinds: ['numeric', 'categorical', 'binary'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  help: 'Square root of the Jensen–Shannon divergence (natural log, SciPy jensenshannon), 0 to 0.833, over bins fitted on the reference (10 quantile bins + out-of-range bins, or categories + other).',
};

export const jensenshannon = binnedTest(meta, jsScore);
