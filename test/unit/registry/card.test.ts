import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../src/lib/ml/evaluate-report';
import { cardMarkdown, computedCard, newCard } from '../../../src/lib/registry/card';
import type { ModelDoc, ModelVersionRecord } from '../../../src/lib/registry/types';

const doc: ModelDoc = {
  format: 'benchtop-model-v1', model: 'logistic-regression', task: 'binary', target: 'label', features: ['x1', 'x2'], classes: ['no', 'yes'],
  imputed: [], params: { C: 1, max_iter: 100 }, datasetVersion: 'abc123', weights: {},
};
const metric = (id: string, value: number | null) => ({ id, label: id, greaterIsBetter: true, value });
const evaluation = {
  task: 'binary', n: 50, classes: ['no', 'yes'],
  metrics: [metric('accuracy', 0.9), metric('roc_auc', null)],
  baseline: { kind: 'prior', metrics: [metric('accuracy', 0.6), metric('roc_auc', 0.5)], comparison: [] },
  sliceColumn: 'group',
  slices: [
    { category: 'a|b', code: 0, count: 30, share: 0.6, small: false, metrics: [metric('accuracy', 0.95)] },
    { category: 'c', code: 1, count: 20, share: 0.4, small: false, metrics: [metric('accuracy', 0.825)] },
  ],
  worst: [],
} as unknown as EvaluationReport;
const trainingData = { datasetId: 'd1', datasetName: 'Customers', versionId: 'abc123', rows: 200, recipeIds: ['r1'] };

describe('model card', () => {
  it('computes algorithm, training data, metrics beside the baseline, slices and params', () => {
    const c = computedCard({ run: { metrics: { accuracy: 0.9, train_rows: 150, test_rows: 50 } }, doc, evaluation, trainingData });
    expect(c.algorithm).toBe('Logistic regression');
    expect(c.trainingData).toEqual({ ...trainingData, trainRows: 150, testRows: 50 });
    expect(c.metrics).toEqual([{ id: 'accuracy', value: 0.9, baseline: 0.6 }, { id: 'roc_auc', value: null, baseline: 0.5 }]);
    expect(c.slices).toEqual({ column: 'group', rows: [{ slice: 'a|b', count: 30, metrics: [{ id: 'accuracy', value: 0.95 }] }, { slice: 'c', count: 20, metrics: [{ id: 'accuracy', value: 0.825 }] }] });
    expect(c.params).toEqual({ C: 1, max_iter: 100 });
  });

  it('without an evaluation, takes the run\'s metrics and leaves out bookkeeping', () => {
    const c = computedCard({ run: { metrics: { r2: 0.7, baseline_r2: 0, fit_time_s: 2, train_rows: 9, loss: 0.1 } }, doc: { ...doc, task: 'regression' }, evaluation: null, trainingData });
    expect(c.metrics).toEqual([{ id: 'r2', value: 0.7, baseline: 0 }]);
    expect(c.slices).toBeNull();
    expect(c.trainingData.testRows).toBeNull();
  });

  it('renders the whole card as Markdown, text fields marked when empty', () => {
    const card = newCard({ run: { metrics: { train_rows: 150, test_rows: 50 } }, doc, evaluation, trainingData });
    card.intendedUse = 'Rank leads for the sales team.';
    const v = {
      name: 'leads', version: 2, description: 'Scores leads', tags: {}, stage: 'Staging', source: { kind: 'run', runId: 'run1', experimentId: 'e' },
      lineage: { runId: 'run1', experimentId: 'e', datasetId: 'd1', datasetVersion: 'abc123', recipeIds: ['r1'] }, model: doc, recipes: [],
      signature: { inputs: [{ name: 'x1', type: 'float', required: true, min: -2, max: 2 }, { name: 'grp', type: 'categorical', required: false, categories: ['a', 'b'] }], output: { name: 'label', task: 'binary', classes: ['no', 'yes'] } },
      inputExample: [], metrics: {}, card, created: Date.UTC(2024, 0, 2), updated: 0,
    } as ModelVersionRecord;
    const md = cardMarkdown(v);
    expect(md).toMatch(/^# Model card: leads v2\n/);
    expect(md).toContain('## Intended use\n\nRank leads for the sales team.');
    expect(md).toContain('## Limitations\n\n_Not written yet._');
    expect(md).toContain('| accuracy | 0.9 | 0.6 |');
    expect(md).toContain('| roc_auc | — | 0.5 |');
    expect(md).toContain('## Metrics by group');
    expect(md).toContain('| a\\|b | 30 | 0.95 |');
    expect(md).toContain('| x1 | float | yes | -2 to 2 |');
    expect(md).toContain('| grp | categorical | no | a, b |');
    expect(md).toContain('- **Train / test rows:** 150 / 50');
    expect(md).toContain('- **Recipes (applied in order):** r1');
  });
});
