/**
 * Pure helpers of the Monitor page (no runes, no DOM): drift tests as select choices (the registry's
 * plain metadata), a window's columns ranked by how far past their threshold they are, the metrics
 * the timelines draw with their rule thresholds, and figures as text.
 */
import { driftSeverity, testIds, testMeta } from '../lib/monitor/drift';
import { METRICS } from '../lib/ml/metrics/registry';
import { FIXED_METRICS, metricValue } from '../lib/monitor/rules';
import type { AlertRule, ColumnDrift, DriftTestMeta, MonitorRecord, WindowResult } from '../lib/monitor/types';

/** Every drift test's metadata (id, label, column kinds, p-value or distance, default threshold, help). */
export function driftTests(): DriftTestMeta[] {
  return testIds().map((id) => testMeta(id));
}

export function testLabel(id: string): string {
  try { return testMeta(id).label; } catch { return id; }
}

export interface RankedColumn {
  drift: ColumnDrift;
  scoreKind: 'p_value' | 'distance';
  /** How far past (> 1) or short of (< 1) its threshold the score is: threshold/score for p-values, score/threshold for distances (log scale for p-values). */
  severity: number;
}

/** The columns, most drifted first. */
export function rankColumns(columns: readonly ColumnDrift[]): RankedColumn[] {
  return columns.map((drift) => {
    const scoreKind = driftSeverity(drift);
    const severity = scoreKind === 'p_value'
      ? Math.log10(Math.max(drift.score, 1e-300)) / Math.log10(Math.min(Math.max(drift.threshold, 1e-300), 0.999999))
      : drift.threshold > 0 ? drift.score / drift.threshold : drift.score;
    return { drift, scoreKind, severity: Number.isFinite(severity) ? severity : 0 };
  }).sort((a, b) => Number(b.drift.drifted) - Number(a.drift.drifted) || b.severity - a.severity || a.drift.column.localeCompare(b.drift.column));
}

export function scoreText(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/** A timeline: the metric id (as rules name it), its title, whether it lives on 0..1, and its reference level. */
export interface MetricLine {
  metric: string;
  title: string;
  unit: boolean;
  /** The rule on it (the first one), drawn as the threshold band. */
  rule: AlertRule | null;
  /** A level to compare with (the model's evaluation for performance metrics). */
  reference: { value: number; label: string } | null;
  /** The drift test's threshold for column scores (when no rule watches the column). */
  testThreshold: { value: number; op: '>' | '<' } | null;
}

const TITLES: Record<string, string> = {
  dataset_drift_share: 'Dataset drift share (drifted columns)', prediction_drift: 'Prediction drift score', target_drift: 'Target drift score',
  multivariate_error: 'Multivariate (PCA reconstruction) error', missing_share: 'Missing share', out_of_range: 'Values out of the reference range',
  unseen_categories: 'Unseen categories', violations: 'Signature violations', rows: 'Rows', latency_p50: 'Latency p50 (ms)', latency_p95: 'Latency p95 (ms)',
  latency_p99: 'Latency p99 (ms)', throughput: 'Throughput (predictions/s)', errors: 'Errors (refused rows)', model_bytes: 'Model memory (bytes)', drift_detections: 'Detector drift events',
};

const PERF = new Map(METRICS.map((d) => [d.id, d.label]));

export const metricTitle = (m: string): string =>
  m.startsWith('drift:') ? `Drift score of ${m.slice(6)}` : TITLES[m] ?? (PERF.has(m) ? `${PERF.get(m)} on labelled predictions` : m);

/** Metrics a rule may name for this monitor: fixed ones, each column's drift, and performance metrics seen in results. */
export function ruleMetrics(m: { columns: readonly { column: string }[] }, results: readonly WindowResult[] = [], perf: readonly string[] = []): string[] {
  const seen = new Set(perf);
  for (const r of results) for (const k of Object.keys(r.performance?.metrics ?? {})) if (k !== 'unknown_labels') seen.add(k);
  return [...FIXED_METRICS, ...m.columns.map((c) => `drift:${c.column}`), ...seen];
}

/** The timelines to draw: the headline metrics, performance metrics once labelled, then each column's score. */
export function metricLines(m: MonitorRecord, results: readonly WindowResult[]): MetricLine[] {
  const perf = new Set<string>();
  let reference: Record<string, number | null> = {};
  for (const r of results) if (r.performance) { for (const k of Object.keys(r.performance.metrics)) if (k !== 'unknown_labels' && r.performance.metrics[k] !== null) perf.add(k); reference = r.performance.reference; }
  const preferred = ['accuracy', 'f1', 'rmse', 'mae', 'r2'].filter((k) => perf.has(k));
  const perfShown = preferred.length ? preferred : [...perf].slice(0, 2);
  const any = (metric: string) => results.some((r) => metricValue(r, metric) !== null);
  const line = (metric: string, unit: boolean): MetricLine => {
    const ref = reference[metric];
    const col = metric.startsWith('drift:') ? results.findLast((r) => r.columns.some((c) => c.column === metric.slice(6)))?.columns.find((c) => c.column === metric.slice(6))
      : metric === 'prediction_drift' ? results.findLast((r) => r.predictionDrift)?.predictionDrift ?? undefined
      : metric === 'target_drift' ? results.findLast((r) => r.targetDrift)?.targetDrift ?? undefined : undefined;
    const kind = col ? driftSeverity(col) : null;
    return {
      metric, title: metricTitle(metric), unit: unit || kind === 'p_value', rule: m.rules.find((r) => r.metric === metric) ?? null,
      reference: typeof ref === 'number' ? { value: ref, label: "the model's evaluation" } : null,
      testThreshold: col ? { value: col.threshold, op: kind === 'p_value' ? '<' : '>' } : null,
    };
  };
  return [
    line('dataset_drift_share', true),
    ...(any('prediction_drift') ? [line('prediction_drift', false)] : []),
    ...(any('target_drift') ? [line('target_drift', false)] : []),
    ...perfShown.map((k) => line(k, ['accuracy', 'f1', 'precision', 'recall', 'roc_auc', 'balanced_accuracy'].includes(k))),
    line('missing_share', true),
    line('latency_p95', false),
    ...(any('multivariate_error') ? [line('multivariate_error', false)] : []),
    ...m.columns.map((c) => line(`drift:${c.column}`, false)),
  ];
}

export { metricValue };
