/**
 * Every scalar metric, one line each: adding a metric is one function plus one line here.
 * `scorer` is the scikit-learn scorer name (`neg_…` for losses), used by hyper-parameter search:
 * a scorer is always "greater is better", a loss enters it negated.
 */
import type { Task } from '../model';
import { accuracyScore, balancedAccuracyScore, precisionRecallFscore, type Average } from './classification';
import { inferClassCount, MetricError, type Vec } from './numeric';
import { logLoss, rocAucScore } from './proba';
import { meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression';

/** What a metric scores: true values or classes, predictions, and for some the probabilities. */
export interface EvalInput {
  yTrue: Vec;
  /** Regression: predicted values. Classification: predicted class indices. */
  yPred: Vec;
  /** Classification: n × k row-major class probabilities. */
  proba?: Vec;
  /** Number of classes (default: from proba, else the largest index + 1). */
  k?: number;
  sampleWeight?: Vec;
}

export type MetricTask = 'regression' | 'classification';

export interface MetricDef {
  id: string;
  label: string;
  task: MetricTask;
  greaterIsBetter: boolean;
  /** Only for two classes, or listed only for more than two (it still works for two). */
  classes?: 'binary' | 'multiclass';
  needsProba?: boolean;
  scorer?: string;
  fn(input: EvalInput): number;
}

const k = (e: EvalInput): number => e.k ?? (e.proba ? e.proba.length / e.yTrue.length : inferClassCount(e.yTrue, e.yPred));
function proba(e: EvalInput): Vec {
  if (!e.proba) throw new MetricError('BAD_OPTION', 'This metric needs predicted probabilities; the model gave class predictions only.');
  return e.proba;
}
const prf = (e: EvalInput, average: Average) => precisionRecallFscore(e.yTrue, e.yPred, { k: k(e), average, sampleWeight: e.sampleWeight });

export const METRICS: readonly MetricDef[] = [
  { id: 'mae', label: 'MAE', task: 'regression', greaterIsBetter: false, scorer: 'neg_mean_absolute_error', fn: (e) => meanAbsoluteError(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'mse', label: 'MSE', task: 'regression', greaterIsBetter: false, scorer: 'neg_mean_squared_error', fn: (e) => meanSquaredError(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'rmse', label: 'RMSE', task: 'regression', greaterIsBetter: false, scorer: 'neg_root_mean_squared_error', fn: (e) => rootMeanSquaredError(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'r2', label: 'R²', task: 'regression', greaterIsBetter: true, scorer: 'r2', fn: (e) => r2Score(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'mape', label: 'MAPE', task: 'regression', greaterIsBetter: false, scorer: 'neg_mean_absolute_percentage_error', fn: (e) => meanAbsolutePercentageError(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'accuracy', label: 'Accuracy', task: 'classification', greaterIsBetter: true, scorer: 'accuracy', fn: (e) => accuracyScore(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'balanced_accuracy', label: 'Balanced accuracy', task: 'classification', greaterIsBetter: true, scorer: 'balanced_accuracy', fn: (e) => balancedAccuracyScore(e.yTrue, e.yPred, e.sampleWeight) },
  { id: 'precision', label: 'Precision', task: 'classification', classes: 'binary', greaterIsBetter: true, scorer: 'precision', fn: (e) => prf(e, 'binary').precision },
  { id: 'recall', label: 'Recall', task: 'classification', classes: 'binary', greaterIsBetter: true, scorer: 'recall', fn: (e) => prf(e, 'binary').recall },
  { id: 'f1', label: 'F1', task: 'classification', classes: 'binary', greaterIsBetter: true, scorer: 'f1', fn: (e) => prf(e, 'binary').fscore },
  { id: 'precision_macro', label: 'Precision (macro)', task: 'classification', greaterIsBetter: true, scorer: 'precision_macro', fn: (e) => prf(e, 'macro').precision },
  { id: 'recall_macro', label: 'Recall (macro)', task: 'classification', greaterIsBetter: true, scorer: 'recall_macro', fn: (e) => prf(e, 'macro').recall },
  { id: 'f1_macro', label: 'F1 (macro)', task: 'classification', greaterIsBetter: true, scorer: 'f1_macro', fn: (e) => prf(e, 'macro').fscore },
  { id: 'precision_weighted', label: 'Precision (weighted)', task: 'classification', greaterIsBetter: true, scorer: 'precision_weighted', fn: (e) => prf(e, 'weighted').precision },
  { id: 'recall_weighted', label: 'Recall (weighted)', task: 'classification', greaterIsBetter: true, scorer: 'recall_weighted', fn: (e) => prf(e, 'weighted').recall },
  { id: 'f1_weighted', label: 'F1 (weighted)', task: 'classification', greaterIsBetter: true, scorer: 'f1_weighted', fn: (e) => prf(e, 'weighted').fscore },
  { id: 'roc_auc', label: 'ROC AUC', task: 'classification', classes: 'binary', needsProba: true, greaterIsBetter: true, scorer: 'roc_auc', fn: (e) => rocAucScore(e.yTrue, proba(e), { k: binary(e), sampleWeight: e.sampleWeight }) },
  { id: 'roc_auc_ovr', label: 'ROC AUC (one-vs-rest, macro)', task: 'classification', classes: 'multiclass', needsProba: true, greaterIsBetter: true, scorer: 'roc_auc_ovr', fn: (e) => rocAucScore(e.yTrue, proba(e), { k: e.k, sampleWeight: e.sampleWeight }) },
  { id: 'roc_auc_ovr_weighted', label: 'ROC AUC (one-vs-rest, weighted)', task: 'classification', classes: 'multiclass', needsProba: true, greaterIsBetter: true, scorer: 'roc_auc_ovr_weighted', fn: (e) => rocAucScore(e.yTrue, proba(e), { k: e.k, sampleWeight: e.sampleWeight, average: 'weighted' }) },
  { id: 'log_loss', label: 'Log loss', task: 'classification', needsProba: true, greaterIsBetter: false, scorer: 'neg_log_loss', fn: (e) => logLoss(e.yTrue, proba(e), { k: e.k, sampleWeight: e.sampleWeight }) },
];

/** k for a binary-only metric: 2, or a NOT_BINARY error naming the multiclass choices. */
function binary(e: EvalInput): number {
  const classes = k(e);
  if (classes !== 2) throw new MetricError('NOT_BINARY', `ROC AUC is for two classes; with ${classes} use roc_auc_ovr or roc_auc_ovr_weighted.`, { k: classes });
  return 2;
}

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));
const BY_SCORER = new Map(METRICS.map((m) => [m.scorer, m]));
export const METRIC_IDS: readonly string[] = METRICS.map((m) => m.id);
export const SCORERS: readonly string[] = METRICS.map((m) => m.scorer!);

/** The metric with that id; throws a MetricError listing the ids. */
export function metricDef(id: string): MetricDef {
  const m = BY_ID.get(id);
  if (!m) throw new MetricError('UNKNOWN_METRIC', `Unknown metric "${id}"; metrics are ${METRIC_IDS.join(', ')}.`, { id, choices: METRIC_IDS });
  return m;
}

/** The metrics shown for a model task (binary-only ones for two classes, one-vs-rest ones for more). */
export function metricsFor(task: Task, opts: { proba?: boolean } = {}): MetricDef[] {
  const kind: MetricTask = task === 'regression' ? 'regression' : 'classification';
  return METRICS.filter((m) => m.task === kind && ((opts.proba ?? true) || !m.needsProba)
    && !(m.classes === 'binary' && task === 'multiclass') && !(m.classes === 'multiclass' && task === 'binary'));
}

/** A search scorer by scikit-learn name: greater is better (losses negated). */
export function scorer(name: string): { metric: MetricDef; score(input: EvalInput): number } {
  const metric = BY_SCORER.get(name);
  if (!metric) throw new MetricError('UNKNOWN_METRIC', `Unknown scorer "${name}"; scorers are ${SCORERS.join(', ')}.`, { name, choices: SCORERS });
  const sign = metric.greaterIsBetter ? 1 : -1;
  return { metric, score: (input) => sign * metric.fn(input) };
}

/** One metric's value, or NaN with the reason it is undefined here (one class in a slice, no probabilities…). */
export interface MetricValue {
  id: string;
  label: string;
  greaterIsBetter: boolean;
  value: number;
  error?: string;
}

/** Computes each metric; a MetricError becomes NaN with its message, anything else is rethrown. */
export function computeMetrics(metrics: readonly MetricDef[], input: EvalInput): MetricValue[] {
  return metrics.map(({ id, label, greaterIsBetter, fn }) => {
    try {
      return { id, label, greaterIsBetter, value: fn(input) };
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
      return { id, label, greaterIsBetter, value: NaN, error: err.message };
    }
  });
}
