/** WindowResults and monitors for the monitoring unit tests (plain data, no storage). */
import type { ColumnDrift, MonitorRecord, WindowResult } from '../../../src/lib/monitor/types';

export const T0 = Date.UTC(2024, 4, 1);
export const HOUR = 3_600_000;

export function column(name: string, score: number, drifted: boolean, method = 'ks', threshold = 0.05): ColumnDrift {
  return {
    column: name, kind: 'numeric', method, threshold, score, drifted,
    reference: { labels: ['0–1', '1–2'], shares: [0.5, 0.5] }, current: { labels: ['0–1', '1–2'], shares: drifted ? [0.1, 0.9] : [0.5, 0.5] },
  };
}

/** Window i (hourly from T0), with some figures overridable. */
export function result(i: number, over: Partial<WindowResult> & { share?: number; accuracy?: number | null; p95?: number } = {}): WindowResult {
  const share = over.share ?? 0;
  const cols = over.columns ?? [column('x1', share >= 0.5 ? 0.001 : 0.4, share >= 0.5), column('x2', share >= 1 ? 0.002 : 0.6, share >= 1)];
  return {
    monitor: 'm1', start: T0 + i * HOUR, end: T0 + (i + 1) * HOUR, rows: 100, columns: cols,
    datasetDrift: { share, drifted: share >= 0.5 }, predictionDrift: column('prediction', 0.3, false, 'z'), targetDrift: null, multivariate: null,
    quality: { missingShare: 0.01, outOfRange: 0, unseenCategories: 0, violations: 0, rows: 100, reference: { missingShare: 0.01 } },
    performance: over.accuracy === undefined ? null : { labelled: 50, metrics: { accuracy: over.accuracy }, reference: { accuracy: 0.9 } },
    software: { p50: 1, p95: over.p95 ?? 2, p99: 3, throughput: 10, errors: 0, modelBytes: 1234 },
    detections: [], computed: T0, ...over,
  };
}

export function monitor(over: Partial<MonitorRecord> = {}): MonitorRecord {
  return {
    id: 'm1', name: 'churn monitor', deployment: 'endpoint:churn@champion', model: 'churn', reference: { kind: 'training' }, window: { kind: 'period', period: 'hour' },
    columns: [{ column: 'x1' }, { column: 'x2' }], datasetShare: 0.5, rules: [{ id: 'r1', metric: 'dataset_drift_share', op: '>=', threshold: 0.5, windows: 2 }],
    automation: 'alert', retrainVersion: null, created: T0, updated: T0, ...over,
  };
}
