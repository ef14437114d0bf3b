/** The radix sort behind every sorted sample equals Float64Array.prototype.sort. */
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../../src/lib/monitor/stats/sort';

function lcg(seed: number) {
  return () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };
}

describe('sortFloat64', () => {
  it.each([10, 5000, 100000])('matches the built-in sort on %i mixed values', (n) => {
    const r = lcg(n), x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      x[i] = u < 0.1 ? Math.round(r() * 10) - 5 : u < 0.15 ? (u < 0.125 ? -0 : 0) : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    }
    x[0] = Number.MAX_VALUE; x[1] = -Number.MAX_VALUE; x[2] = Number.MIN_VALUE; x[3] = -Number.MIN_VALUE;
    const got = sortFloat64(x), want = x.slice().sort();
    expect(got.length).toBe(n);
    for (let i = 0; i < n; i++) if (!Object.is(got[i], want[i])) expect.fail(`index ${i}: ${got[i]} vs ${want[i]}`);
  });

  it('leaves its input alone and handles constant arrays (every pass trivial)', () => {
    const x = new Float64Array(6000).fill(2.5);
    x[10] = 1;
    const copy = x.slice();
    const s = sortFloat64(x);
    expect(Array.from(x)).toEqual(Array.from(copy));
    expect(s[0]).toBe(1);
    expect(s[5999]).toBe(2.5);
    expect(Array.from(sortFloat64(new Float64Array(5000).fill(-3)).subarray(0, 3))).toEqual([-3, -3, -3]);
  });
});
