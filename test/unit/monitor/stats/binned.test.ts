/**
 * Binning fitted on the reference (the fixture script reimplements binning.ts with NumPy: quantile
 * edges by numpy.quantile, counts by numpy.histogram plus out-of-range bins, value/category bins plus
 * '(other)') and the binned scores pinned to SciPy: PSI and KL = scipy.stats.entropy(cur, ref) with
 * zero shares → 1e-4 renormalised, Jensen–Shannon = scipy.spatial.distance.jensenshannon (base e),
 * Hellinger; within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { binCounts, binLabels, binnedCounts, correctZeros, fitBins, quantileLinear } from '../../../../src/lib/monitor/stats/binning';
import { hellinger } from '../../../../src/lib/monitor/stats/hellinger';
import { jensenshannon } from '../../../../src/lib/monitor/stats/jensenshannon';
import { kl } from '../../../../src/lib/monitor/stats/kl';
import { psi } from '../../../../src/lib/monitor/stats/psi';
import { sortedValues } from '../../../../src/lib/monitor/stats/samples';
import type { DriftSample } from '../../../../src/lib/monitor/types';
import { expectClose, labels, numeric, ref, type BinnedExpect } from './fixture';

function checkBinned(r: DriftSample, c: DriftSample, e: BinnedExpect) {
  const b = fitBins(r);
  if (b.kind === 'edges') expect(Array.from(b.edges)).toEqual(e.bins.kind === 'edges' ? e.bins.edges : null);
  else if (b.kind === 'values') expect(Array.from(b.values)).toEqual(e.bins.kind === 'values' ? e.bins.values : null);
  else expect(b.categories).toEqual(e.bins.kind === 'categories' ? e.bins.categories : null);
  expect(Array.from(binCounts(b, r))).toEqual(e.ref_counts);
  expect(Array.from(binCounts(b, c))).toEqual(e.cur_counts);
  for (const [test, want] of [[psi, e.psi], [kl, e.kl], [jensenshannon, e.js], [hellinger, e.hellinger]] as const) {
    const out = test.run(r, c, 0.1);
    expectClose(out.score, want, test.meta.id, 1e-9, 1e-15);
    expect(out.drifted).toBe(test.meta.id === 'psi' ? out.score >= 0.1 : out.score > 0.1);
  }
}

describe('numeric pairs', () => {
  it.each(ref.numeric.map((c) => [c.name, c] as const))('%s', (_, c) => checkBinned(numeric(c.ref), numeric(c.cur), c.expect.binned));
});

describe('categorical pairs', () => {
  it.each(ref.categorical.map((c) => [c.name, c] as const))('%s', (_, c) => checkBinned(labels(c.ref), labels(c.cur), c.expect.binned));
});

describe('bins', () => {
  it('counts the same with and without a sorted copy of the sample', () => {
    const c = ref.numeric.find((x) => x.name.startsWith('uniform vs out of range'))!;
    const b = fitBins(numeric(c.ref));
    const plain = numeric(c.cur), sorted = numeric(c.cur);
    sortedValues(sorted.values as Float64Array);
    expect(Array.from(binCounts(b, sorted))).toEqual(Array.from(binCounts(b, plain)));
  });

  it('depend on the reference only: the same current values score the same whatever else the window holds', () => {
    const r = numeric(Array.from({ length: 200 }, (_, i) => i));
    const small = binnedCounts(r, numeric([10, 20, 30])), wide = binnedCounts(r, numeric([10, 20, 30, -1e9, 1e9]));
    expect(Array.from(small.bins.kind === 'edges' ? small.bins.edges : [])).toEqual(Array.from(wide.bins.kind === 'edges' ? wide.bins.edges : []));
    expect(wide.current[0]).toBe(1); // underflow
    expect(wide.current[wide.current.length - 1]).toBe(1); // overflow
  });

  it('label numeric bins, value bins and categories', () => {
    expect(binLabels({ kind: 'edges', edges: Float64Array.of(0, 1.5, 3) })).toEqual(['< 0', '[0, 1.5)', '[1.5, 3]', '> 3']);
    expect(binLabels({ kind: 'values', values: Float64Array.of(1, 2) })).toEqual(['1', '2', '(other)']);
    expect(binLabels(fitBins(labels(['b', 'a', 'b'])))).toEqual(['b', 'a', '(other)']);
  });

  it('uniform strategy: numpy.histogram_bin_edges over the reference range', () => {
    const r = numeric(Array.from({ length: 21 }, (_, i) => i * 0.5));
    const b = fitBins(r, { strategy: 'uniform' });
    expect(b.kind === 'edges' && Array.from(b.edges)).toEqual(Array.from({ length: 11 }, (_, j) => j * 1));
  });

  it('quantiles interpolate as numpy (linear, b − (b − a)(1 − t) when t ≥ 0.5)', () => {
    const s = Float64Array.of(1, 2, 4, 8);
    // numpy.quantile([1, 2, 4, 8], 0.9) is 6.800000000000001, not 6.8: the t ≥ 0.5 form of its _lerp.
    expect([0, 0.25, 0.5, 0.9, 1].map((q) => quantileLinear(s, q))).toEqual([1, 1.75, 3, 6.800000000000001, 8]);
  });

  it('zero shares become 1e-4 and the vector sums to 1', () => {
    const z = correctZeros(Float64Array.of(0.5, 0.5, 0));
    expect(z[2]).toBeCloseTo(1e-4 / 1.0001, 15);
    expect(z.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 15);
  });

  it('refuses a numeric reference with a categorical window', () => {
    expect(() => psi.run(numeric([1, 2]), labels(['a']), 0.1)).toThrow(/both sides must be numbers or both labels/);
  });
});
