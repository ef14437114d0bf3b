/**
 * Performance of a window from the ground-truth labels attached so far: the training stage's
 * metrics (ml/metrics: accuracy, F1, … for classifiers; RMSE, MAE, R² … for regression) on the
 * window's labelled, answered rows, beside the version's logged test metrics. Classifier rows whose
 * label is not one of the model's classes cannot be scored: they are counted in `unknown_labels`
 * and left out. Probability metrics need every scored row's probabilities.
 */
import { computeMetrics, metricsFor } from '../ml/metrics';
import type { Task } from '../ml/model';
import type { WindowResult } from './types';

export interface PerformanceInput {
  output: readonly (string | number | null)[];
  proba: readonly (number[] | null)[];
  labels: readonly (string | number | undefined)[];
}

export interface ModelInfo {
  task: Task;
  classes: readonly string[] | null;
  /** The version's logged test metrics. */
  metrics: Readonly<Record<string, number>>;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function windowPerformance(w: PerformanceInput, model: ModelInfo): WindowResult['performance'] {
  const rows: number[] = [];
  for (let i = 0; i < w.labels.length; i++) if (w.labels[i] !== undefined && w.output[i] !== null) rows.push(i);
  if (!rows.length) return null;
  const defs = metricsFor(model.task);
  const reference = Object.fromEntries(defs.map((d) => [d.id, typeof model.metrics[d.id] === 'number' ? model.metrics[d.id] : null]));
  const metrics: Record<string, number | null> = {};
  if (model.task === 'regression') {
    const yTrue: number[] = [], yPred: number[] = [];
    for (const i of rows) {
      const t = Number(w.labels[i]), p = Number(w.output[i]);
      if (Number.isFinite(t) && Number.isFinite(p)) { yTrue.push(t); yPred.push(p); }
    }
    if (!yTrue.length) return { labelled: rows.length, metrics: { unknown_labels: rows.length }, reference };
    for (const m of computeMetrics(defs, { yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred) })) metrics[m.id] = finite(m.value);
    metrics.unknown_labels = rows.length - yTrue.length;
    return { labelled: rows.length, metrics, reference };
  }
  const classes = model.classes ?? [], k = classes.length, index = new Map(classes.map((c, j) => [c, j]));
  const yTrue: number[] = [], yPred: number[] = [], proba: number[] = [];
  let withProba = true;
  for (const i of rows) {
    const t = index.get(String(w.labels[i])), p = index.get(String(w.output[i]));
    if (t === undefined || p === undefined) continue;
    yTrue.push(t); yPred.push(p);
    const pr = w.proba[i];
    if (pr && pr.length === k) proba.push(...pr);
    else withProba = false;
  }
  if (!yTrue.length) return { labelled: rows.length, metrics: { unknown_labels: rows.length }, reference };
  const input = { yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred), k, ...(withProba ? { proba: Float64Array.from(proba) } : {}) };
  for (const m of computeMetrics(metricsFor(model.task, { proba: withProba }), input)) metrics[m.id] = finite(m.value);
  metrics.unknown_labels = rows.length - yTrue.length;
  return { labelled: rows.length, metrics, reference };
}
