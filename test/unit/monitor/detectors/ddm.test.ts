/**
 * DDM: river's documented example reproduced, false alarms on stationary error streams within a
 * stated bound, detection delay after an abrupt rise of the error rate, the s_min = 0 guard, state
 * fields, reset and input checks.
 */
import { describe, expect, it } from 'vitest';
import { DDM } from '../../../../src/lib/monitor/detectors';
import { delayAfter, detections, errorStream, levels, mean, median, seeds } from './streams';
import { STREAM_B } from './river-streams';

describe('DDM', () => {
  it("reproduces river's documented example: first warning at 1084, drift at 1334, next warning at 1492", () => {
    const lv = levels(new DDM(), STREAM_B);
    const drifts = lv.flatMap((l, i) => (l === 'drift' ? [i] : []));
    expect(drifts).toEqual([1334]);
    expect(lv.indexOf('warning')).toBe(1084);
    expect(lv.indexOf('warning', 1335)).toBe(1492);
  });

  // DDM has an inherent false-alarm rate: p_min + s_min is a running minimum, so on a long stream
  // noise eventually climbs 3·s_min above it. Bound: on average at most 1 false alarm per 10,000
  // points at error rate 0.1 (observed 0.52) and at most 2 at 0.01 (observed 1.4), none over 8.
  it('false-alarms rarely on stationary error streams of 10,000 points (50 seeds)', () => {
    for (const [p, bound] of [[0.1, 1], [0.01, 2]] as const) {
      const alarms = seeds(50).map((s) => detections(new DDM(), errorStream(s, 10_000, p)).length);
      expect(mean(alarms), `error rate ${p}`).toBeLessThanOrEqual(bound);
      expect(Math.max(...alarms)).toBeLessThanOrEqual(8);
    }
  });

  // After 5,000 points at 0.1 the cumulative rate rises by 0.4·k/(5000+k): about 150 points to
  // climb the 2–3 s_min ≈ 0.013 margin. Bound: every seed within 700 points, median within 250.
  it('detects an error rate rising 0.1 → 0.5 at t = 5,000 within 700 points, after a warning (50 seeds)', () => {
    const delays: number[] = [];
    for (const s of seeds(50)) {
      const xs = errorStream(s, 10_000, 0.1, 0.5, 5000);
      const lv = levels(new DDM(), xs);
      const drift = lv.indexOf('drift', 5000);
      delays.push(delayAfter(detections(new DDM(), xs), 5000));
      expect(lv.indexOf('warning', 5000), `seed ${s}`).toBeLessThan(drift);
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(700);
    expect(median(delays)).toBeLessThanOrEqual(250);
  });

  it('does not read the first error after an error-free warm start as a drift (s_min = 0 guard)', () => {
    const d = new DDM();
    for (let i = 0; i < 40; i++) expect(d.update(0).level).toBe('stable');
    expect(d.update(1).level).toBe('stable');
    // … but a real burst of errors still drifts
    const lv = levels(d, Float64Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 0 : 1)));
    expect(lv).toContain('drift');
  });

  it('reports the error rate, points since the last drift and where it drifted; restarts after a drift', () => {
    const d = new DDM();
    const xs = errorStream(7, 3000, 0.1, 0.6, 1000);
    let last = d.update(xs[0]);
    let since = 1, ones = xs[0];
    for (let i = 1; i < xs.length; i++) {
      if (last.level === 'drift') { since = 0; ones = 0; }
      last = d.update(xs[i]);
      since++; ones += xs[i];
      expect(last.n).toBe(i + 1);
      expect(last.width).toBe(since);
      expect(last.estimate).toBeCloseTo(ones / since, 12);
      if (last.level === 'drift') expect(last.detectedAt).toBe(i + 1);
    }
    expect(last.detectedAt).toBeGreaterThan(1000);
  });

  it('reset() forgets everything: the same stream gives the same levels as a new detector', () => {
    const xs = errorStream(3, 4000, 0.1, 0.5, 2000);
    const d = new DDM({ warm_start: 50 });
    const first = levels(d, xs);
    d.reset();
    expect(levels(d, xs)).toEqual(first);
    expect(levels(new DDM({ warm_start: 50 }), xs)).toEqual(first);
    expect(first).toContain('drift');
  });

  it('reads 0/1 only and refuses bad parameters', () => {
    expect(() => new DDM().update(0.5)).toThrow(expect.objectContaining({ code: 'BAD_MONITOR' }));
    expect(() => new DDM({ drift_threshold: 1.5 })).toThrow(/drift_threshold \(1\.5\) must be ≥ warning_threshold \(2\)/);
    expect(() => new DDM({ warm_start: 2.5 })).toThrow(/warm_start must be an integer ≥ 1/);
  });
});
