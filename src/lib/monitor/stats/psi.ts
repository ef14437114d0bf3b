/**
 * Population Stability Index over the reference's bins (binning.ts): Σ (cᵢ − rᵢ)·ln(cᵢ/rᵢ) with
 * current shares c and reference shares r after the small-count correction (zero shares → 1e-4,
 * renormalised). Drift when PSI ≥ the threshold (0.1 by default: the usual "moderate shift" line;
 * 0.25 is the customary "major shift").
 */
import type { DriftTestMeta } from '../types';
import { binnedTest } from './binned';
import { correctZeros } from './binning';

export function psiScore(reference: Float64Array, current: Float64Array): number {
  const r = correctZeros(reference), c = correctZeros(current);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (c[i] - r[i]) * Math.log(c[i] / r[i]);
  return s;
}

const meta: DriftTestMeta = {
  id: 'psi',
  label: 'Population Stability Index',
  kinds: ['numeric', 'categorical', 'binary'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  help: 'Σ (cur − ref)·ln(cur/ref) over bins fitted on the reference (10 quantile bins + out-of-range bins, or categories + other); zero shares set to 1e-4. Drift at or above the threshold.',
};

export const psi = binnedTest(meta, psiScore);
