/**
 * The promotion gate's arithmetic, without data: each check compares the candidate's metric on
 * the holdout rows with a threshold ('min': at least, 'max': at most) or with the current
 * champion's ('delta': the candidate improves on it by at least the threshold, where improving
 * means higher for metrics where greater is better and lower for losses such as RMSE or log
 * loss). A check on a metric that is undefined on these rows fails. Without a champion a delta
 * check has nothing to compare with and passes (it says so).
 */
import { BenchtopError } from '../errors';
import type { Task } from '../ml/model';
import { metricDef, metricsFor, type MetricDef } from '../ml/metrics';
import type { GateCheck } from './types';

export type CheckSpec = Pick<GateCheck, 'metric' | 'kind' | 'threshold'>;
export const CHECK_KINDS: readonly GateCheck['kind'][] = ['min', 'max', 'delta'];

/** Room for rounding: 0.1 + 0.2 − 0.2 ≥ 0.1 passes. */
const EPS = 1e-12;

/** The metric a check names, if the task has it; BAD_REGISTRY listing the task's metrics otherwise. */
export function checkMetric(spec: CheckSpec, task: Task): MetricDef {
  const choices = metricsFor(task).map((m) => m.id);
  if (!choices.includes(spec.metric)) {
    throw new BenchtopError('BAD_REGISTRY', `The gate cannot check "${spec.metric}" for a ${task} model; its metrics are ${choices.join(', ')}.`, { field: 'metric', value: spec.metric, choices });
  }
  if (!CHECK_KINDS.includes(spec.kind)) {
    throw new BenchtopError('BAD_REGISTRY', `Unknown check kind "${String(spec.kind)}" for ${spec.metric}; kinds are min, max and delta.`, { field: 'kind', value: spec.kind, choices: [...CHECK_KINDS] });
  }
  if (typeof spec.threshold !== 'number' || !Number.isFinite(spec.threshold)) {
    throw new BenchtopError('BAD_REGISTRY', `The threshold of the ${spec.kind} check on ${spec.metric} must be a finite number.`, { field: 'threshold', value: spec.threshold });
  }
  return metricDef(spec.metric);
}

/** Evaluates the checks; `champion` is null when the model has no champion (or it is the candidate). */
export function evaluateChecks(
  specs: readonly CheckSpec[], task: Task,
  candidate: Record<string, number | null>, champion: Record<string, number | null> | null,
): GateCheck[] {
  if (specs.length === 0) throw new BenchtopError('BAD_REGISTRY', 'A gate needs at least one check (a metric with min, max or delta and a threshold).', { field: 'checks' });
  return specs.map((spec) => {
    const def = checkMetric(spec, task);
    const c = finite(candidate[spec.metric]);
    const h = champion ? finite(champion[spec.metric]) : null;
    const tol = EPS * Math.max(1, Math.abs(spec.threshold));
    let passed: boolean;
    if (spec.kind === 'min') passed = c !== null && c >= spec.threshold - tol;
    else if (spec.kind === 'max') passed = c !== null && c <= spec.threshold + tol;
    else if (!champion) passed = c !== null;
    else passed = c !== null && h !== null && improvement(def, c, h) >= spec.threshold - tol;
    return { metric: spec.metric, kind: spec.kind, threshold: spec.threshold, candidate: c, champion: h, passed };
  });
}

/** How much better `c` is than `h`: c − h when greater is better, h − c for losses. */
export function improvement(def: Pick<MetricDef, 'greaterIsBetter'>, c: number, h: number): number {
  return def.greaterIsBetter ? c - h : h - c;
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (v: number | null) => (v === null ? 'undefined' : String(Number(v.toPrecision(4))));

/** "accuracy ≥ 0.9", "rmse ≤ 2", "log_loss improves on the champion by ≥ 0.01". */
export function describeCheck(c: CheckSpec): string {
  if (c.kind === 'min') return `${c.metric} ≥ ${c.threshold}`;
  if (c.kind === 'max') return `${c.metric} ≤ ${c.threshold}`;
  return `${c.metric} improves on the champion by ≥ ${c.threshold}`;
}

/** "accuracy ≥ 0.9 failed (candidate 0.85)", with the champion's value for delta checks. */
export function describeFailure(c: GateCheck): string {
  const champion = c.kind === 'delta' && c.champion !== null ? `, champion ${fmt(c.champion)}` : c.kind === 'delta' ? ', champion undefined' : '';
  return `${describeCheck(c)} failed (candidate ${fmt(c.candidate)}${champion})`;
}

/** Checks a gate starts with: no worse than the champion on the main metrics, and better than chance. */
export function defaultChecks(task: Task): CheckSpec[] {
  if (task === 'regression') {
    return [
      { metric: 'r2', kind: 'min', threshold: 0 },
      { metric: 'rmse', kind: 'delta', threshold: 0 },
    ];
  }
  const checks: CheckSpec[] = [
    { metric: 'accuracy', kind: 'delta', threshold: 0 },
    { metric: 'f1_macro', kind: 'delta', threshold: 0 },
  ];
  if (task === 'binary') checks.push({ metric: 'balanced_accuracy', kind: 'min', threshold: 0.5 });
  return checks;
}
