/**
 * Alert rules without storage: the metrics a rule may name, a window result's value for a metric,
 * checking a rule, and which windows complete a streak of `windows` consecutive breaking windows.
 *
 * Metrics: dataset_drift_share, drift:<column> (that column's drift score), prediction_drift and
 * target_drift (scores), multivariate_error, missing_share, out_of_range, unseen_categories,
 * violations, rows, latency_p50/p95/p99, throughput, errors, model_bytes, drift_detections (drift
 * events of the streaming detectors), and any performance metric id (accuracy, f1, rmse, …).
 * A window where the metric is undefined (no labels yet, a column not scored) does not break
 * the rule and ends a streak. Open (partial) windows never count.
 */
import { BenchtopError } from '../errors';
import { METRIC_IDS } from '../ml/metrics';
import type { AlertRule, WindowResult } from './types';

export const RULE_OPS = ['>', '>=', '<', '<='] as const;
export const FIXED_METRICS = [
  'dataset_drift_share', 'prediction_drift', 'target_drift', 'multivariate_error', 'missing_share', 'out_of_range', 'unseen_categories',
  'violations', 'rows', 'latency_p50', 'latency_p95', 'latency_p99', 'throughput', 'errors', 'model_bytes', 'drift_detections',
] as const;
export const MAX_RULE_WINDOWS = 1000;

const bad = (message: string, detail: Record<string, unknown>): never => { throw new BenchtopError('BAD_MONITOR', message, detail); };

/** Whether a metric name is one a rule can watch (`columns`: the monitor's watchable columns, for drift:<column>). */
export function checkRuleMetric(metric: unknown, columns: readonly string[]): string {
  if (typeof metric !== 'string' || !metric) return bad('An alert rule needs a metric name.', { field: 'metric' });
  if (metric.startsWith('drift:')) {
    const col = metric.slice(6);
    if (!columns.includes(col)) bad(`The rule metric "${metric}" names no watched column; columns are ${columns.join(', ') || '(none)'}.`, { field: 'metric', choices: columns.map((c) => `drift:${c}`) });
    return metric;
  }
  if (!(FIXED_METRICS as readonly string[]).includes(metric) && !METRIC_IDS.includes(metric)) {
    bad(`Unknown rule metric "${metric}"; metrics are ${[...FIXED_METRICS, 'drift:<column>', ...METRIC_IDS].join(', ')}.`, { field: 'metric', choices: [...FIXED_METRICS, ...METRIC_IDS] });
  }
  return metric;
}

/** Checks a rule (an id is given when missing). */
export function checkRule(r: unknown, columns: readonly string[]): AlertRule {
  const o = (r ?? {}) as Partial<AlertRule>;
  const metric = checkRuleMetric(o.metric, columns);
  if (!RULE_OPS.includes(o.op as never)) bad(`The rule on ${metric} needs a comparison, one of ${RULE_OPS.join(' ')}; got ${JSON.stringify(o.op)}.`, { field: 'op', choices: RULE_OPS });
  if (typeof o.threshold !== 'number' || !Number.isFinite(o.threshold)) bad(`The threshold of the rule on ${metric} must be a finite number; got ${JSON.stringify(o.threshold)}.`, { field: 'threshold' });
  const w = o.windows ?? 1;
  if (!Number.isInteger(w) || w < 1 || w > MAX_RULE_WINDOWS) bad(`The rule on ${metric} must fire after 1 to ${MAX_RULE_WINDOWS} consecutive windows; got ${JSON.stringify(w)}.`, { field: 'windows', min: 1, max: MAX_RULE_WINDOWS });
  return { id: typeof o.id === 'string' && o.id ? o.id : crypto.randomUUID(), metric, op: o.op!, threshold: o.threshold!, windows: w };
}

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A window's value for a rule metric, or null when the window has none. */
export function metricValue(r: WindowResult, metric: string): number | null {
  if (metric.startsWith('drift:')) return num(r.columns.find((c) => c.column === metric.slice(6))?.score);
  switch (metric) {
    case 'dataset_drift_share': return r.columns.length ? num(r.datasetDrift.share) : null;
    case 'prediction_drift': return num(r.predictionDrift?.score);
    case 'target_drift': return num(r.targetDrift?.score);
    case 'multivariate_error': return num(r.multivariate?.error);
    case 'missing_share': return num(r.quality.missingShare);
    case 'out_of_range': return r.quality.outOfRange;
    case 'unseen_categories': return r.quality.unseenCategories;
    case 'violations': return r.quality.violations;
    case 'rows': return r.rows;
    case 'latency_p50': return num(r.software.p50);
    case 'latency_p95': return num(r.software.p95);
    case 'latency_p99': return num(r.software.p99);
    case 'throughput': return num(r.software.throughput);
    case 'errors': return r.software.errors;
    case 'model_bytes': return num(r.software.modelBytes);
    case 'drift_detections': return r.detections.filter((d) => d.level === 'drift').length;
    default: return num(r.performance?.metrics[metric]);
  }
}

export function breaks(rule: Pick<AlertRule, 'op' | 'threshold'>, v: number | null): boolean {
  if (v === null) return false;
  switch (rule.op) {
    case '>': return v > rule.threshold;
    case '>=': return v >= rule.threshold;
    case '<': return v < rule.threshold;
    case '<=': return v <= rule.threshold;
  }
}

/** A streak that completes at window `at`: the index of its first window and the value at `at`. */
export interface Streak { first: number; at: number; value: number }

/**
 * Windows (results in time order, partial ones skipped) where `rule` has broken for `rule.windows`
 * consecutive complete windows; a streak completes once (at its `windows`-th window), however long it lasts.
 */
export function streaks(rule: AlertRule, results: readonly WindowResult[]): Streak[] {
  const out: Streak[] = [];
  let run = 0, first = -1;
  results.forEach((r, i) => {
    if (r.partial) return;
    const v = metricValue(r, rule.metric);
    if (breaks(rule, v)) {
      if (run === 0) first = i;
      run++;
      if (run === rule.windows) out.push({ first, at: i, value: v! });
    } else run = 0;
  });
  return out;
}

/** "accuracy < 0.8 for 3 windows". */
export function describeRule(r: Pick<AlertRule, 'metric' | 'op' | 'threshold' | 'windows'>): string {
  return `${r.metric} ${r.op} ${r.threshold}${r.windows > 1 ? ` for ${r.windows} consecutive windows` : ''}`;
}
