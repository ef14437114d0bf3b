/** The Monitor page's pure helpers: monitorable targets, the form draft as a MonitorInput, columns ranked by drift, the timelines drawn. */
import { describe, expect, it } from 'vitest';
import { checkColumnSetting } from '../../../src/lib/monitor/drift';
import type { ColumnDrift, MonitorRecord, WindowResult } from '../../../src/lib/monitor/types';
import type { Signature } from '../../../src/lib/registry/types';
import type { ServedModel } from '../../../src/lib/serve/contract';
import type { DeploymentRecord } from '../../../src/lib/serve/types';
import { defaultDraft, draftInput, monitorTargets } from '../../../src/state/monitor-form';
import { driftTests, metricLines, rankColumns, ruleMetrics, scoreText } from '../../../src/state/monitor-present';

const sig = (task: 'binary' | 'regression'): Signature => ({
  inputs: [
    { name: 'x', type: 'float', required: true, min: 0, max: 1 },
    { name: 'colour', type: 'categorical', required: true, categories: ['red', 'blue', 'green'] },
    { name: 'note', type: 'text', required: false },
  ],
  output: task === 'binary' ? { name: 'y', task, classes: ['no', 'yes'] } : { name: 'y', task, classes: null },
});
const models: ServedModel[] = [
  { name: 'm', aliases: { champion: 1, challenger: 2 }, deployments: [], versions: [{ version: 1, stage: 'Production', signature: sig('binary') }, { version: 2, stage: 'None', signature: sig('regression') }] },
];
const dep = (over: Partial<DeploymentRecord>): DeploymentRecord => ({
  id: 'd1', name: 'canary', model: 'm', alias: 'champion', strategy: 'canary', primary: { alias: 'champion' }, candidate: { alias: 'challenger' }, canaryPercent: 10,
  stickyKey: null, live: 'blue', suite: null, status: 'active', history: [], created: 0, updated: 0, ...over,
});

describe('what can be monitored', () => {
  it('answers each endpoint by its active deployment or its alias, then the other deployments', () => {
    const t = monitorTargets(models, [dep({}), dep({ id: 'd0', name: 'old', status: 'stopped', strategy: 'single' })]);
    expect(t.map((x) => x.key)).toEqual(['endpoint:m@challenger', 'd1', 'd0']);
    expect(t[1].label).toMatch(/m@champion — deployment "canary" \(canary\)/);
    expect(t[0].task).toBe('regression');
    expect(t[1].task).toBe('binary');
    expect(t[2].label).toMatch(/\(stopped\)/);
  });

  it('drafts every watchable input (free text is not), and turns the draft into the engine input', () => {
    const [target] = monitorTargets(models, []);
    const d = defaultDraft(target);
    expect(d.columns.map((c) => c.column)).toEqual(['x', 'colour']);
    expect(draftInput(d)).toEqual({
      name: undefined, deployment: 'endpoint:m@challenger', reference: { kind: 'training' }, window: { kind: 'last', n: 500 },
      columns: [{ column: 'x' }, { column: 'colour' }], datasetShare: 0.5,
      rules: [{ metric: 'dataset_drift_share', op: '>=', threshold: 0.5, windows: 2 }], automation: 'alert', retrainVersion: null,
    });
    d.name = '  nightly  ';
    d.columns[0] = { ...d.columns[0], method: 'psi', threshold: 0.2 };
    d.columns[1] = { ...d.columns[1], watched: false };
    d.window = 'period';
    d.period = 'day';
    d.reference = 'log';
    d.refFrom = '2024-01-01T00:00';
    d.refTo = '2024-01-02T00:00';
    const input = draftInput(d);
    expect(input.name).toBe('nightly');
    expect(input.columns).toEqual([{ column: 'x', method: 'psi', threshold: 0.2 }]);
    expect(input.window).toEqual({ kind: 'period', period: 'day' });
    expect(input.reference).toEqual({ kind: 'log', from: new Date('2024-01-01T00:00').getTime(), to: new Date('2024-01-02T00:00').getTime() });
    // An emptied number input (null) means the test's default threshold.
    d.columns[0] = { ...d.columns[0], threshold: null };
    expect(draftInput(d).columns).toEqual([{ column: 'x', method: 'psi' }]);
  });

  it('offers the registry\'s tests, each accepted by the engine for a column it fits', () => {
    const tests = driftTests();
    expect(tests.map((t) => t.id).sort()).toEqual(['anderson', 'chisquare', 'cvm', 'hellinger', 'jensenshannon', 'kl', 'ks', 'psi', 'wasserstein', 'z']);
    for (const t of tests) expect(checkColumnSetting({ column: 'x', method: t.id }, { name: 'x', type: 'float' }).method).toBe(t.id);
  });
});

const col = (column: string, method: string, score: number, threshold: number, drifted: boolean): ColumnDrift => ({
  column, kind: 'numeric', method, score, threshold, drifted, reference: { labels: [], shares: [] }, current: { labels: [], shares: [] },
});

describe('columns ranked by drift', () => {
  it('puts drifted columns first, then the ones furthest past their threshold, p-values and distances alike', () => {
    const ranked = rankColumns([
      col('a', 'ks', 0.04, 0.05, true),
      col('b', 'wasserstein', 0.5, 0.1, true),
      col('c', 'ks', 0.9, 0.05, false),
      col('d', 'psi', 0.09, 0.1, false),
      col('e', 'ks', 1e-12, 0.05, true),
    ]);
    expect(ranked.map((r) => r.drift.column)).toEqual(['e', 'b', 'a', 'd', 'c']);
    expect(ranked.find((r) => r.drift.column === 'a')!.scoreKind).toBe('p_value');
    expect(ranked.find((r) => r.drift.column === 'b')!.scoreKind).toBe('distance');
  });

  it('writes scores briefly', () => {
    expect([scoreText(2.1234e-25), scoreText(0.123456), scoreText(0), scoreText(null), scoreText(NaN)]).toEqual(['2.12e-25', '0.123', '0', '–', '–']);
  });
});

describe('the timelines', () => {
  const monitor = { id: 'mon', columns: [{ column: 'x' }], rules: [{ id: 'r', metric: 'drift:x', op: '<', threshold: 0.01, windows: 1 }] } as unknown as MonitorRecord;
  const result = (start: number, perf: boolean): WindowResult => ({
    monitor: 'mon', start, end: start + 1, rows: 10, columns: [col('x', 'ks', 0.2, 0.05, false)], datasetDrift: { share: 0, drifted: false },
    predictionDrift: null, targetDrift: null, multivariate: null,
    quality: { missingShare: 0, outOfRange: 0, unseenCategories: 0, violations: 0, rows: 10, reference: { missingShare: 0 } },
    performance: perf ? { labelled: 10, metrics: { accuracy: 0.6, unknown_labels: 0 }, reference: { accuracy: 0.9 } } : null,
    software: { p50: 1, p95: 2, p99: 3, throughput: 10, errors: 0, modelBytes: 100 }, detections: [], computed: 0,
  });

  it('draws the headline metrics, performance once labelled (with the evaluation as reference), then each column', () => {
    const before = metricLines(monitor, [result(0, false)]);
    expect(before.map((l) => l.metric)).toEqual(['dataset_drift_share', 'missing_share', 'latency_p95', 'drift:x']);
    const after = metricLines(monitor, [result(0, false), result(1, true)]);
    expect(after.map((l) => l.metric)).toEqual(['dataset_drift_share', 'accuracy', 'missing_share', 'latency_p95', 'drift:x']);
    expect(after[1].reference).toEqual({ value: 0.9, label: "the model's evaluation" });
    const x = after[4];
    expect(x.rule?.threshold).toBe(0.01);
    expect(x.testThreshold).toEqual({ value: 0.05, op: '<' });
    expect(x.unit).toBe(true);
  });

  it('lets rules name fixed metrics, column drift and the performance metrics seen', () => {
    const m = ruleMetrics(monitor, [result(0, true)]);
    expect(m).toContain('dataset_drift_share');
    expect(m).toContain('drift:x');
    expect(m).toContain('accuracy');
    expect(m).not.toContain('unknown_labels');
  });
});
