/**
 * Hellinger distance between the binned reference and current shares:
 * H = √(Σ (√rᵢ − √cᵢ)²) / √2, from 0 (identical) to 1 (disjoint), over the reference's bins (binning.ts);
 * raw shares, no correction needed.
 */
import type { DriftTestMeta } from '../types';
import { binnedTest } from './binned';

export function hellingerScore(reference: Float64Array, current: Float64Array): number {
  let s = 0;
  for (let i = 0; i < reference.length; i++) s += (Math.sqrt(reference[i]) - Math.sqrt(current[i])) ** 2;
  return Math.sqrt(s) / Math.SQRT2;
}

const meta: DriftTestMeta = {
  id: 'hellinger',
  label: 'Hellinger distance',
  kinds: ['numeric', 'categorical', 'binary'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  help: '√(Σ (√ref − √cur)²)/√2, 0 to 1, over bins fitted on the reference (10 quantile bins + out-of-range bins, or categories + other).',
};

export const hellinger = binnedTest(meta, hellingerScore);
