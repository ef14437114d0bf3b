/**
 * ROC AUC, log loss, ROC and precision-recall curves pinned to scikit-learn 1.2.1: scalars within
 * 1e-12 relative, curve points and thresholds exactly (same doubles).
 */
import { describe, expect, it } from 'vitest';
import { auc, binaryRocAuc, classCurves, column, logLoss, MetricError, precisionRecallCurve, rocAucScore, rocCurve } from '../../../../src/lib/ml/metrics';
import { clsInputs, expectClose, expectExact, label, ref } from './fixture';

describe.each(ref.classification.map((c) => [label(c), c] as const))('%s', (_, c) => {
  const { yTrue, proba, sampleWeight, k } = clsInputs(c);
  const e = c.expect;

  it('log loss (eps = machine epsilon, and 1e-15)', () => {
    expectClose(logLoss(yTrue, proba, { k, sampleWeight }), e.log_loss, 'default eps');
    expectClose(logLoss(yTrue, proba, { k, sampleWeight, eps: 1e-15 }), e.log_loss_1e15, 'eps 1e-15');
  });

  it('ROC AUC (binary or one-vs-rest macro / weighted), or the error scikit-learn raises', () => {
    const cases = [['macro', e.roc_auc], ['weighted', e.roc_auc_weighted]] as const;
    for (const [average, want] of cases) {
      if (want === undefined) continue;
      if (typeof want === 'object') expect(() => rocAucScore(yTrue, proba, { k, sampleWeight, average })).toThrow(MetricError);
      else expectClose(rocAucScore(yTrue, proba, { k, sampleWeight, average }), want, average);
    }
  });

  it.each(e.curves.map((cv) => [cv.pos_label, cv] as const))('curves of class %i, point for point', (pos, cv) => {
    const score = column(proba, yTrue.length, k, pos);
    const roc = rocCurve(yTrue, score, { posLabel: pos, sampleWeight });
    expectExact(roc.fpr, cv.roc.fpr, 'fpr');
    expectExact(roc.tpr, cv.roc.tpr, 'tpr');
    expectExact(roc.thresholds, cv.roc.thresholds, 'thresholds');
    const all = rocCurve(yTrue, score, { posLabel: pos, sampleWeight, dropIntermediate: false });
    expectExact(all.fpr, cv.roc_all.fpr, 'fpr (all)');
    expectExact(all.tpr, cv.roc_all.tpr, 'tpr (all)');
    expectExact(all.thresholds, cv.roc_all.thresholds, 'thresholds (all)');
    const pr = precisionRecallCurve(yTrue, score, { posLabel: pos, sampleWeight });
    expectExact(pr.precision, cv.pr.precision, 'precision');
    expectExact(pr.recall, cv.pr.recall, 'recall');
    expectExact(pr.thresholds, cv.pr.thresholds, 'pr thresholds');
  });
});

describe('classCurves', () => {
  it('gives class 1 for two classes and every class for more, each with its AUC', () => {
    const bin = ref.classification.find((x) => x.name === 'binary' && !x.sample_weight)!;
    const b = clsInputs(bin);
    const [one, ...rest] = classCurves(b.yTrue, b.proba, { k: 2 });
    expect(rest).toEqual([]);
    expect(one.cls).toBe(1);
    expectClose(one.auc, bin.expect.roc_auc as number, 'auc');
    expectExact(one.pr.recall, bin.expect.curves[0].pr.recall, 'recall');
    const multi = clsInputs(ref.classification.find((x) => x.name === 'multi5_absent')!);
    const curves = classCurves(multi.yTrue, multi.proba, { k: 5 });
    expect(curves.map((c) => c.cls)).toEqual([0, 1, 2, 3, 4]);
    expect(Number.isNaN(curves[4].auc) && !Number.isNaN(curves[0].auc)).toBe(true);
  });

  it('a curve with every weight 0 is an error', () => {
    expect(() => rocCurve([0, 1], [0.2, 0.4], { sampleWeight: [0, 0] })).toThrow(/non-zero weight/);
  });
});

describe('ROC AUC details', () => {
  it('ties count half: two rows with equal scores, one of each class, give 0.5', () => {
    expect(binaryRocAuc([0, 1], [0.3, 0.3])).toBe(0.5);
    expect(binaryRocAuc([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBe(0.875);
  });

  it('one class in y_true is a clear error', () => {
    expect(() => binaryRocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(/Only one class present in y_true/);
    try { binaryRocAuc([0, 0], [0.2, 0.5]); } catch (err) { expect((err as MetricError).detail.reason).toBe('ONE_CLASS'); }
  });

  it('multiclass needs rows summing to 1 and every class present', () => {
    const yTrue = Int32Array.of(0, 1, 2);
    expect(() => rocAucScore(yTrue, Float64Array.of(0.5, 0.5, 0.5, 0.2, 0.2, 0.6, 0.1, 0.1, 0.8))).toThrow(/sums to 1\.5/);
    expect(() => rocAucScore(Int32Array.of(0, 1, 1), Float64Array.of(0.5, 0.3, 0.2, 0.2, 0.2, 0.6, 0.1, 0.1, 0.8))).toThrow(/Class 2 never occurs/);
  });

  it('auc integrates decreasing x with a positive sign and rejects non-monotonic x', () => {
    expect(auc([1, 0.5, 0], [1, 1, 1])).toBe(1);
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow(MetricError);
  });
});
