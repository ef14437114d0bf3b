/**
 * Categorical tests pinned to SciPy 1.10: chisquare over the union of categories (the reference's
 * missing categories get a pseudo-count of 0.5), the two-proportion Z-test (2·norm.sf(|z|)), and the
 * special functions behind them (chi2.sf, norm.sf); within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { chiSquare, chiSquareTable, chisquare, UNSEEN_PSEUDO_COUNT } from '../../../../src/lib/monitor/stats/chisquare';
import { chi2Sf, normSf } from '../../../../src/lib/monitor/stats/special';
import { z, zTest } from '../../../../src/lib/monitor/stats/z';
import { expectClose, labels, ref } from './fixture';

describe.each(ref.categorical.map((c) => [c.name, c] as const))('%s', (_, c) => {
  it('chi-square table and test', () => {
    const t = chiSquareTable(c.ref, c.cur);
    expect(t.categories).toEqual(c.expect.categories);
    expect(Array.from(t.observed)).toEqual(c.expect.observed);
    t.expected.forEach((e, i) => expectClose(e, c.expect.expected[i], `expected[${i}]`, 1e-12));
    const r = chiSquare(t);
    expectClose(r.statistic, c.expect.chisquare.statistic, 'statistic', 1e-9, 1e-12);
    expectClose(r.pValue, c.expect.chisquare.pvalue, 'p-value');
    expect(chisquare.run(labels(c.ref), labels(c.cur), 0.05)).toMatchObject({ method: 'chisquare', score: r.pValue, drifted: r.pValue < 0.05 });
  });

});

describe.each(ref.categorical.filter((c) => c.expect.z).map((c) => [c.name, c] as const))('Z-test: %s', (_, c) => {
  it('statistic and p-value', () => {
    const e = c.expect.z!;
    const r = zTest(c.ref, c.cur);
    expect(r.positive).toBe(e.positive);
    expectClose(r.statistic, e.statistic, 'z', 1e-9, 1e-15);
    expectClose(r.pValue, e.pvalue, 'p-value');
    expect(z.run(labels(c.ref, 'binary'), labels(c.cur, 'binary'), 0.05)).toMatchObject({ method: 'z', score: r.pValue });
  });
});

describe('special functions', () => {
  it.each(ref.chi2_sf.map((c) => [`df=${c.df} x=${c.x}`, c] as const))('chi2.sf %s', (_, c) => expectClose(chi2Sf(c.x, c.df), c.sf, 'sf'));
  it.each(ref.norm_sf.map((c) => [c.x, c] as const))('norm.sf(%s)', (_, c) => expectClose(normSf(c.x), c.sf, 'sf', 1e-13));
});

describe('rules', () => {
  it('an unseen category weighs as 0.5 reference counts', () => {
    const t = chiSquareTable(['a', 'a', 'b'], ['a', 'c']);
    expect(t.categories).toEqual(['a', 'b', 'c']);
    expect(Array.from(t.expected)).toEqual([2, 1, UNSEEN_PSEUDO_COUNT].map((x) => (x / 3.5) * 2));
  });
  it('the Z-test refuses more than two labels, and a binary-only test refuses categorical samples', () => {
    expect(() => zTest(['a', 'b'], ['c'])).toThrow(/holds 3 labels/);
    expect(() => z.run(labels(['a']), labels(['a']), 0.05)).toThrow(/takes binary columns/);
  });
  it('a numeric sample is refused by chi-square (the monitor passes labels)', () => {
    expect(() => chisquare.run({ kind: 'numeric', values: Float64Array.of(1) }, labels(['1']), 0.05)).toThrow(/categorical or binary/);
  });
});
