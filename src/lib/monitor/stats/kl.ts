/**
 * Kullback–Leibler divergence of the current window from the reference, KL(cur ‖ ref) =
 * scipy.stats.entropy(cur, ref) (natural log), over the reference's bins with the small-count
 * correction (zero shares → 1e-4, renormalised) so it stays finite.
 */
import type { DriftTestMeta } from '../types';
import { binnedTest, normalised, relEntrSum } from './binned';
import { correctZeros } from './binning';

export const klScore = (reference: Float64Array, current: Float64Array): number =>
  relEntrSum(normalised(correctZeros(current)), normalised(correctZeros(reference)));

const meta: DriftTestMeta = {
  id: 'kl',
  label: 'Kullback–Leibler divergence',
  kinds: ['numeric', 'categorical', 'binary'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  help: 'KL(current ‖ reference) in nats (scipy.stats.entropy(cur, ref)) over bins fitted on the reference; zero shares set to 1e-4.',
};

export const kl = binnedTest(meta, klScore);
