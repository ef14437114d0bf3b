/**
 * Page-Hinkley: river's documented example reproduced, no false alarm on stationary streams at the
 * scale its defaults suit (and the documented misfire at a larger scale), detection delays after a
 * 1σ shift up and down, the modes, state fields, reset and input checks.
 */
import { describe, expect, it } from 'vitest';
import { PageHinkley, createDetector } from '../../../../src/lib/monitor/detectors';
import { delayAfter, detections, gaussStream, levels, seeds } from './streams';
import { STREAM_A } from './river-streams';

describe('Page-Hinkley', () => {
  it("reproduces river's documented example (mode both): one drift, at index 1006", () => {
    const lv = levels(new PageHinkley(), STREAM_A);
    expect(lv.flatMap((l, i) => (l === 'drift' ? [i] : []))).toEqual([1006]);
  });

  it('never fires on stationary Normal(0, 0.1) streams of 10,000 points with its defaults (20 seeds)', () => {
    for (const s of seeds(20)) expect(detections(new PageHinkley(), gaussStream(s, 10_000, 0, 0.1)), `seed ${s}`).toEqual([]);
  });

  it('its threshold is in the stream units: defaults misfire on Normal(0, 1), delta 0.5 (half the shift to catch) does not', () => {
    for (const s of seeds(10)) {
      expect(detections(new PageHinkley(), gaussStream(s, 10_000, 0, 1)).length).toBeGreaterThan(0);
      expect(detections(new PageHinkley({ delta: 0.5 }), gaussStream(s, 10_000, 0, 1))).toEqual([]);
    }
  });

  // The gap grows by about shift − delta per point: 50 / (0.1 − 0.005) ≈ 526 points with the
  // defaults on a 0.1-σ stream; 50 / (1 − 0.5) = 100 with delta 0.5 on a 1-σ stream (less the lag
  // of the running mean). Bounds: 650 and 130 points for every seed, up and down.
  it('detects a 1σ shift at t = 5,000 within the stated delays (20 seeds)', () => {
    for (const s of seeds(20)) {
      expect(delayAfter(detections(new PageHinkley(), gaussStream(s, 10_000, 0, 0.1, 0.1, 5000)), 5000)).toBeLessThanOrEqual(650);
      expect(delayAfter(detections(new PageHinkley(), gaussStream(s, 10_000, 0, 0.1, -0.1, 5000)), 5000)).toBeLessThanOrEqual(650);
      for (const mode of ['both', 'up'] as const) expect(delayAfter(detections(new PageHinkley({ delta: 0.5, mode }), gaussStream(s, 10_000, 0, 1, 1, 5000)), 5000)).toBeLessThanOrEqual(130);
      for (const mode of ['both', 'down'] as const) expect(delayAfter(detections(new PageHinkley({ delta: 0.5, mode }), gaussStream(s, 10_000, 0, 1, -1, 5000)), 5000)).toBeLessThanOrEqual(130);
    }
  });

  it("mode 'up' ignores decreases and 'down' ignores increases", () => {
    for (const s of seeds(5)) {
      expect(detections(new PageHinkley({ delta: 0.5, mode: 'up' }), gaussStream(s, 10_000, 0, 1, -1, 5000))).toEqual([]);
      expect(detections(new PageHinkley({ delta: 0.5, mode: 'down' }), gaussStream(s, 10_000, 0, 1, 1, 5000))).toEqual([]);
    }
  });

  it('reports the running mean since the last drift and the gap; waits for min_instances', () => {
    const d = new PageHinkley({ threshold: 5, min_instances: 10 });
    const xs = [0, 0, 0, 0, 0, 10, 10];
    const states = xs.map((x) => d.update(x));
    expect(states.every((s) => s.level === 'stable')).toBe(true);
    expect(states[6].estimate).toBeCloseTo(20 / 7, 12);
    expect(states[6].statistic).toBeGreaterThan(5);
    const after = [0, 0, 0].map((x) => d.update(x));
    expect(after.map((s) => s.level)).toEqual(['stable', 'stable', 'drift']);
    expect(d.update(0)).toMatchObject({ width: 1, estimate: 0, n: 11, detectedAt: 10 });
  });

  it('reset() forgets everything: the same stream gives the same levels as a new detector', () => {
    const xs = gaussStream(6, 4000, 0, 0.1, 0.3, 2000);
    const d = new PageHinkley();
    const first = levels(d, xs);
    d.reset();
    expect(levels(d, xs)).toEqual(first);
    expect(first).toContain('drift');
  });

  it('refuses non-finite values and bad parameters', () => {
    expect(() => new PageHinkley().update(Number.POSITIVE_INFINITY)).toThrow(expect.objectContaining({ code: 'BAD_MONITOR' }));
    expect(() => createDetector('page-hinkley', { mode: 'sideways' })).toThrow(/mode must be one of 'up', 'down', 'both', got "sideways"/);
    expect(() => new PageHinkley({ threshold: 0 })).toThrow(/threshold must be a number > 0/);
  });
});
