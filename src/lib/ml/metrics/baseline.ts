/**
 * The baseline shown beside every model: scikit-learn's DummyRegressor (mean of the training
 * target) and DummyClassifier(strategy='prior') (predicts the majority class, probabilities =
 * the training class shares), both with optional sample weights. A model that does not beat
 * its baseline has learned nothing useful.
 */
import type { Task } from '../model';
import { checkLabels, checkLengths, MetricError, npAverage, npSum, type Vec } from './numeric';
import { computeMetrics, metricsFor, type EvalInput, type MetricDef } from './registry';

export type Baseline =
  | { kind: 'mean'; value: number }
  | { kind: 'prior'; k: number; prior: Float64Array; majority: number };

/** Fits the baseline on the training target (class indices 0..k-1 for classification). */
export function fitBaseline(task: Task, yTrain: Vec, opts: { k?: number; sampleWeight?: Vec } = {}): Baseline {
  const w = opts.sampleWeight;
  checkLengths(yTrain.length, { sample_weight: w });
  if (task === 'regression') return { kind: 'mean', value: npAverage(yTrain, w) };
  const k = opts.k ?? 2;
  checkLabels('y_train', yTrain, k);
  const counts = new Float64Array(k), seen = new Uint8Array(k);
  for (let i = 0; i < yTrain.length; i++) {
    counts[yTrain[i]] += w ? w[i] : 1;
    seen[yTrain[i]] = 1;
  }
  // np.bincount over the classes present, divided by its sum.
  const present = [...seen.keys()].filter((c) => seen[c]);
  const total = npSum(present.map((c) => counts[c]));
  if (total === 0) throw new MetricError('BAD_VALUE', 'The training weights sum to 0: no class prior to predict.');
  const prior = counts.map((v) => v / total);
  let majority = 0;
  for (let c = 1; c < k; c++) if (prior[c] > prior[majority]) majority = c;
  return { kind: 'prior', k, prior, majority };
}

/** The baseline's predictions for n rows (and for classification its probabilities, n × k). */
export function baselinePredict(b: Baseline, n: number): { yPred: Float64Array; proba?: Float64Array } {
  if (b.kind === 'mean') return { yPred: new Float64Array(n).fill(b.value) };
  const proba = new Float64Array(n * b.k);
  for (let i = 0; i < n; i++) proba.set(b.prior, i * b.k);
  return { yPred: new Float64Array(n).fill(b.majority), proba };
}

/** One metric for the model and its baseline; `better` is null when either value is undefined. */
export interface MetricComparison {
  id: string;
  label: string;
  greaterIsBetter: boolean;
  model: number;
  baseline: number;
  better: boolean | null;
  error?: string;
}

/** Every metric of the task (or `metrics`) for the model's predictions and for the baseline's. */
export function compareWithBaseline(task: Task, input: EvalInput, baseline: Baseline, metrics?: readonly MetricDef[]): MetricComparison[] {
  const defs = metrics ?? metricsFor(task, { proba: !!input.proba });
  const base = baselinePredict(baseline, input.yTrue.length);
  const k = input.k ?? (baseline.kind === 'prior' ? baseline.k : undefined);
  const model = computeMetrics(defs, { ...input, k });
  const dummy = computeMetrics(defs, { ...input, k, yPred: base.yPred, proba: base.proba });
  return model.map((m, j) => {
    const b = dummy[j].value, error = m.error ?? dummy[j].error;
    const defined = !Number.isNaN(m.value) && !Number.isNaN(b);
    return {
      id: m.id, label: m.label, greaterIsBetter: m.greaterIsBetter, model: m.value, baseline: b,
      better: defined ? (m.greaterIsBetter ? m.value > b : m.value < b) : null,
      ...(error ? { error } : {}),
    };
  });
}
