/** Error analysis: metrics per slice, rare classes, worst rows. */
import { describe, expect, it } from 'vitest';
import {
  accuracyScore, classSupport, meanAbsoluteError, metricDef, MetricError, MISSING_SLICE, sliceMetrics, subsetInput, worstRows,
} from '../../../../src/lib/ml/metrics';

describe('sliceMetrics', () => {
  const yTrue = Int32Array.of(0, 1, 1, 0, 1, 0, 1, 1);
  const yPred = [0, 1, 0, 0, 1, 1, 1, 1];
  const proba = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.7, 0.3, 0.1, 0.9, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
  const slice = { codes: Int32Array.of(0, 0, 1, 1, 0, 2, -1, 2), categories: ['red', 'green', 'blue'] };
  const metrics = [metricDef('accuracy'), metricDef('roc_auc')];

  it('scores each category on its own rows, largest first, with counts and shares', () => {
    const out = sliceMetrics(slice, { yTrue, yPred, proba, k: 2 }, metrics, { minCount: 3 });
    expect(out.map((s) => [s.category, s.count, s.share, s.small])).toEqual([
      ['red', 3, 3 / 8, false], ['green', 2, 2 / 8, true], ['blue', 2, 2 / 8, true], [MISSING_SLICE, 1, 1 / 8, true],
    ]);
    expect(out[0].metrics[0].value).toBe(accuracyScore([0, 1, 1], [0, 1, 1]));
    expect(out[0].metrics[1].value).toBe(1);
    expect(out[1].metrics[0].value).toBe(0.5);
  });

  it('a metric undefined on a slice is NaN with the reason; the others still count', () => {
    const blue = sliceMetrics(slice, { yTrue, yPred, proba, k: 2 }, metrics).find((s) => s.category === 'blue')!;
    expect(blue.metrics[0].value).toBe(0.5);
    expect(blue.metrics[1].value).toBe(1);
    const missing = sliceMetrics(slice, { yTrue, yPred, proba, k: 2 }, metrics).find((s) => s.code === -1)!;
    expect(missing.metrics[1].value).toBeNaN();
    expect(missing.metrics[1].error).toMatch(/Only one class/);
  });

  it('weights are carried into each slice', () => {
    const sampleWeight = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = sliceMetrics(slice, { yTrue: [1, 2, 3, 4, 5, 6, 7, 8], yPred: [1, 2, 4, 4, 5, 6, 7, 9], sampleWeight }, [metricDef('mae')]);
    const blue = out.find((s) => s.category === 'blue')!;
    expect(blue.weight).toBe(14);
    expect(blue.metrics[0].value).toBe(meanAbsoluteError([6, 8], [6, 9], [6, 8]));
  });

  it('rejects codes outside the dictionary', () => {
    expect(() => sliceMetrics({ codes: [0, 3], categories: ['a'] }, { yTrue: [1, 2], yPred: [1, 2] }, [metricDef('mae')])).toThrow(MetricError);
  });

  it('subsetInput keeps probability rows together', () => {
    const sub = subsetInput({ yTrue, yPred, proba, k: 2 }, [3, 0]);
    expect(Array.from(sub.proba!)).toEqual([0.7, 0.3, 0.9, 0.1]);
    expect(Array.from(sub.yTrue)).toEqual([0, 0]);
  });
});

describe('classSupport', () => {
  it('flags classes under minCount rows or minShare of the rows', () => {
    const y = Int32Array.from([...Array(200).fill(0), ...Array(30).fill(1), ...Array(5).fill(2)]);
    const s = classSupport(y, 4);
    expect(s.map((c) => [c.cls, c.count, c.rare])).toEqual([[0, 200, false], [1, 30, false], [2, 5, true], [3, 0, true]]);
    expect(classSupport(y, 3, { minCount: 1, minShare: 0.1 }).map((c) => c.rare)).toEqual([false, false, true]);
  });
});

describe('worstRows', () => {
  it('regression: largest absolute error first, ties by row', () => {
    const rows = worstRows(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 4, 1, 3), 3);
    expect(rows.map((r) => [r.row, r.error])).toEqual([[1, 2], [2, 2], [3, 1]]);
  });

  it('classification with probabilities: lowest probability of the true class first', () => {
    const rows = worstRows(Int32Array.of(0, 1, 2), Float64Array.of(0.7, 0.2, 0.1, 0.6, 0.3, 0.1, 0, 0.5, 0.5), 2);
    expect(rows.map((r) => [r.row, r.yPred, r.pTrue])).toEqual([[1, 0, 0.3], [2, 1, 0.5]]);
    expect(rows[0].error).toBeCloseTo(-Math.log(0.3), 15);
    expect(worstRows(Int32Array.of(0), Float64Array.of(0, 1), 1)[0].error).toBe(-Math.log(Number.EPSILON));
  });

  it('classification with class predictions: the misclassified rows', () => {
    const rows = worstRows(Int32Array.of(0, 1, 2, 1), Float64Array.of(0, 2, 2, 0));
    expect(rows.map((r) => [r.row, r.yTrue, r.yPred])).toEqual([[1, 1, 2], [3, 1, 0]]);
  });

  it('a wrong number of predictions is an error', () => {
    expect(() => worstRows(Float64Array.of(1, 2), Float64Array.of(1, 2, 3, 4))).toThrow(/expected n values/);
  });
});
