import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { defaultChecks, describeFailure, evaluateChecks, improvement } from '../../../src/lib/registry/gate-checks';
import { gateProblems } from '../../../src/lib/registry/promotion';
import type { GateResult } from '../../../src/lib/registry/types';

describe('gate check arithmetic', () => {
  it('min and max compare the candidate with the threshold, inclusive', () => {
    const checks = evaluateChecks([
      { metric: 'accuracy', kind: 'min', threshold: 0.9 },
      { metric: 'accuracy', kind: 'min', threshold: 0.91 },
      { metric: 'log_loss', kind: 'max', threshold: 0.3 },
      { metric: 'log_loss', kind: 'max', threshold: 0.29 },
    ], 'binary', { accuracy: 0.9, log_loss: 0.3 }, null);
    expect(checks.map((c) => c.passed)).toEqual([true, false, true, false]);
    expect(checks[0]).toEqual({ metric: 'accuracy', kind: 'min', threshold: 0.9, candidate: 0.9, champion: null, passed: true });
  });

  it('delta means improvement: higher for scores, lower for losses', () => {
    const cand = { r2: 0.8, rmse: 1.9, mae: 1.5 };
    const champ = { r2: 0.75, rmse: 2.0, mae: 1.4 };
    const checks = evaluateChecks([
      { metric: 'r2', kind: 'delta', threshold: 0.05 },   // 0.8 − 0.75 = 0.05 ≥ 0.05 (rounding tolerated)
      { metric: 'r2', kind: 'delta', threshold: 0.06 },
      { metric: 'rmse', kind: 'delta', threshold: 0.1 },  // 2.0 − 1.9 = 0.1 ≥ 0.1
      { metric: 'rmse', kind: 'delta', threshold: 0.11 },
      { metric: 'mae', kind: 'delta', threshold: 0 },     // worse by 0.1
      { metric: 'mae', kind: 'delta', threshold: -0.2 },  // allowed to be worse by up to 0.2
    ], 'regression', cand, champ);
    expect(checks.map((c) => c.passed)).toEqual([true, false, true, false, false, true]);
    expect(checks[2].champion).toBe(2.0);
    expect(improvement({ greaterIsBetter: false }, 1.9, 2.0)).toBeCloseTo(0.1, 15);
    expect(improvement({ greaterIsBetter: true }, 0.7, 0.75)).toBeCloseTo(-0.05, 15);
  });

  it('an undefined metric fails its check; a delta without a champion passes on the candidate alone', () => {
    const checks = evaluateChecks([
      { metric: 'roc_auc', kind: 'min', threshold: 0.5 },
      { metric: 'accuracy', kind: 'delta', threshold: 0.01 },
    ], 'binary', { roc_auc: null, accuracy: 0.7 }, null);
    expect(checks.map((c) => c.passed)).toEqual([false, true]);
    const withChamp = evaluateChecks([{ metric: 'accuracy', kind: 'delta', threshold: 0 }], 'binary', { accuracy: 0.7 }, { accuracy: null });
    expect(withChamp[0].passed).toBe(false);
    const nan = evaluateChecks([{ metric: 'accuracy', kind: 'min', threshold: 0 }], 'binary', { accuracy: NaN }, null);
    expect(nan[0]).toMatchObject({ candidate: null, passed: false });
  });

  it('refuses metrics the task does not have, unknown kinds, bad thresholds and an empty list', () => {
    const e1 = errorInfo((() => { try { evaluateChecks([{ metric: 'r2', kind: 'min', threshold: 0 }], 'binary', {}, null); } catch (e) { return e; } })());
    expect(e1.code).toBe('BAD_REGISTRY');
    expect(e1.message).toMatch(/cannot check "r2" for a binary model; its metrics are accuracy/);
    expect(e1.message).not.toContain('roc_auc_ovr');
    const e2 = errorInfo((() => { try { evaluateChecks([{ metric: 'accuracy', kind: 'above' as never, threshold: 0 }], 'binary', {}, null); } catch (e) { return e; } })());
    expect(e2.message).toMatch(/kinds are min, max and delta/);
    const e3 = errorInfo((() => { try { evaluateChecks([{ metric: 'accuracy', kind: 'min', threshold: NaN }], 'binary', {}, null); } catch (e) { return e; } })());
    expect(e3.detail.field).toBe('threshold');
    const e4 = errorInfo((() => { try { evaluateChecks([], 'binary', {}, null); } catch (e) { return e; } })());
    expect(e4.message).toMatch(/at least one check/);
  });

  it('default checks are valid for their task', () => {
    for (const task of ['regression', 'binary', 'multiclass'] as const) {
      const specs = defaultChecks(task);
      expect(specs.length).toBeGreaterThan(0);
      expect(() => evaluateChecks(specs, task, {}, null)).not.toThrow();
    }
    expect(defaultChecks('regression').map((c) => c.metric)).toEqual(['r2', 'rmse']);
  });

  it('describes a failure with the values', () => {
    const [c] = evaluateChecks([{ metric: 'rmse', kind: 'delta', threshold: 0 }], 'regression', { rmse: 2.5 }, { rmse: 2.25 });
    expect(describeFailure(c)).toBe('rmse improves on the champion by ≥ 0 failed (candidate 2.5, champion 2.25)');
  });
});

describe('which gate results allow a promotion', () => {
  const gate = (over: Partial<GateResult> = {}): GateResult => ({
    holdoutVersion: 'h', rows: 10, candidate: { version: 3, metrics: { accuracy: 0.9 } }, champion: { version: 2, metrics: { accuracy: 0.8 } },
    checks: [{ metric: 'accuracy', kind: 'delta', threshold: 0, candidate: 0.9, champion: 0.8, passed: true }], passed: true, time: 1_000_000, ...over,
  });
  const now = 1_000_000 + 60_000;

  it('a fresh passing gate for this version against the current champion is enough', () => {
    expect(gateProblems(gate(), 3, 2, now)).toEqual([]);
  });

  it('names each problem otherwise', () => {
    expect(gateProblems(undefined, 3, 2, now)).toEqual(['no gate has been run for version 3']);
    expect(gateProblems(gate(), 4, 2, now)[0]).toMatch(/run for version 3, not 4/);
    expect(gateProblems(gate(), 3, 2, 1_000_000 + 25 * 3_600_000)[0]).toMatch(/ran 25 hours ago/);
    expect(gateProblems(gate(), 3, 1, now)[0]).toMatch(/champion changed since the gate ran \(it compared with version 2; the champion is now version 1\)/);
    const failed = gate({ passed: false, checks: [{ metric: 'accuracy', kind: 'min', threshold: 0.95, candidate: 0.9, champion: null, passed: false }] });
    expect(gateProblems(failed, 3, 2, now)).toEqual(['accuracy ≥ 0.95 failed (candidate 0.9)']);
  });

  it('a gate run with no champion still counts when the candidate is already the champion', () => {
    expect(gateProblems(gate({ champion: null }), 3, 3, now)).toEqual([]);
    expect(gateProblems(gate({ champion: null }), 3, null, now)).toEqual([]);
    expect(gateProblems(gate(), 3, 3, now)).toEqual([]);
    expect(gateProblems(gate({ champion: null }), 3, 2, now)[0]).toMatch(/it compared with no champion; the champion is now version 2/);
  });
});
