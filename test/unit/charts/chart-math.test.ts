/**
 * The comparison charts' numeric helpers: quartiles pinned to numpy.percentile's default (linear)
 * interpolation, Tukey whiskers and outliers, TensorBoard's debiased EMA, min-max decimation,
 * seeded jitter, nearest-x lookup and x alignment.
 */
import { describe, expect, it } from 'vitest';
import { alignSeries, decimate, decimateIndices, emaSmooth, durationUnit, hashString, jitter, nearestIndex, quantileLinear, toNumber, truncate, tukey } from '../../../src/components/charts/chart-math';

describe('quantileLinear', () => {
  // numpy: np.quantile(np.sort([0.3, 0.9, 0.1, 0.5, 0.45]), p)
  const sorted = [0.1, 0.3, 0.45, 0.5, 0.9];
  it.each([[0, 0.1], [0.1, 0.18], [0.33, 0.348], [0.9, 0.74], [1, 0.9]])('p = %f gives numpy\'s %f', (p, want) => {
    expect(quantileLinear(sorted, p)).toBeCloseTo(want, 12);
  });
  it('is NaN for no values', () => expect(quantileLinear([], 0.5)).toBeNaN());
});

describe('tukey', () => {
  // numpy: np.percentile(x, [25, 50, 75])
  it.each([
    [[1, 2, 3, 4], [1.75, 2.5, 3.25]],
    [[7, 1, 3], [2, 3, 5]],
    [[5], [5, 5, 5]],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 100], [3.25, 5.5, 7.75]],
    [[0.5, -2, 3.25, 10, 11, 12, -40, 2.5, 2.5], [0.5, 2.5, 10]],
  ])('quartiles of %j match numpy', (values, [q1, median, q3]) => {
    const t = tukey(values)!;
    expect(t.q1).toBeCloseTo(q1, 12);
    expect(t.median).toBeCloseTo(median, 12);
    expect(t.q3).toBeCloseTo(q3, 12);
  });
  it('puts whiskers at the most extreme values within 1.5 IQR and the rest in outliers', () => {
    // q1 3.25, q3 7.75: fences −3.5 and 14.5.
    const a = tukey([1, 2, 3, 4, 5, 6, 7, 8, 9, 100])!;
    expect([a.lo, a.hi, a.min, a.max, a.n]).toEqual([1, 9, 1, 100, 10]);
    expect(a.outliers).toEqual([100]);
    // q1 0.5, q3 10: fences −13.75 and 24.25.
    const b = tukey([0.5, -2, 3.25, 10, 11, 12, -40, 2.5, 2.5])!;
    expect([b.lo, b.hi]).toEqual([-2, 12]);
    expect(b.outliers).toEqual([-40]);
  });
  it('ignores non-finite values and is null without any', () => {
    expect(tukey([NaN, 2, Infinity, 4])!.n).toBe(2);
    expect(tukey([NaN])).toBeNull();
  });
});

describe('emaSmooth', () => {
  it('matches TensorBoard\'s debiased EMA', () => {
    // last = last·w + (1 − w)·v; smoothed = last / (1 − w^k), w = 0.6
    const want = [1.0, 0.6875, 0.7448979591836735, 0.4944852941176471, 0.41013185287994447, 0.2800080558539205];
    emaSmooth([1, 0.5, 0.8, 0.2, 0.3, 0.1], 0.6).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });
  it('is the identity at weight 0 and for a constant series, and passes non-finite values through', () => {
    expect(emaSmooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(emaSmooth([2, 2, 2], 0.9)).toEqual([2, 2, 2]);
    const s = emaSmooth([1, NaN, 3], 0.5);
    expect(s[1]).toBeNaN();
    // The NaN does not count: the third value is the second finite one (k = 2).
    expect(s[2]).toBeCloseTo((0.5 * 0.5 + 0.5 * 3) / (1 - 0.25), 12);
  });
});

describe('decimate', () => {
  const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i === 4321 ? 9 : 0) - (i === 777 ? 7 : 0));
  it('keeps at most max points, the first, the last and the extremes, in order', () => {
    const idx = decimateIndices(values, 1000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(values.length - 1);
    expect(idx).toContain(4321);
    expect(idx).toContain(777);
    expect(idx.every((v, i) => i === 0 || v > idx[i - 1])).toBe(true);
  });
  it('keeps every bucket\'s min and max, so the drawn range equals the full range', () => {
    const kept = decimateIndices(values, 200).map((i) => values[i]);
    expect(Math.max(...kept)).toBe(Math.max(...values));
    expect(Math.min(...kept)).toBe(Math.min(...values));
  });
  it('returns short series whole and keeps a gap', () => {
    expect(decimate([{ v: 1 }, { v: 2 }], 10, (p) => p.v)).toEqual([{ v: 1 }, { v: 2 }]);
    const withGap = values.map((v, i) => (i === 5000 ? NaN : v));
    expect(decimateIndices(withGap, 100)).toContain(5000);
  });
});

describe('helpers', () => {
  it('jitter is seeded: the same offsets every time, within ±0.5', () => {
    const a = jitter(50, hashString('rf'));
    expect(jitter(50, hashString('rf'))).toEqual(a);
    expect(jitter(50, hashString('mlp'))).not.toEqual(a);
    expect(a.every((v) => v >= -0.5 && v < 0.5)).toBe(true);
  });
  it('nearestIndex finds the nearest x', () => {
    const xs = [0, 10, 20, 30];
    expect([-5, 4, 5, 6, 29, 99].map((x) => nearestIndex(xs, x))).toEqual([0, 0, 0, 1, 3, 3]);
    expect(nearestIndex([], 1)).toBe(-1);
  });
  it('alignSeries orders by step, wall time or seconds since the first point', () => {
    const pts = [{ step: 2, time: 5000, value: 3 }, { step: 1, time: 3000, value: 2 }, { step: 0, time: 1000, value: 1 }];
    expect(alignSeries(pts, 'step')).toEqual({ x: [0, 1, 2], step: [0, 1, 2], value: [1, 2, 3] });
    expect(alignSeries(pts, 'time').x).toEqual([1000, 3000, 5000]);
    expect(alignSeries(pts, 'relative').x).toEqual([0, 2, 4]);
    expect(alignSeries([...pts].reverse(), 'step')).toEqual({ x: [0, 1, 2], step: [0, 1, 2], value: [1, 2, 3] });
  });
  it('durationUnit picks seconds, minutes or hours for an axis span', () => {
    expect([0, 119, 120, 7199, 7200].map((s) => durationUnit(s).suffix)).toEqual(['s', 's', 'min', 'min', 'h']);
  });
  it('toNumber reads numbers and numeric strings, and nothing else', () => {
    expect([3, '0.01', ' 1e-3 ', '', 'adam', null, NaN, Infinity].map(toNumber)).toEqual([3, 0.01, 0.001, null, null, null, null, null]);
  });
  it('truncate adds an ellipsis only when needed', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a long group name', 8)).toBe('a long …');
  });
});
