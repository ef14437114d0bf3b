/**
 * The detector table: ids, streams and the documented defaults (river's), every parameter with help,
 * `createDetector` filling defaults and refusing unknown ids, unknown or out-of-range parameters and
 * values the stream cannot hold, with BAD_MONITOR errors that name the valid choices; and the state
 * every detector reports (n, detectedAt).
 */
import { describe, expect, it } from 'vitest';
import { DETECTORS, createDetector, detectorDef, detectorDefaults } from '../../../../src/lib/monitor/detectors';
import { errorStream, gaussStream } from './streams';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string; detail: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
};

describe('detector registry', () => {
  it('lists each detector once with its stream and documented defaults', () => {
    expect(DETECTORS.map((d) => [d.id, d.stream, d.warns])).toEqual([
      ['ddm', 'error01', true],
      ['eddm', 'error01', true],
      ['adwin', 'numeric', false],
      ['page-hinkley', 'numeric', false],
      ['kswin', 'numeric', false],
    ]);
    expect(detectorDefaults('ddm')).toEqual({ warm_start: 30, warning_threshold: 2, drift_threshold: 3 });
    expect(detectorDefaults('eddm')).toEqual({ warm_start: 30, alpha: 0.95, beta: 0.9 });
    expect(detectorDefaults('adwin')).toEqual({ delta: 0.002, clock: 32, max_buckets: 5, min_window_length: 5, grace_period: 10 });
    expect(detectorDefaults('page-hinkley')).toEqual({ min_instances: 30, delta: 0.005, threshold: 50, alpha: 1 - 0.0001, mode: 'both' });
    expect(detectorDefaults('kswin')).toEqual({ alpha: 0.005, window_size: 100, stat_size: 30 });
    for (const d of DETECTORS) {
      expect(d.label.length).toBeGreaterThan(3);
      expect(d.help.length).toBeGreaterThan(20);
      for (const p of d.params) expect(p.help, `${d.id}.${p.name}`).toMatch(/default/);
    }
  });

  it('creates every detector from its defaults, or from a subset of parameters', () => {
    for (const d of DETECTORS) {
      const det = createDetector(d.id);
      expect(det.id).toBe(d.id);
      expect((det as unknown as { options: object }).options).toEqual(detectorDefaults(d.id));
    }
    expect((createDetector('adwin', { delta: 0.05 }) as unknown as { options: object }).options).toMatchObject({ delta: 0.05, clock: 32 });
  });

  it('refuses an unknown detector, naming the valid ones', () => {
    const e = refused(() => createDetector('cusum'));
    expect(e.code).toBe('BAD_MONITOR');
    expect(e.message).toBe("Unknown detector 'cusum'; valid detectors: ddm, eddm, adwin, page-hinkley, kswin.");
    expect(() => detectorDef('')).toThrow(/valid detectors/);
  });

  it('refuses unknown parameters, wrong kinds and out-of-range values, naming what is valid', () => {
    const unknown = refused(() => createDetector('ddm', { threshold: 3 }));
    expect(unknown).toMatchObject({ code: 'BAD_MONITOR', detail: { detector: 'ddm', param: 'threshold' } });
    expect(unknown.message).toMatch(/unknown parameter 'threshold'; valid parameters: warm_start, warning_threshold, drift_threshold/);
    expect(refused(() => createDetector('adwin', { delta: '0.1' })).message).toMatch(/delta must be a number > 0 and < 1, got "0.1"/);
    expect(refused(() => createDetector('adwin', { max_buckets: 1 })).message).toMatch(/max_buckets must be an integer ≥ 2, got 1/);
    expect(refused(() => createDetector('page-hinkley', { alpha: 1.5 })).message).toMatch(/alpha must be a number > 0 and ≤ 1/);
    expect(refused(() => createDetector('page-hinkley', { delta: Number.NaN })).code).toBe('BAD_MONITOR');
    expect(refused(() => createDetector('kswin', { stat_size: 60 })).message).toMatch(/window_size \(100\) must be ≥ 2·stat_size \(120\)/);
  });

  it('refuses values the stream cannot hold', () => {
    for (const d of DETECTORS) {
      const det = createDetector(d.id);
      if (d.stream === 'error01') {
        expect(() => det.update(0.3)).toThrow(/reads 0\/1 errors/);
        expect(() => det.update(-1)).toThrow(expect.objectContaining({ code: 'BAD_MONITOR' }));
      } else {
        expect(() => det.update(Number.NaN)).toThrow(/reads finite numbers/);
        expect(() => det.update(Number.NEGATIVE_INFINITY)).toThrow(/reads finite numbers/);
      }
    }
  });

  it('every detector counts its updates, reports drift with detectedAt, and reset() clears both', () => {
    for (const d of DETECTORS) {
      const det = createDetector(d.id, {}, 7);
      const xs = d.stream === 'error01' ? errorStream(1, 4000, 0.05, 0.6, 2000) : gaussStream(1, 4000, 0, 0.1, 1, 2000);
      let drifts = 0;
      for (let i = 0; i < xs.length; i++) {
        const s = det.update(xs[i]);
        expect(s.n).toBe(i + 1);
        if (s.level === 'drift') {
          drifts++;
          expect(s.detectedAt).toBe(i + 1);
        }
      }
      expect(drifts, d.id).toBeGreaterThan(0);
      det.reset();
      expect(det.update(xs[0])).toMatchObject({ n: 1, detectedAt: null });
    }
  });
});
