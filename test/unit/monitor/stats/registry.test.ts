/** The drift-test table: lookup, errors that list the valid ids, metadata, thresholds and verdict directions. */
import { describe, expect, it } from 'vitest';
import { BenchtopError } from '../../../../src/lib/errors';
import { DRIFT_TEST_IDS, DRIFT_TESTS, driftTest } from '../../../../src/lib/monitor/stats';
import { labels, numeric } from './fixture';

describe('registry', () => {
  it('looks tests up by id', () => {
    expect(DRIFT_TEST_IDS).toEqual(['ks', 'chisquare', 'z', 'jensenshannon', 'wasserstein', 'psi', 'kl', 'hellinger', 'anderson', 'cvm']);
    for (const id of DRIFT_TEST_IDS) expect(driftTest(id).meta.id).toBe(id);
  });

  it('an unknown id is BAD_MONITOR listing the valid ids', () => {
    try {
      driftTest('kolmogorov');
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(BenchtopError);
      expect((e as BenchtopError).code).toBe('BAD_MONITOR');
      expect((e as Error).message).toBe(`Unknown drift test 'kolmogorov'. Valid tests: ${DRIFT_TEST_IDS.join(', ')}.`);
    }
    expect(() => driftTest('toString')).toThrow(/Unknown drift test/);
  });

  it('metadata: p-value tests default to 0.05, distances to 0.1', () => {
    for (const t of Object.values(DRIFT_TESTS)) {
      expect(t.meta.defaultThreshold).toBe(t.meta.scoreKind === 'p_value' ? 0.05 : 0.1);
      expect(t.meta.kinds.length).toBeGreaterThan(0);
      expect(t.meta.help.length).toBeGreaterThan(20);
    }
  });

  it('verdicts: p-values drift below, distances above, PSI at the threshold', () => {
    const a = numeric([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), b = numeric([20, 21, 22, 23, 24]);
    expect(driftTest('ks').run(a, b, 0.05).drifted).toBe(true);
    expect(driftTest('ks').run(a, a, 0.05).drifted).toBe(false);
    expect(driftTest('wasserstein').run(a, a, 0.1)).toMatchObject({ score: 0, drifted: false });
    const r = labels(['x', 'y']), c = labels(['x', 'x', 'x', 'y']);
    const score = driftTest('psi').run(r, c, 0.1).score;
    expect(driftTest('psi').run(r, c, score).drifted).toBe(true);
    expect(driftTest('jensenshannon').run(r, c, driftTest('jensenshannon').run(r, c, 0.1).score).drifted).toBe(false);
  });

  it('thresholds out of range are BAD_MONITOR naming the default', () => {
    expect(() => driftTest('ks').run(numeric([1]), numeric([1]), 0)).toThrow(/between 0 and 1 \(exclusive\), not 0; the default is 0.05/);
    expect(() => driftTest('psi').run(numeric([1]), numeric([1]), -1)).toThrow(/positive distance/);
  });

  it('every test accepts what its kinds say and refuses the rest', () => {
    const samples = { numeric: numeric([1, 2, 3, 4, 5, 6]), categorical: labels(['a', 'b', 'c']), binary: labels(['a', 'b'], 'binary') } as const;
    for (const t of Object.values(DRIFT_TESTS)) {
      for (const kind of ['numeric', 'categorical', 'binary'] as const) {
        const run = () => t.run(samples[kind], samples[kind], t.meta.defaultThreshold);
        if (t.meta.kinds.includes(kind)) expect(run().method).toBe(t.meta.id);
        else expect(run).toThrow(/takes .* columns, not a/);
      }
    }
  });
});
