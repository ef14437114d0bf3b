/**
 * ADWIN: river's documented example reproduced, no false alarm on stationary streams, detection
 * within a stated delay after a 1σ mean shift (numeric and 0/1 streams), the window forgetting the
 * old part, the exponential histogram's bookkeeping, the clock, reset and input checks.
 */
import { describe, expect, it } from 'vitest';
import { ADWIN } from '../../../../src/lib/monitor/detectors';
import type { DetectorState } from '../../../../src/lib/monitor/types';
import { delayAfter, detections, errorStream, gaussStream, levels, median, seeds } from './streams';
import { STREAM_A } from './river-streams';

const run = (d: ADWIN, xs: ArrayLike<number>) => {
  let s: DetectorState = { level: 'stable' };
  for (let i = 0; i < xs.length; i++) s = d.update(xs[i]);
  return s;
};

describe('ADWIN', () => {
  it("reproduces river's documented example: one drift, at index 1023", () => {
    const lv = levels(new ADWIN(), STREAM_A);
    expect(lv.flatMap((l, i) => (l === 'drift' ? [i] : []))).toEqual([1023]);
  });

  it('never fires on stationary streams of 10,000 points, keeping them whole (20 seeds, Normal and 0/1)', () => {
    for (const s of seeds(20)) {
      const xs = gaussStream(s, 10_000, 0, 1);
      const d = new ADWIN();
      const last = run(d, xs);
      expect(last.detectedAt, `seed ${s}`).toBeNull();
      expect(last.width).toBe(10_000);
      expect(last.estimate).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 10);
      expect(detections(new ADWIN(), errorStream(s, 10_000, 0.1))).toEqual([]);
    }
  });

  // A check runs every 32 points, so the delay is a whole number of clock ticks past the first
  // point where the new mean is significant. Bound: within 4 ticks (128 points) for every seed.
  it('detects a 0 → 1σ mean shift and an error rate 0.1 → 0.5 at t = 5,000 within 128 points (20 seeds)', () => {
    const gauss: number[] = [], errors: number[] = [];
    for (const s of seeds(20)) {
      const hits = detections(new ADWIN(), gaussStream(s, 10_000, 0, 1, 1, 5000));
      expect(hits.every((h) => h > 5000), `seed ${s}: no drift before the change`).toBe(true);
      expect(hits.every((h) => h % 32 === 0), 'drifts only on clock ticks').toBe(true);
      gauss.push(delayAfter(hits, 5000));
      errors.push(delayAfter(detections(new ADWIN(), errorStream(s, 10_000, 0.1, 0.5, 5000)), 5000));
    }
    expect(Math.max(...gauss)).toBeLessThanOrEqual(128);
    expect(Math.max(...errors)).toBeLessThanOrEqual(128);
    expect(median(gauss)).toBeLessThanOrEqual(64);
  });

  it('forgets the old part: after a shift the window holds about the new points and their mean', () => {
    for (const s of seeds(5)) {
      const last = run(new ADWIN(), gaussStream(s, 10_000, 0, 1, 1, 5000));
      expect(last.width).toBeGreaterThan(4500);
      expect(last.width).toBeLessThanOrEqual(5100);
      expect(Math.abs(last.estimate! - 1)).toBeLessThan(0.05);
    }
  });

  it('clock 1 checks every point and detects sooner than the default clock 32', () => {
    const xs = gaussStream(4, 8000, 0, 1, 1, 4000);
    const every = delayAfter(detections(new ADWIN({ clock: 1 }), xs), 4000);
    const ticks = delayAfter(detections(new ADWIN(), xs), 4000);
    expect(every).toBeLessThan(ticks);
    expect(every).toBeLessThanOrEqual(60);
  });

  it('keeps its exponential histogram: at most max_buckets per row, sizes, totals and variance exact', () => {
    const d = new ADWIN({ max_buckets: 3 });
    const xs = gaussStream(9, 3000, 2, 0.5);
    for (let i = 0; i < xs.length; i++) {
      d.update(xs[i]);
      const rows = (d as unknown as { rows: { total: number[] }[] }).rows;
      expect(rows.every((r) => r.total.length <= 3)).toBe(true);
      if (i % 500 === 499) {
        const w = rows.reduce((a, r, k) => a + r.total.length * 2 ** k, 0);
        expect(w).toBe(i + 1);
        const inner = d as unknown as { total: number; variance: number };
        const part = Array.from(xs.subarray(0, i + 1));
        const mu = part.reduce((a, b) => a + b, 0) / part.length;
        expect(inner.total).toBeCloseTo(mu * part.length, 8);
        expect(inner.variance).toBeCloseTo(part.reduce((a, b) => a + (b - mu) ** 2, 0), 6);
      }
    }
  });

  it('reset() forgets everything: the same stream gives the same levels as a new detector', () => {
    const xs = gaussStream(2, 4000, 0, 1, 2, 2000);
    const d = new ADWIN({ delta: 0.01 });
    const first = levels(d, xs);
    d.reset();
    expect(levels(d, xs)).toEqual(first);
    expect(first).toContain('drift');
  });

  it('refuses non-finite values and bad parameters', () => {
    expect(() => new ADWIN().update(Number.NaN)).toThrow(expect.objectContaining({ code: 'BAD_MONITOR' }));
    expect(() => new ADWIN({ delta: 0 })).toThrow(/delta must be a number > 0 and < 1, got 0/);
    expect(() => new ADWIN({ clock: 0 })).toThrow(/clock must be an integer ≥ 1/);
  });
});
