/**
 * Cramér–von Mises pinned to SciPy 1.10's cramervonmises_2samp(method='auto'): exact p-values for
 * ≤ 20 values per side, the asymptotic series (and the K_¼ Bessel function under it) above, midranks
 * for ties; within 1e-9 relative (asymptotic p-values below ~1e-5: 1e-14 absolute, see below).
 */
import { describe, expect, it } from 'vitest';
import { cdfCvmInf, cvm, cvm2sampSorted } from '../../../../src/lib/monitor/stats/cvm';
import { cvmExactPValue, pyFloorDiv } from '../../../../src/lib/monitor/stats/cvm-exact';
import { besselK } from '../../../../src/lib/monitor/stats/special';
import { expectClose, isError, numeric, ref } from './fixture';

const sorted = (v: number[]) => Float64Array.from(v).sort();

describe('cramervonmises_2samp on the fixture pairs', () => {
  it.each(ref.numeric.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const e = c.expect.cvm;
    if (isError(e)) {
      expect(() => cvm.run(numeric(c.ref), numeric(c.cur), 0.05)).toThrow(/at least 2 values on each side/);
      return;
    }
    const r = cvm2sampSorted(sorted(c.ref), sorted(c.cur));
    expect(r.method).toBe(Math.max(c.ref.length, c.cur.length) <= 20 ? 'exact' : 'asymptotic');
    expectClose(r.statistic, e.statistic, 'T');
    // SciPy's asymptotic p-value is 1 − (a series near 1): below ~1e-6 it carries SciPy's own rounding
    // (a few 1e-16 absolute, from AMOS's K_¼ and gammaln) that no other summation reproduces, so small
    // asymptotic p-values are compared within 1e-14 absolute; exact p-values and all others within 1e-9.
    expectClose(r.pValue, e.pvalue, 'p-value', 1e-9, r.method === 'asymptotic' ? 1e-14 : 1e-300);
    expect(cvm.run(numeric(c.ref), numeric(c.cur), 0.05)).toMatchObject({ method: 'cvm', score: r.pValue, statistic: r.statistic });
  });
});

describe('the limiting distribution', () => {
  it.each(ref.cvm_inf.map((c) => [c.x, c] as const))('cdf at %s', (_, c) => expectClose(cdfCvmInf(c.x), c.cdf, 'cdf'));
  it.each(ref.kv.map((c) => [`K_${c.nu}(${c.x})`, c] as const))('%s', (_, c) => expectClose(besselK(c.nu, c.x), c.kv, 'kv', 1e-12));
  it('scaled K is e^x·K', () => expectClose(besselK(0.25, 3, true), besselK(0.25, 3) * Math.exp(3), 'scaled', 1e-14));
});

describe('exact p-values', () => {
  it('are 1 at the smallest possible statistic and 2/C(n+m, n) at the largest, for 3 vs 2', () => {
    // U ranges over the 10 splits of 5 ranks; the most extreme split {1,2,3} | {4,5} has U = 3·Σ(0) + 2·Σ(3)² = 36.
    expect(cvmExactPValue(0, 3, 2)).toBe(1);
    expect(cvmExactPValue(36, 3, 2)).toBeCloseTo(0.2, 15);
  });
  it('floor-divides like Python', () => {
    expect([pyFloorDiv(7, 2), pyFloorDiv(-7, 2), pyFloorDiv(7.5, -2), pyFloorDiv(6, 3)]).toEqual([3, -4, -4, 2]);
  });
});
