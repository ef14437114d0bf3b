/**
 * EDDM: river's documented example reproduced, its (high, inherent) false-alarm rate bounded,
 * detection after an abrupt rise of the error rate, state fields, reset and input checks.
 */
import { describe, expect, it } from 'vitest';
import { EDDM } from '../../../../src/lib/monitor/detectors';
import { detections, errorStream, levels, mean, seeds } from './streams';
import { STREAM_B } from './river-streams';

const hitIn = (hits: number[], from: number, to: number) => hits.some((h) => h > from && h <= to);

describe('EDDM', () => {
  it("reproduces river's documented example (alpha 0.8, beta 0.75): first warning at 1059, drift at 1278, no warning after", () => {
    const lv = levels(new EDDM({ alpha: 0.8, beta: 0.75 }), STREAM_B);
    expect(lv.flatMap((l, i) => (l === 'drift' ? [i] : []))).toEqual([1278]);
    expect(lv.indexOf('warning')).toBe(1059);
    expect(lv.indexOf('warning', 1279)).toBe(-1);
  });

  // EDDM false-alarms often with the paper's alpha 0.95 / beta 0.9: after each restart the maximum
  // of p'+2s' is set from a handful of noisy distances and the settled value falls below 0.9 of it
  // (river's own example widens the gap for that reason). Bound: on average at most 20 false alarms
  // per 10,000 points at error rate 0.1 (observed 15.5), and at most 3 with alpha 0.8 / beta 0.75
  // (observed 1.7).
  it('keeps its false alarms on stationary error streams of 10,000 points within the stated bound (50 seeds)', () => {
    const paper = seeds(50).map((s) => detections(new EDDM(), errorStream(s, 10_000, 0.1)).length);
    expect(mean(paper)).toBeLessThanOrEqual(20);
    const wide = seeds(50).map((s) => detections(new EDDM({ alpha: 0.8, beta: 0.75 }), errorStream(s, 10_000, 0.1)).length);
    expect(mean(wide)).toBeLessThanOrEqual(3);
  });

  // Every seed detects within 300 points of an error rate rising 0.1 → 0.5 at t = 5,000 (observed
  // at most 245), while in that same span of the stationary streams fewer than 60% of seeds have a
  // false alarm (observed 44%): the detections come from the change, not from the noise.
  it('detects an error rate rising 0.1 → 0.5 at t = 5,000 within 300 points (50 seeds)', () => {
    let changed = 0, quiet = 0;
    for (const s of seeds(50)) {
      if (hitIn(detections(new EDDM(), errorStream(s, 10_000, 0.1, 0.5, 5000)), 5000, 5300)) changed++;
      if (hitIn(detections(new EDDM(), errorStream(s, 10_000, 0.1)), 5000, 5300)) quiet++;
    }
    expect(changed).toBe(50);
    expect(quiet).toBeLessThan(30);
  });

  it('reports the mean distance between errors and the ratio; keeps its level between errors', () => {
    const d = new EDDM({ warm_start: 5 });
    const xs = [0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1];
    const states = xs.map((x) => d.update(x));
    // errors at points 3, 7, 9, 14: distances 3, 4, 2, 5
    expect(states[13].estimate).toBeCloseTo((3 + 4 + 2 + 5) / 4, 12);
    expect(states[13].width).toBe(14);
    expect(states[1].estimate).toBeUndefined();
    for (let i = 0; i < xs.length; i++) if (xs[i] === 0 && i > 0) expect(states[i].level).toBe(states[i - 1].level);
  });

  it('reset() forgets everything: the same stream gives the same levels as a new detector', () => {
    const xs = errorStream(5, 4000, 0.1, 0.5, 2000);
    const d = new EDDM();
    const first = levels(d, xs);
    d.reset();
    expect(levels(d, xs)).toEqual(first);
    expect(first).toContain('drift');
  });

  it('reads 0/1 only and refuses bad parameters', () => {
    expect(() => new EDDM().update(2)).toThrow(expect.objectContaining({ code: 'BAD_MONITOR' }));
    expect(() => new EDDM({ alpha: 0.8, beta: 0.9 })).toThrow(/beta \(0\.9\) must be ≤ alpha \(0\.8\)/);
    expect(() => new EDDM({ alpha: 1 })).toThrow(/alpha must be a number > 0 and < 1/);
  });
});
