/**
 * Kolmogorov–Smirnov pinned to SciPy 1.10: ks_2samp(method='auto') on the fixture pairs (exact and
 * asymptotic), the exact lattice-path p-values on a grid, kstwo.sf on a grid reaching every branch
 * of _kolmogn, and scipy.special.smirnov. All within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { exactKsPValue } from '../../../../src/lib/monitor/stats/ks-exact';
import { kolmognSf } from '../../../../src/lib/monitor/stats/kolmogorov';
import { ks, ks2sampSorted, roundHalfEven } from '../../../../src/lib/monitor/stats/ks';
import { smirnovSf } from '../../../../src/lib/monitor/stats/smirnov';
import { expectClose, numeric, ref } from './fixture';

const sorted = (v: number[]) => Float64Array.from(v).sort();

describe('ks_2samp on the fixture pairs', () => {
  it.each(ref.numeric.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const r = ks2sampSorted(sorted(c.ref), sorted(c.cur));
    expect(r.method).toBe(c.expect.ks.method);
    expectClose(r.statistic, c.expect.ks.statistic, 'D');
    expectClose(r.pValue, c.expect.ks.pvalue, 'p-value');
    const t = ks.run(numeric(c.ref), numeric(c.cur), 0.05);
    expect(t).toEqual({ method: 'ks', score: r.pValue, statistic: r.statistic, threshold: 0.05, drifted: r.pValue < 0.05 });
  });
});

describe('exact p-values (lattice paths)', () => {
  it.each(ref.ks_exact.map((c) => [`${c.n1} vs ${c.n2}, h=${c.h}`, c] as const))('%s', (_, c) => {
    const p = exactKsPValue(c.n1, c.n2, c.h);
    if (!c.success) expect(p).toBeNull();
    else expectClose(p!, c.p, 'p');
  });
});

describe('kstwo.sf (asymptotic p-values)', () => {
  it.each(ref.kstwo_sf.map((c) => [`n=${c.n} x=${c.x}`, c] as const))('%s', (_, c) => {
    expectClose(kolmognSf(c.n, c.x), c.sf, 'sf');
  });
});

describe('scipy.special.smirnov', () => {
  it.each(ref.smirnov.map((c) => [`n=${c.n} x=${c.x}`, c] as const))('%s', (_, c) => {
    expectClose(smirnovSf(c.n, c.x), c.sf, 'smirnov');
  });
});

describe('details', () => {
  it('rounds the effective size half to even, as numpy', () => {
    expect([0.5, 1.5, 2.5, 3.49, 3.5, 4.5].map(roundHalfEven)).toEqual([0, 2, 2, 3, 4, 4]);
  });

  it('ties are consumed together: identical samples give D = 0, p = 1', () => {
    const r = ks2sampSorted(sorted([1, 1, 2, 2, 3]), sorted([3, 2, 1, 2, 1]));
    expect(r).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
  });

  it('disjoint samples give D = 1', () => {
    const r = ks2sampSorted(sorted([1, 2, 3]), sorted([4, 5]));
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(0.2, 12); // 2 / C(5, 2)
  });

  it('refuses labels, non-finite numbers and empty samples with BAD_MONITOR', () => {
    expect(() => ks.run({ kind: 'categorical', values: ['a'] }, numeric([1]), 0.05)).toThrow(/takes numeric columns/);
    expect(() => ks.run(numeric([1, NaN]), numeric([1]), 0.05)).toThrow(/finite numbers/);
    expect(() => ks.run(numeric([]), numeric([1]), 0.05)).toThrow(/reference has none/);
    expect(() => ks.run(numeric([1]), numeric([1]), 1.5)).toThrow(/between 0 and 1/);
  });
});
