import { describe, expect, it } from 'vitest';
import { RowSample } from '../../../src/lib/data/sample';

/** Feeds rows 0..total-1 (value = row index) in chunks of `chunk` rows to a sample of two columns. */
function feed(total: number, chunk: number, cap: number): RowSample {
  const s = new RowSample(['f64', 'codes'], cap);
  for (let first = 0; first < total; first += chunk) {
    const len = Math.min(chunk, total - first);
    const f = Float64Array.from({ length: len }, (_, i) => first + i);
    const c = Int32Array.from({ length: len }, (_, i) => first + i);
    s.add([f, c], first);
  }
  return s;
}

describe('RowSample', () => {
  it('holds every row up to the cap, without copying a single chunk', () => {
    const s = new RowSample(['f64'], 100);
    const chunk = Float64Array.from({ length: 100 }, (_, i) => i);
    s.add([chunk], 0);
    expect(s.stride).toBe(1);
    expect(s.rows).toBe(100);
    expect(s.column(0)).toBe(chunk);
  });

  it('keeps exactly every stride-th row as the stride doubles', () => {
    for (const [total, chunk, cap] of [[1000, 37, 100], [1000, 100, 100], [5000, 64, 256], [257, 1, 64], [999, 1000, 10], [4096, 512, 1000]]) {
      const s = feed(total, chunk, cap);
      const want = Array.from({ length: Math.ceil(total / s.stride) }, (_, k) => k * s.stride);
      expect(Array.from(s.column(0)), `total ${total} chunk ${chunk} cap ${cap}`).toEqual(want);
      expect(Array.from(s.column(1))).toEqual(want);
      expect(s.rows).toBe(want.length);
      expect(s.rows).toBeLessThanOrEqual(cap);
      expect(s.stride & (s.stride - 1)).toBe(0); // a power of two
      // The stride is the smallest power of two that fits the cap.
      if (s.stride > 1) expect(Math.ceil(total / (s.stride / 2))).toBeGreaterThan(cap);
    }
  });

  it('keeps the right column types after decimation', () => {
    const s = feed(500, 50, 100);
    expect(s.column(0)).toBeInstanceOf(Float64Array);
    expect(s.column(1)).toBeInstanceOf(Int32Array);
  });

  it('samples a partial last chunk and an empty chunk', () => {
    const s = new RowSample(['f64'], 4);
    s.add([Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7])], 0); // -> stride 2: 0 2 4 6
    s.add([Float64Array.from([8, 9, 10])], 8); // stride 2: 8 10 -> 6 rows -> stride 4: 0 4 8
    s.add([new Float64Array(0)], 11);
    expect(s.stride).toBe(4);
    expect(Array.from(s.column(0))).toEqual([0, 4, 8]);
  });
});
