/**
 * Normalised Wasserstein distance: scipy.stats.wasserstein_distance(ref, cur) / numpy.std(ref)
 * (the std floored at 0.001 for a constant reference, Evidently's rule); within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { MIN_STD, populationStd, wasserstein, wassersteinSorted } from '../../../../src/lib/monitor/stats/wasserstein';
import { expectClose, numeric, ref } from './fixture';

const sorted = (v: number[]) => Float64Array.from(v).sort();

describe('wasserstein_distance on the fixture pairs', () => {
  it.each(ref.numeric.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expectClose(wassersteinSorted(sorted(c.ref), sorted(c.cur)), c.expect.wasserstein, 'W1', 1e-9, 1e-15);
    expectClose(populationStd(Float64Array.from(c.ref)), c.expect.ref_std, 'std', 1e-9, 1e-15);
    const r = wasserstein.run(numeric(c.ref), numeric(c.cur), 0.1);
    const norm = Math.max(c.expect.ref_std, MIN_STD);
    expectClose(r.score, c.expect.wasserstein / norm, 'normalised', 1e-9, 1e-15);
    expect(r.drifted).toBe(r.score > 0.1);
    expectClose(r.statistic!, c.expect.wasserstein, 'statistic', 1e-9, 1e-15);
  });
});

describe('details', () => {
  it('is symmetric and zero for identical samples', () => {
    const a = sorted([1, 5, 2, 2]), b = sorted([3, 3, 9]);
    expect(wassersteinSorted(a, b)).toBeCloseTo(wassersteinSorted(b, a), 15);
    expect(wassersteinSorted(a, a)).toBe(0);
  });
  it('a constant reference divides by 0.001', () => {
    const r = wasserstein.run(numeric([5, 5, 5]), numeric([5.0002, 5.0002]), 0.1);
    expect(r.score).toBeCloseTo(0.2, 9);
    expect(r.drifted).toBe(true);
  });
});
