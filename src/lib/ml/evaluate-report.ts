/**
 * The evaluation report's shape: plain JSON (no typed arrays, no NaN), stored as a run artifact
 * and shown on the run page. A value that is undefined on these rows (ROC AUC with one class in
 * the test rows, R² of one row) is null, with the reason in `error` where there is one.
 */
import type { MetricComparison, MetricValue } from './metrics';
import type { Task } from './model';

/** A finite number, or null where it is undefined (NaN) or infinite. */
export type Num = number | null;

export const num = (v: number): Num => (Number.isFinite(v) ? v : null);
export const nums = (a: ArrayLike<number>): Num[] => Array.from(a, num);
/** Finite by construction (counts, indices): plain numbers. */
export const plain = (a: ArrayLike<number>): number[] => Array.from(a);

export interface ReportMetric {
  id: string;
  label: string;
  greaterIsBetter: boolean;
  value: Num;
  error?: string;
}

export const reportMetric = (m: MetricValue): ReportMetric =>
  ({ id: m.id, label: m.label, greaterIsBetter: m.greaterIsBetter, value: num(m.value), ...(m.error ? { error: m.error } : {}) });

export interface ReportComparison {
  id: string;
  label: string;
  greaterIsBetter: boolean;
  model: Num;
  baseline: Num;
  /** The model beats the baseline on this metric; null when either is undefined. */
  better: boolean | null;
  error?: string;
}

export const reportComparison = (c: MetricComparison): ReportComparison =>
  ({ ...c, model: num(c.model), baseline: num(c.baseline) });

export interface ReportBaseline {
  /** 'mean': predicts the training mean; 'prior': the majority class with the training class shares. */
  kind: 'mean' | 'prior';
  /** The training mean (regression). */
  value?: number;
  /** Training class shares and the majority class index (classification). */
  prior?: number[];
  majority?: number;
  metrics: ReportMetric[];
  comparison: ReportComparison[];
}

export interface ReportCurve {
  cls: number;
  name: string;
  /** ROC: false and true positive rates with the thresholds (descending), at most maxPoints. */
  roc: { fpr: Num[]; tpr: Num[]; thresholds: Num[]; points: number };
  auc: Num;
  /** Precision-recall; the last point (recall 0, precision 1) has threshold null. */
  pr: { precision: Num[]; recall: Num[]; thresholds: Num[]; points: number };
  averagePrecision: Num;
}

export interface ReportClassification {
  perClass: { cls: number; name: string; precision: number; recall: number; f1: number; support: number }[];
  macro: { precision: number; recall: number; f1: number };
  weighted: { precision: number; recall: number; f1: number };
  accuracy: number;
  /** k × k counts: row = true class, column = predicted class. */
  confusion: number[][];
  /** With probabilities: class 1 for two classes, every class one-vs-rest for more. */
  curves?: ReportCurve[];
  /** Test rows per class; rare classes make their per-class figures noisy. */
  support: { cls: number; name: string; count: number; share: number; rare: boolean }[];
}

export interface ReportRegression {
  /** Test-row positions shown (an even stride when there are more rows than fit). */
  rows: number[];
  actual: number[];
  predicted: number[];
  residual: number[];
  min: number;
  max: number;
}

export interface ReportSlice {
  category: string;
  code: number;
  count: number;
  share: number;
  small: boolean;
  metrics: ReportMetric[];
}

export interface ReportWorstRow {
  /** Position among the test rows (the caller maps it to a dataset row). */
  row: number;
  error: number;
  yTrue: number;
  yPred: number;
  pTrue?: number;
  trueClass?: string;
  predClass?: string;
}

export interface ReportImportance {
  /** The metric whose drop is measured (greater is better): r2 or accuracy. */
  metric: string;
  baseline: Num;
  repeats: number;
  /** Test rows used (a seeded sample when there are more than maxRows). */
  rows: number;
  /** Sorted by mean, most important first. */
  features: { feature: string; mean: Num; std: Num }[];
}

export interface EvaluationReport {
  task: Task;
  /** Test rows. */
  n: number;
  classes?: string[];
  metrics: ReportMetric[];
  baseline: ReportBaseline;
  classification?: ReportClassification;
  regression?: ReportRegression;
  /** The column the slices are categories of, and the metrics per category (largest first). */
  sliceColumn?: string;
  slices?: ReportSlice[];
  worst: ReportWorstRow[];
  importance?: ReportImportance;
}
