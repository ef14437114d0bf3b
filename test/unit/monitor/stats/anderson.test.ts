/**
 * Anderson–Darling pinned to SciPy 1.10's anderson_ksamp([ref, cur]) (midrank): the standardised A²
 * and the significance level with SciPy's capping at 0.25 and flooring at 0.001. The level comes from
 * the same quadratic fit (numpy.polyfit) of log-levels to the critical values, done here by QR:
 * within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { anderson, andersonSignificance, andersonStatistic, CRITICAL } from '../../../../src/lib/monitor/stats/anderson';
import { expectClose, isError, numeric, ref } from './fixture';

const sorted = (v: number[]) => Float64Array.from(v).sort();

describe('anderson_ksamp on the fixture pairs', () => {
  it.each(ref.numeric.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const e = c.expect.anderson;
    const r = anderson.run(numeric(c.ref), numeric(c.cur), 0.05);
    if (isError(e)) {
      // One repeated value on both sides: SciPy raises; the test reports "no evidence" (the cap) without a statistic.
      expect(r).toEqual({ method: 'anderson', score: 0.25, threshold: 0.05, drifted: false });
      return;
    }
    expectClose(andersonStatistic(sorted(c.ref), sorted(c.cur))!, e.statistic, 'A²');
    expectClose(r.score, e.pvalue, 'significance');
    expect(r.score).toBeGreaterThanOrEqual(0.001);
    expect(r.score).toBeLessThanOrEqual(0.25);
  });
});

describe('significance level', () => {
  it('reproduces the tabled levels at the critical values (a least-squares fit, so nearly)', () => {
    const levels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    CRITICAL.forEach((c, i) => expect(Math.abs(Math.log(andersonSignificance(c) / levels[i]))).toBeLessThan(0.1));
  });
  it('caps at 0.25 and floors at 0.001 outside the table', () => {
    expect(andersonSignificance(-5)).toBe(0.25);
    expect(andersonSignificance(100)).toBe(0.001);
  });
});
