/** The metric registry: one line per metric, each pinned through the registry to scikit-learn 1.2.1. */
import { describe, expect, it } from 'vitest';
import { computeMetrics, METRIC_IDS, METRICS, metricDef, metricsFor, MetricError, scorer, SCORERS, type EvalInput } from '../../../../src/lib/ml/metrics';
import { clsInputs, expectClose, label, ref, type ClsCase } from './fixture';

/** scikit-learn's figure for each registry id on a classification case (undefined: not recorded / raises). */
function expected(c: ClsCase): Record<string, number | undefined> {
  const e = c.expect, num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const bin = 'error' in e.binary ? undefined : e.binary;
  return {
    accuracy: e.accuracy, balanced_accuracy: e.balanced_accuracy, log_loss: e.log_loss,
    precision: bin?.precision, recall: bin?.recall, f1: bin?.f1,
    precision_macro: e.macro.precision, recall_macro: e.macro.recall, f1_macro: e.macro.f1,
    precision_weighted: e.weighted.precision, recall_weighted: e.weighted.recall, f1_weighted: e.weighted.f1,
    roc_auc: c.k === 2 ? num(e.roc_auc) : undefined,
    roc_auc_ovr: num(e.roc_auc), roc_auc_ovr_weighted: c.k === 2 ? num(e.roc_auc) : num(e.roc_auc_weighted),
  };
}

describe('registry values equal scikit-learn', () => {
  it.each(ref.classification.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const input: EvalInput = clsInputs(c);
    const want = expected(c);
    for (const m of METRICS.filter((d) => d.task === 'classification')) {
      if (want[m.id] === undefined) expect(() => m.fn(input), m.id).toThrow(MetricError);
      else expectClose(m.fn(input), want[m.id]!, m.id);
    }
  });

  it.each(ref.regression.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const input = { yTrue: c.y_true, yPred: c.y_pred, sampleWeight: c.sample_weight ?? undefined };
    for (const m of METRICS.filter((d) => d.task === 'regression')) expectClose(m.fn(input), c.expect[m.id as 'mae'], m.id);
  });
});

describe('registry table', () => {
  it('ids and scorer names are unique; every metric has a label and a scorer', () => {
    expect(new Set(METRIC_IDS).size).toBe(METRICS.length);
    expect(new Set(SCORERS).size).toBe(METRICS.length);
    for (const m of METRICS) expect(m.label && m.scorer, m.id).toBeTruthy();
  });

  it('the search scorers of the issue exist and are greater-is-better', () => {
    const input = { yTrue: [1, 2, 3, 4], yPred: [1.5, 2, 2.5, 5] };
    expect(scorer('r2').score(input)).toBeCloseTo(0.7, 12);
    expect(scorer('neg_root_mean_squared_error').score(input)).toBeCloseTo(-Math.sqrt(1.5 / 4), 12);
    expect(scorer('neg_mean_absolute_error').score(input)).toBe(-0.5);
    const cls = { yTrue: Int32Array.of(0, 1, 1, 0), yPred: [0, 1, 0, 0], proba: [0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.9, 0.1] };
    expect(scorer('accuracy').score(cls)).toBe(0.75);
    expect(scorer('f1').score(cls)).toBeCloseTo(2 / 3, 15);
    expect(scorer('roc_auc').score(cls)).toBe(1);
    expect(scorer('neg_log_loss').score(cls)).toBeCloseTo((Math.log(0.8) + Math.log(0.7) + Math.log(0.4) + Math.log(0.9)) / 4, 15);
  });

  it('unknown ids and scorers are errors that list the choices', () => {
    expect(() => metricDef('auc')).toThrow(/Unknown metric "auc"; metrics are mae, mse/);
    expect(() => scorer('neg_mae')).toThrow(/scorers are neg_mean_absolute_error/);
    expect(metricDef('r2').greaterIsBetter).toBe(true);
  });

  it('metricsFor picks the metrics of a task', () => {
    const ids = (ms: { id: string }[]) => ms.map((m) => m.id);
    expect(ids(metricsFor('regression'))).toEqual(['mae', 'mse', 'rmse', 'r2', 'mape']);
    const binary = ids(metricsFor('binary'));
    expect(binary).toContain('f1');
    expect(binary).toContain('roc_auc');
    expect(binary).not.toContain('roc_auc_ovr');
    const multi = ids(metricsFor('multiclass'));
    expect(multi).toContain('roc_auc_ovr_weighted');
    expect(multi).not.toContain('f1');
    expect(ids(metricsFor('multiclass', { proba: false }))).not.toContain('log_loss');
  });

  it('computeMetrics turns an undefined metric into NaN with the reason', () => {
    const out = computeMetrics([metricDef('accuracy'), metricDef('roc_auc'), metricDef('log_loss')], { yTrue: Int32Array.of(0, 0), yPred: [0, 1] });
    expect(out[0]).toEqual({ id: 'accuracy', label: 'Accuracy', greaterIsBetter: true, value: 0.5 });
    expect(out[1].value).toBeNaN();
    expect(out[1].error).toMatch(/needs predicted probabilities/);
  });

  it('ROC AUC on more than two classes points to the one-vs-rest metrics', () => {
    const input = { yTrue: Int32Array.of(0, 1, 2), yPred: [0, 1, 2], proba: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(() => metricDef('roc_auc').fn(input)).toThrow(/use roc_auc_ovr/);
    expect(metricDef('roc_auc_ovr').fn(input)).toBe(1);
  });
});
