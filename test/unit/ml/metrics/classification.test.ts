/**
 * Classification metrics pinned to scikit-learn 1.2.1 (test/fixtures/metrics_reference.json,
 * made by make_metrics_reference.py): scalars within 1e-12 relative.
 */
import { describe, expect, it } from 'vitest';
import {
  accuracyScore, balancedAccuracyScore, classificationReport, confusionMatrix, f1Score, MetricError,
  precisionRecallFscore, precisionScore, recallScore,
} from '../../../../src/lib/ml/metrics';
import { clsInputs, expectAllClose, expectClose, label, ref } from './fixture';

describe.each(ref.classification.map((c) => [label(c), c] as const))('%s', (_, c) => {
  const { yTrue, yPred, sampleWeight, k } = clsInputs(c);
  const e = c.expect;

  it('accuracy and balanced accuracy', () => {
    expectClose(accuracyScore(yTrue, yPred, sampleWeight), e.accuracy, 'accuracy');
    expectClose(balancedAccuracyScore(yTrue, yPred, sampleWeight), e.balanced_accuracy, 'balanced');
  });

  it('confusion matrix, raw and normalized', () => {
    expectAllClose(confusionMatrix(yTrue, yPred, k, { sampleWeight }), e.confusion_matrix, 'cm');
    for (const normalize of ['true', 'pred', 'all'] as const) {
      expectAllClose(confusionMatrix(yTrue, yPred, k, { sampleWeight, normalize }), e[`confusion_matrix_${normalize}`], normalize);
    }
  });

  it('per-class precision, recall, F1 and support', () => {
    const r = classificationReport(yTrue, yPred, k, sampleWeight);
    expectAllClose(r.precision, e.per_class.precision, 'precision');
    expectAllClose(r.recall, e.per_class.recall, 'recall');
    expectAllClose(r.f1, e.per_class.f1, 'f1');
    expectAllClose(r.support, e.per_class.support, 'support');
    expectClose(r.accuracy, e.accuracy, 'accuracy');
    expectClose(r.macro.fscore, e.macro.f1, 'macro f1');
    expectClose(r.weighted.fscore, e.weighted.f1, 'weighted f1');
  });

  it.each(['macro', 'weighted', 'micro'] as const)('%s averages', (average) => {
    const r = precisionRecallFscore(yTrue, yPred, { k, sampleWeight, average });
    expectClose(r.precision, e[average].precision, 'precision');
    expectClose(r.recall, e[average].recall, 'recall');
    expectClose(r.fscore, e[average].f1, 'f1');
  });

  it('binary average (class 1), or the error scikit-learn raises', () => {
    const opts = { k, sampleWeight };
    if ('error' in e.binary) {
      expect(() => f1Score(yTrue, yPred, opts)).toThrow(MetricError);
      return;
    }
    expectClose(precisionScore(yTrue, yPred, opts), e.binary.precision, 'precision');
    expectClose(recallScore(yTrue, yPred, opts), e.binary.recall, 'recall');
    expectClose(f1Score(yTrue, yPred, opts), e.binary.f1, 'f1');
  });
});

describe('zero division (a class never predicted)', () => {
  const c = ref.classification.find((x) => x.name === 'multi3_never_pred_2')!;
  const { yTrue, yPred, k } = clsInputs(c);

  it('scores the class 0 and lists it as ill-defined for precision only', () => {
    const r = precisionRecallFscore(yTrue, yPred, { k, average: 'macro' });
    expect(r.illDefined).toEqual({ precision: [2], recall: [], fscore: [] });
    expect(classificationReport(yTrue, yPred, k).precision[2]).toBe(0);
  });

  it('a class in neither y_true nor y_pred is left out of the averages and is ill-defined in the report', () => {
    const m = ref.classification.find((x) => x.name === 'multi5_absent')!;
    const x = clsInputs(m);
    const r = precisionRecallFscore(x.yTrue, x.yPred, { k: 5, average: 'macro' });
    expect(r.illDefined.recall).toEqual([3]);
    const all = precisionRecallFscore(x.yTrue, x.yPred, { k: 5, average: 'macro', labels: [0, 1, 2, 3, 4] });
    expect(all.illDefined).toEqual({ precision: [4], recall: [3, 4], fscore: [4] });
    expect(all.fscore).toBeLessThan(r.fscore);
  });
});

describe('input checks', () => {
  it('rejects labels outside 0..k-1, length mismatches and empty input with a MetricError', () => {
    const err = (fn: () => unknown) => {
      try { fn(); } catch (e) { expect(e).toBeInstanceOf(MetricError); return (e as MetricError).detail.reason; }
      return expect.fail('expected a MetricError');
    };
    expect(err(() => confusionMatrix([0, 3], [0, 1], 3))).toBe('BAD_LABEL');
    expect(err(() => confusionMatrix([0, 1.5], [0, 1], 3))).toBe('BAD_LABEL');
    expect(err(() => accuracyScore([0, 1], [0]))).toBe('LENGTH_MISMATCH');
    expect(err(() => accuracyScore([], []))).toBe('EMPTY');
    expect(err(() => f1Score([0, 1, 2], [0, 1, 2]))).toBe('NOT_BINARY');
    expect(err(() => accuracyScore([0, 1], [0, 1], [1]))).toBe('LENGTH_MISMATCH');
  });

  it('a BAD_LABEL message names the valid range', () => {
    expect(() => confusionMatrix([0, 5], [0, 1], 3)).toThrow(/class indices are 0\.\.2/);
  });
});
