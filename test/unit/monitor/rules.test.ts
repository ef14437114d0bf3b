/** Alert rules: metric values of a window, comparisons, streaks of consecutive breaking windows, checks. */
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { breaks, checkRule, describeRule, metricValue, streaks } from '../../../src/lib/monitor/rules';
import type { AlertRule } from '../../../src/lib/monitor/types';
import { result } from './fixtures';

const rule = (over: Partial<AlertRule> = {}): AlertRule => ({ id: 'r', metric: 'dataset_drift_share', op: '>=', threshold: 0.5, windows: 3, ...over });

describe('metricValue', () => {
  it('reads every kind of metric, null where the window has none', () => {
    const r = result(0, { share: 0.5, accuracy: 0.7, p95: 12 });
    expect(metricValue(r, 'dataset_drift_share')).toBe(0.5);
    expect(metricValue(r, 'drift:x1')).toBe(0.001);
    expect(metricValue(r, 'drift:nope')).toBeNull();
    expect(metricValue(r, 'prediction_drift')).toBe(0.3);
    expect(metricValue(r, 'target_drift')).toBeNull();
    expect(metricValue(r, 'accuracy')).toBe(0.7);
    expect(metricValue(result(0), 'accuracy')).toBeNull();
    expect(metricValue(r, 'latency_p95')).toBe(12);
    expect(metricValue(r, 'missing_share')).toBe(0.01);
    expect(metricValue(r, 'rows')).toBe(100);
    expect(metricValue(r, 'model_bytes')).toBe(1234);
    expect(metricValue({ ...r, detections: [{ detector: 'ddm', stream: 'error', time: 1, level: 'drift' }, { detector: 'ddm', stream: 'error', time: 2, level: 'warning' }] }, 'drift_detections')).toBe(1);
  });

  it('compares with each operator; null never breaks', () => {
    expect([breaks({ op: '>', threshold: 1 }, 1), breaks({ op: '>=', threshold: 1 }, 1), breaks({ op: '<', threshold: 1 }, 0.5), breaks({ op: '<=', threshold: 1 }, 2)]).toEqual([false, true, true, false]);
    expect(breaks({ op: '<', threshold: 1 }, null)).toBe(false);
  });
});

describe('streaks', () => {
  it('fires once when the rule breaks for N consecutive windows, again only after a break', () => {
    const shares = [0, 0.5, 0.5, 0.5, 0.5, 0, 1, 1, 0, 1, 1, 1];
    const rs = shares.map((share, i) => result(i, { share }));
    expect(streaks(rule(), rs).map((s) => [s.first, s.at])).toEqual([[1, 3], [9, 11]]);
    expect(streaks(rule({ windows: 1 }), rs).map((s) => s.at)).toEqual([1, 6, 9]);
    expect(streaks(rule({ windows: 2 }), rs).map((s) => s.at)).toEqual([2, 7, 10]);
    expect(streaks(rule({ windows: 4 }), rs).map((s) => s.at)).toEqual([4]);
  });

  it('skips open windows and ends a streak where the metric is undefined', () => {
    const rs = [result(0, { accuracy: 0.6 }), result(1, { accuracy: 0.5 }), result(2), result(3, { accuracy: 0.5 }), result(4, { accuracy: 0.4, partial: true })];
    const acc = rule({ metric: 'accuracy', op: '<', threshold: 0.8, windows: 2 });
    expect(streaks(acc, rs).map((s) => [s.at, s.value])).toEqual([[1, 0.5]]);
    expect(streaks({ ...acc, windows: 3 }, rs)).toEqual([]);
    // The open window counts once it is complete.
    expect(streaks(acc, [...rs.slice(0, 4), result(4, { accuracy: 0.4 })]).map((s) => s.at)).toEqual([1, 4]);
  });
});

describe('checkRule', () => {
  const fail = (r: unknown) => { try { checkRule(r, ['x1', 'x2']); } catch (e) { return errorInfo(e); } throw new Error('accepted'); };
  it('accepts rules, gives ids, and names the bad field', () => {
    const r = checkRule({ metric: 'drift:x2', op: '>', threshold: 0.1 }, ['x1', 'x2']);
    expect(r).toMatchObject({ metric: 'drift:x2', op: '>', threshold: 0.1, windows: 1 });
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(checkRule({ id: 'keep', metric: 'rmse', op: '>', threshold: 3, windows: 2 }, []).id).toBe('keep');
    expect(fail({ metric: 'drift:x3', op: '>', threshold: 1 })).toMatchObject({ code: 'BAD_MONITOR', detail: { field: 'metric', choices: ['drift:x1', 'drift:x2'] } });
    expect(fail({ metric: 'speed', op: '>', threshold: 1 }).message).toMatch(/Unknown rule metric "speed"; metrics are dataset_drift_share, .*accuracy/);
    expect(fail({ metric: 'accuracy', op: '=', threshold: 1 }).detail.field).toBe('op');
    expect(fail({ metric: 'accuracy', op: '<', threshold: NaN }).detail.field).toBe('threshold');
    expect(fail({ metric: 'accuracy', op: '<', threshold: 1, windows: 0 }).detail.field).toBe('windows');
  });
  it('describes a rule', () => {
    expect(describeRule(rule())).toBe('dataset_drift_share >= 0.5 for 3 consecutive windows');
    expect(describeRule(rule({ metric: 'accuracy', op: '<', threshold: 0.8, windows: 1 }))).toBe('accuracy < 0.8');
  });
});
