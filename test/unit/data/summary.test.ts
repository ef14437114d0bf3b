import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/split';
import { EXACT_DISTINCT, countDistinct, summarizeNumeric } from '../../../src/lib/data/summary';
import { quantileSorted } from '../../../src/lib/data/stats';

const seeded = mulberry32;

describe('countDistinct', () => {
  it('is exact up to the limit, with NaN ignored and -0 equal to 0', () => {
    expect(countDistinct(Float64Array.from([1, 1, 2, NaN, 0, -0, 3.5]))).toEqual({ count: 4, exact: true });
    const a = Float64Array.from({ length: EXACT_DISTINCT * 2 }, (_, i) => i % EXACT_DISTINCT);
    expect(countDistinct(a)).toEqual({ count: EXACT_DISTINCT, exact: true });
  });

  it('estimates larger cardinalities within 3%', () => {
    for (const distinct of [100_000, 400_000]) {
      const rand = seeded(distinct);
      const a = Float64Array.from({ length: 1_000_000 }, () => Math.floor(rand() * distinct) / 7);
      const truth = new Set(a).size;
      const got = countDistinct([a.subarray(0, 300_000), a.subarray(300_000)]);
      expect(got.exact).toBe(false);
      expect(Math.abs(got.count - truth) / truth).toBeLessThan(0.03);
    }
  });
});

describe('summarizeNumeric', () => {
  it('gives the exact quantiles of a sort, whole or in pieces', () => {
    const rand = seeded(3);
    const a = Float64Array.from({ length: 200_001 }, () => (rand() < 0.01 ? NaN : Math.exp(rand() * 10) - 50));
    const finite = a.filter((v) => !Number.isNaN(v)).sort();
    let min = Infinity, max = -Infinity;
    for (const v of finite) { if (v < min) min = v; if (v > max) max = v; }
    const want = [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantileSorted(finite, q));
    expect(summarizeNumeric(a, min, max, false).quantiles).toEqual(want);
    expect(summarizeNumeric([a.subarray(0, 77_777), a.subarray(77_777)], min, max, false).quantiles).toEqual(want);
    const h = summarizeNumeric(a, min, max, false).histogram;
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(finite.length);
  });
});
