/** Baselines pinned to scikit-learn's DummyClassifier(strategy='prior') and DummyRegressor(). */
import { describe, expect, it } from 'vitest';
import { baselinePredict, compareWithBaseline, fitBaseline, MetricError } from '../../../../src/lib/ml/metrics';
import { clsInputs, expectAllClose, expectClose, label, ref } from './fixture';

describe('baselines equal scikit-learn', () => {
  it.each(ref.classification.map((c) => [label(c), c] as const))('prior of %s', (_, c) => {
    const { yTrue, sampleWeight, k } = clsInputs(c);
    const b = fitBaseline(k === 2 ? 'binary' : 'multiclass', yTrue, { k, sampleWeight });
    if (b.kind !== 'prior') return expect.fail('expected a prior baseline');
    expectAllClose(b.prior, c.expect.baseline.prior, 'prior');
    expect(b.majority).toBe(c.expect.baseline.predict);
  });

  it.each(ref.regression.map((c) => [label(c), c] as const))('mean of %s', (_, c) => {
    const b = fitBaseline('regression', c.y_true, { sampleWeight: c.sample_weight ?? undefined });
    expect(b.kind).toBe('mean');
    expectClose((b as { value: number }).value, c.expect.baseline_mean, 'mean');
  });
});

describe('baseline beside the model', () => {
  it('predicts the majority class with the prior as probabilities', () => {
    const b = fitBaseline('multiclass', Int32Array.of(2, 1, 2, 0), { k: 3 });
    const p = baselinePredict(b, 2);
    expect(Array.from(p.yPred)).toEqual([2, 2]);
    expect(Array.from(p.proba!)).toEqual([0.25, 0.25, 0.5, 0.25, 0.25, 0.5]);
  });

  it('a tie between classes goes to the lower index (np.argmax)', () => {
    const b = fitBaseline('binary', Int32Array.of(1, 0, 1, 0), { k: 2 });
    expect(b.kind === 'prior' && b.majority).toBe(0);
  });

  it('compares every metric of the task; the baseline AUC is 0.5', () => {
    const c = ref.classification.find((x) => x.name === 'binary' && !x.sample_weight)!;
    const input = clsInputs(c);
    const rows = compareWithBaseline('binary', input, fitBaseline('binary', input.yTrue, { k: 2 }));
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by.roc_auc.baseline).toBe(0.5);
    expect(by.roc_auc.better).toBe(true);
    expect(by.f1.baseline).toBe(0);
    expect(by.log_loss.greaterIsBetter).toBe(false);
    expect(by.log_loss.better).toBe(by.log_loss.model < by.log_loss.baseline);
    expect(rows.map((r) => r.id)).toEqual(['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted', 'roc_auc', 'log_loss']);
  });

  it('regression: the mean predictor has R² 0 on its own training target', () => {
    const y = [1, 2, 3, 4, 10];
    const rows = compareWithBaseline('regression', { yTrue: y, yPred: [1, 2, 3, 4, 9] }, fitBaseline('regression', y));
    const r2 = rows.find((r) => r.id === 'r2')!;
    expect(r2.baseline).toBe(0);
    expect(r2.better).toBe(true);
  });

  it('an undefined metric gives better = null with the reason', () => {
    const y = Int32Array.of(0, 0, 0);
    const rows = compareWithBaseline('binary', { yTrue: y, yPred: [0, 0, 1], proba: [0.9, 0.1, 0.8, 0.2, 0.4, 0.6] }, fitBaseline('binary', y, { k: 2 }));
    const auc = rows.find((r) => r.id === 'roc_auc')!;
    expect(auc.better).toBeNull();
    expect(auc.error).toMatch(/Only one class/);
  });

  it('rejects weights that sum to 0', () => {
    expect(() => fitBaseline('binary', Int32Array.of(0, 1), { k: 2, sampleWeight: [0, 0] })).toThrow(MetricError);
  });
});
