/** The default test convention (Evidently's) and the dataset-level drift share. */
import { describe, expect, it } from 'vitest';
import { datasetDrift, defaultTest, testedKind } from '../../../../src/lib/monitor/stats';

describe('defaultTest', () => {
  it.each([
    ['numeric', 1000, 50, 'ks'],
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chisquare'],
    ['numeric', 1000, 2, 'z'],
    ['categorical', 500, 3, 'chisquare'],
    ['categorical', 500, 2, 'z'],
    ['binary', 10, 2, 'z'],
    ['binary', 10, 1, 'z'],
    ['numeric', 1001, 50, 'wasserstein'],
    ['numeric', 100000, 4, 'jensenshannon'],
    ['categorical', 5000, 30, 'jensenshannon'],
    ['binary', 5000, 2, 'jensenshannon'],
  ] as const)('%s, %i reference rows, %i values → %s', (kind, rows, distinct, want) => {
    expect(defaultTest(kind, rows, distinct)).toBe(want);
  });

  it('treats few-valued numeric columns as categorical and ≤ 2 values as binary', () => {
    expect(testedKind('numeric', 5)).toBe('categorical');
    expect(testedKind('numeric', 2)).toBe('binary');
    expect(testedKind('categorical', 2)).toBe('binary');
    expect(testedKind('binary', 3)).toBe('categorical');
  });

  it('refuses negative counts', () => expect(() => defaultTest('numeric', -1, 3)).toThrow(/non-negative/));
});

describe('datasetDrift', () => {
  const r = (...d: boolean[]) => d.map((drifted) => ({ drifted }));
  it('drifts when the share of drifted columns reaches 0.5 (≥)', () => {
    expect(datasetDrift(r(true, false))).toEqual({ share: 0.5, drifted: true, columns: 2, driftedColumns: 1 });
    expect(datasetDrift(r(true, false, false))).toMatchObject({ drifted: false });
    expect(datasetDrift(r(true, false, false), 1 / 3)).toMatchObject({ drifted: true });
  });
  it('no columns: share 0, no drift; a share outside (0, 1] is BAD_MONITOR', () => {
    expect(datasetDrift([])).toEqual({ share: 0, drifted: false, columns: 0, driftedColumns: 0 });
    expect(() => datasetDrift(r(true), 0)).toThrow(/in \(0, 1\]/);
  });
});
