import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../src/lib/data/sort';
import { rng } from './helpers';

/** Numeric order with -0 before +0 (the order of TypedArray#sort and of the IEEE bit keys). */
function reference(values: Float64Array): number[] {
  return Array.from(values).sort((a, b) => a - b || (Object.is(a, -0) ? -1 : 0) - (Object.is(b, -0) ? -1 : 0));
}

function expectSorted(values: Float64Array): void {
  const got = sortFloat64(values);
  const want = reference(values);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`index ${i}: got ${Object.is(got[i], -0) ? '-0' : got[i]}, want ${Object.is(want[i], -0) ? '-0' : want[i]}`);
  }
}

function randomValues(n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const specials = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
  const pool: number[] = [];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    let v: number;
    if (r < 0.1) v = specials[Math.floor(rand() * specials.length)];
    else if (r < 0.3 && pool.length > 0) v = pool[Math.floor(rand() * pool.length)]; // duplicates
    else if (r < 0.5) v = Math.round((rand() - 0.5) * 200);
    else if (r < 0.8) v = (rand() - 0.5) * 10 ** Math.floor(rand() * 60 - 30);
    else v = (rand() - 0.5) * 2e-310; // subnormals
    pool.push(v);
    out[i] = v;
  }
  return out;
}

describe('sortFloat64', () => {
  it('sorts like Array.prototype.sort on small inputs (TypedArray path)', () => {
    for (const n of [0, 1, 2, 17, 2047]) expectSorted(randomValues(n, n + 1));
  });

  it('sorts like Array.prototype.sort on large inputs (radix path) with negatives, zeros, -0, infinities and duplicates', () => {
    for (const [n, seed] of [[2048, 1], [5000, 2], [40_000, 3]]) expectSorted(randomValues(n, seed));
  });

  it('orders -0 before +0 and keeps every copy', () => {
    const v = new Float64Array(4096);
    for (let i = 0; i < v.length; i++) v[i] = i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : -1;
    const s = sortFloat64(v);
    expect(s.filter((x) => Object.is(x, -0)).length).toBe(1366);
    expect(s.filter((x) => Object.is(x, 0)).length).toBe(1365);
    expectSorted(v);
  });

  it('handles inputs where whole digit passes are skipped (all equal, all integers, one outlier)', () => {
    expectSorted(new Float64Array(3000).fill(42));
    expectSorted(new Float64Array(3000).fill(-0));
    expectSorted(Float64Array.from({ length: 3000 }, (_, i) => 3000 - i));
    const outlier = new Float64Array(3000).fill(1.5);
    outlier[1234] = -Infinity;
    expectSorted(outlier);
  });

  it('returns a new array and leaves its input alone', () => {
    for (const n of [10, 3000]) {
      const v = randomValues(n, 9);
      const copy = v.slice();
      const s = sortFloat64(v);
      expect(s).not.toBe(v);
      expect(Array.from(v)).toEqual(Array.from(copy));
    }
  });
});
