/**
 * KSWIN: its inherent false-alarm rate on stationary streams within a stated bound, detection after
 * a 1σ mean shift within its window, seeded reproducibility, what it keeps after a drift, reset and
 * input checks. (river's example cannot be replayed: its draws come from Python's `random`.)
 */
import { describe, expect, it } from 'vitest';
import { KSWIN } from '../../../../src/lib/monitor/detectors';
import { delayAfter, detections, gaussStream, mean, median, seeds } from './streams';

const hitIn = (hits: number[], from: number, to: number) => hits.some((h) => h > from && h <= to);

describe('KSWIN', () => {
  // A KS test runs at every point once the window is full, each with a false-positive chance of at
  // most alpha on continuous data: at most 0.005 × 9,901 ≈ 50 expected false alarms per 10,000
  // points (union bound). Overlapping windows, the D > 0.1 rule and the 70-point refill after each
  // alarm keep it lower. Bound: on average at most 20 (observed 13.6 over 50 seeds), and at most 2
  // with alpha 0.0001 (observed 0.85).
  it('keeps its false alarms on stationary Normal(0, 1) streams of 10,000 points within the stated bound (20 seeds)', () => {
    const alarms = seeds(20).map((s) => detections(new KSWIN({}, s), gaussStream(s, 10_000, 0, 1)).length);
    expect(mean(alarms)).toBeLessThanOrEqual(20);
    expect(Math.max(...alarms)).toBeLessThanOrEqual(0.005 * 9901);
    const strict = seeds(20).map((s) => detections(new KSWIN({ alpha: 0.0001 }, s), gaussStream(s, 10_000, 0, 1)).length);
    expect(mean(strict)).toBeLessThanOrEqual(2);
  }, 60_000);

  // It can only see a change while the window holds both sides of it: the 70 points after it.
  // Bound: at least 18 of 20 seeds detect within 100 points, median within 40 (observed 49/50 and
  // 25), while in the same 100 points of the stationary streams at most 6 of 20 seeds false-alarm.
  it('detects a 0 → 1σ mean shift at t = 5,000 within its window (20 seeds)', () => {
    const delays: number[] = [];
    let quiet = 0;
    for (const s of seeds(20)) {
      delays.push(delayAfter(detections(new KSWIN({}, s), gaussStream(s, 10_000, 0, 1, 1, 5000)), 5000));
      if (hitIn(detections(new KSWIN({}, s), gaussStream(s, 10_000, 0, 1)), 5000, 5100)) quiet++;
    }
    expect(delays.filter((d) => d <= 100).length).toBeGreaterThanOrEqual(18);
    expect(median(delays)).toBeLessThanOrEqual(40);
    expect(quiet).toBeLessThanOrEqual(6);
  }, 60_000);

  it('sees a change of spread with the mean unchanged: σ 1 → 4 at t = 1,000, within 70 points (10 seeds)', () => {
    for (const s of seeds(10)) {
      const xs = gaussStream(s, 2000, 0, 1);
      for (let i = 1000; i < 2000; i++) xs[i] *= 4;
      expect(delayAfter(detections(new KSWIN({}, s), xs), 1000), `seed ${s}`).toBeLessThanOrEqual(70);
    }
  });

  it('is reproducible from its seed, and reset() restarts the draws', () => {
    const xs = gaussStream(8, 3000, 0, 1, 1, 1500);
    const p = (d: KSWIN) => Array.from(xs, (x) => d.update(x).statistic ?? -1);
    const a = new KSWIN({}, 42);
    const first = p(a);
    expect(p(new KSWIN({}, 42))).toEqual(first);
    expect(p(new KSWIN({}, 43))).not.toEqual(first);
    a.reset();
    expect(p(a)).toEqual(first);
  });

  it('tests once the window is full and keeps the newest stat_size points after a drift', () => {
    const d = new KSWIN({ window_size: 40, stat_size: 10 }, 1);
    const fed: number[] = [];
    const feed = (x: number) => (fed.push(x), d.update(x));
    for (let i = 0; i < 39; i++) expect(feed(i % 3).statistic).toBeUndefined();
    expect(feed(0).statistic).toBeGreaterThan(0.005);
    let s = feed(100);
    while (s.level !== 'drift' && fed.length < 80) s = feed(100);
    expect(s).toMatchObject({ level: 'drift', width: 10 });
    expect(s.statistic).toBeLessThanOrEqual(0.005);
    expect(s.estimate).toBeCloseTo(fed.slice(-10).reduce((a, b) => a + b, 0) / 10, 10);
    for (let i = 0; i < 29; i++) expect(feed(100)).toMatchObject({ width: 11 + i, statistic: undefined });
    expect(feed(100).statistic).toBeGreaterThan(0.005);
  });

  it('refuses non-finite values and bad parameters', () => {
    expect(() => new KSWIN().update(Number.NaN)).toThrow(expect.objectContaining({ code: 'BAD_MONITOR' }));
    expect(() => new KSWIN({ window_size: 50, stat_size: 30 })).toThrow(/window_size \(50\) must be ≥ 2·stat_size \(60\)/);
    expect(() => new KSWIN({ alpha: 0 })).toThrow(/alpha must be a number > 0 and < 1/);
  });
});
