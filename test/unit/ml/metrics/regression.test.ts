/** Regression metrics pinned to scikit-learn 1.2.1 (within 1e-12 relative). */
import { describe, expect, it } from 'vitest';
import {
  meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, MetricError, r2Score, regressionPlotData, rootMeanSquaredError,
} from '../../../../src/lib/ml/metrics';
import { expectClose, label, ref } from './fixture';

describe.each(ref.regression.map((c) => [label(c), c] as const))('%s', (_, c) => {
  const yTrue = Float64Array.from(c.y_true), yPred = Float64Array.from(c.y_pred);
  const w = c.sample_weight ? Float64Array.from(c.sample_weight) : undefined;

  it('MAE, MSE, RMSE, R², MAPE', () => {
    expectClose(meanAbsoluteError(yTrue, yPred, w), c.expect.mae, 'mae');
    expectClose(meanSquaredError(yTrue, yPred, w), c.expect.mse, 'mse');
    expectClose(rootMeanSquaredError(yTrue, yPred, w), c.expect.rmse, 'rmse');
    expectClose(r2Score(yTrue, yPred, w), c.expect.r2, 'r2');
    expectClose(meanAbsolutePercentageError(yTrue, yPred, w), c.expect.mape, 'mape');
  });
});

describe('regression details', () => {
  it('R² of a constant target: 1 when perfect, 0 otherwise; NaN for one row', () => {
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
    expect(r2Score([2], [3])).toBeNaN();
  });

  it('rejects NaN predictions and length mismatches', () => {
    expect(() => meanAbsoluteError([1, 2], [1, NaN])).toThrow(MetricError);
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow(/y_pred has 1 entries but y_true has 2/);
  });

  it('plot data keeps every row up to maxPoints, an even stride above, and the full range', () => {
    const yTrue = Float64Array.from({ length: 10 }, (_, i) => i);
    const yPred = yTrue.map((v) => v + 0.5);
    const all = regressionPlotData(yTrue, yPred);
    expect(Array.from(all.rows)).toEqual([...Array(10).keys()]);
    expect(Array.from(all.residual)).toEqual(Array(10).fill(-0.5));
    expect([all.min, all.max]).toEqual([0, 9.5]);
    const some = regressionPlotData(yTrue, yPred, 4);
    expect(Array.from(some.rows)).toEqual([0, 2, 5, 7]);
    expect([some.min, some.max]).toEqual([0, 9.5]);
  });
});
