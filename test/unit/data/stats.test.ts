import { describe, expect, it } from 'vitest';
import { emptyMoments, mergeChunkMoments } from '../../../src/lib/data/builder';
import { pearson, quantileSorted } from '../../../src/lib/data/stats';
import { summarizeNumeric } from '../../../src/lib/data/summary';
import { rng } from './helpers';

describe('quantileSorted', () => {
  it('interpolates linearly like numpy.quantile (default method)', () => {
    const v = [1, 2, 3, 4, 10];
    // numpy.quantile([1,2,3,4,10], [0, .05, .25, .5, .75, .95, 1]) = 1, 1.2, 2, 3, 4, 8.8, 10
    const got = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1].map((q) => quantileSorted(v, q));
    [1, 1.2, 2, 3, 4, 8.8, 10].forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('summarizeNumeric histogram', () => {
  const hist = (v: number[], integer: boolean) => {
    const a = Float64Array.from(v);
    const finite = v.filter(Number.isFinite);
    return summarizeNumeric(a, Math.min(...finite), Math.max(...finite), integer).histogram;
  };

  it('uses one bin per integer for narrow integer columns', () => {
    const h = hist([1, 1, 2, 4, 4, 4], true);
    expect(h.edges).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    expect(h.counts).toEqual([2, 1, 0, 3]);
  });

  it('uses equal-width bins that cover min to max and count every value', () => {
    const rand = rng(3);
    const v = Array.from({ length: 1000 }, () => rand() * 50 - 10);
    const h = hist(v, false);
    expect(h.counts).toHaveLength(30);
    expect(h.edges[0]).toBe(Math.min(...v));
    expect(h.edges[30]).toBe(Math.max(...v));
    expect(h.counts.reduce((x, y) => x + y, 0)).toBe(1000);
  });

  it('uses fewer bins for few distinct values, one bin for a constant, and skips infinities', () => {
    expect(hist([0.5, 0.5, 1.5], false).counts).toEqual([2, 1]);
    expect(hist([3, 3, 3], false)).toEqual({ edges: [2.5, 3.5], counts: [3] });
    expect(hist([-Infinity, 1, 2, Infinity], false).counts.reduce((x, y) => x + y, 0)).toBe(2);
  });
});

describe('pearson', () => {
  it('is 1 and -1 for exact linear relations and NaN for a constant', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5]);
    expect(pearson(x, Float64Array.from([2, 4, 6, 8, 10]))).toBeCloseTo(1, 14);
    expect(pearson(x, Float64Array.from([5, 4, 3, 2, 1]))).toBeCloseTo(-1, 14);
    expect(pearson(x, Float64Array.from([3, 3, 3, 3, 3]))).toBeNaN();
  });

  it('uses pairwise-complete rows (as pandas .corr)', () => {
    const x = Float64Array.from([1, 2, NaN, 4, 5, 6]);
    const y = Float64Array.from([2, 1, 7, NaN, 3, 5]);
    // pandas: pd.Series([1,2,None,4,5,6]).corr(pd.Series([2,1,7,None,3,5])) = 0.8609160647753271
    expect(pearson(x, y)).toBeCloseTo(0.8609160647753271, 12);
    expect(pearson(Float64Array.from([1, NaN]), Float64Array.from([NaN, 2]))).toBeNaN();
  });
});

describe('mergeChunkMoments', () => {
  it('merges chunks into the same mean and variance as one pass', () => {
    const rand = rng(11);
    const all = Float64Array.from({ length: 10_000 }, (_, i) => (i % 17 === 0 ? NaN : 1e6 + rand() * 10));
    const merged = emptyMoments();
    for (let s = 0; s < all.length; s += 777) mergeChunkMoments(merged, all.subarray(s, s + 777), Math.min(777, all.length - s));
    const present = Array.from(all).filter((v) => v === v);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    const m2 = present.reduce((a, b) => a + (b - mean) ** 2, 0);
    expect(merged.n).toBe(present.length);
    expect(merged.mean).toBeCloseTo(mean, 6);
    expect(merged.m2 / m2).toBeCloseTo(1, 9);
    expect(merged.min).toBe(Math.min(...present));
    expect(merged.max).toBe(Math.max(...present));
  });
});
