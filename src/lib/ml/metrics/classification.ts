/**
 * Classification metrics on class indices 0..k-1, as scikit-learn 1.2 with optional sample weights:
 * accuracy_score, balanced_accuracy_score, confusion_matrix, precision_recall_fscore_support
 * (zero_division=0) and log_loss. Pinned by test/fixtures/metrics_reference.json.
 *
 * Which classes are averaged: like scikit-learn called without `labels`, macro and weighted
 * averages run over the classes present in y_true or y_pred; a class in neither is left out.
 */
import { checkLabels, checkLengths, inferClassCount, MetricError, npAverage, npSum, type Vec } from './numeric';

function check(yTrue: Vec, yPred: Vec, k: number, sampleWeight?: Vec): void {
  checkLengths(yTrue.length, { y_pred: yPred, sample_weight: sampleWeight });
  checkLabels('y_true', yTrue, k);
  checkLabels('y_pred', yPred, k);
}

/** Classes found in y_true or y_pred, ascending. */
export function presentClasses(yTrue: Vec, yPred: Vec, k: number): number[] {
  const seen = new Uint8Array(k);
  for (let i = 0; i < yTrue.length; i++) seen[yTrue[i]] = seen[yPred[i]] = 1;
  return [...seen.keys()].filter((c) => seen[c]);
}

/** Fraction of rows predicted right (weighted). */
export function accuracyScore(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  check(yTrue, yPred, inferClassCount(yTrue, yPred), sampleWeight);
  return npAverage(Float64Array.from(yTrue, (t, i) => (t === yPred[i] ? 1 : 0)), sampleWeight);
}

export type Normalize = 'true' | 'pred' | 'all';

/** k × k row-major counts (weights summed): row = true class, column = predicted class; normalized on request, 0/0 as 0. */
export function confusionMatrix(yTrue: Vec, yPred: Vec, k: number, opts: { sampleWeight?: Vec; normalize?: Normalize } = {}): Float64Array {
  const w = opts.sampleWeight;
  check(yTrue, yPred, k, w);
  const cm = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) cm[yTrue[i] * k + yPred[i]] += w ? w[i] : 1;
  const { normalize } = opts;
  if (!normalize) return cm;
  if (normalize === 'all') {
    const total = npSum(cm);
    return cm.map((v) => (total === 0 ? 0 : v / total));
  }
  const sums = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    if (normalize === 'true') sums[r] = npSum(cm.subarray(r * k, r * k + k));
    else for (let c = 0; c < k; c++) sums[c] += cm[r * k + c];
  }
  return cm.map((v, j) => {
    const s = sums[normalize === 'true' ? Math.floor(j / k) : j % k];
    return s === 0 ? 0 : v / s;
  });
}

/** Mean recall over the classes present in y_true (classes only predicted are dropped, as scikit-learn warns). */
export function balancedAccuracyScore(yTrue: Vec, yPred: Vec, sampleWeight?: Vec): number {
  const k = inferClassCount(yTrue, yPred);
  const cm = confusionMatrix(yTrue, yPred, k, { sampleWeight });
  const labels = presentClasses(yTrue, yPred, k);
  const perClass: number[] = [];
  for (const r of labels) {
    const rowSum = npSum(labels.map((c) => cm[r * k + c]));
    if (rowSum !== 0) perClass.push(cm[r * k + r] / rowSum);
  }
  return npSum(perClass) / perClass.length;
}

export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** Per-class sufficient statistics, summed in scikit-learn's order (np.bincount, then tp + (sum − tp)). */
export interface ClassCounts {
  tp: Float64Array;
  /** Predicted as the class (tp + fp). */
  predicted: Float64Array;
  /** Truly of the class (tp + fn): the support. */
  actual: Float64Array;
}

export function classCounts(yTrue: Vec, yPred: Vec, k: number, sampleWeight?: Vec): ClassCounts {
  check(yTrue, yPred, k, sampleWeight);
  const tp = new Float64Array(k), pred = new Float64Array(k), act = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const w = sampleWeight ? sampleWeight[i] : 1;
    if (yTrue[i] === yPred[i]) tp[yTrue[i]] += w;
    pred[yPred[i]] += w;
    act[yTrue[i]] += w;
  }
  // multilabel_confusion_matrix stores fp = pred − tp and fn = true − tp; precision adds tp back.
  return { tp, predicted: pred.map((p, c) => tp[c] + (p - tp[c])), actual: act.map((a, c) => tp[c] + (a - tp[c])) };
}

/** Scores of the classes in `labels`; a 0/0 division gives 0 and the class is listed in `illDefined`. */
function perClass(counts: ClassCounts, labels: readonly number[], beta: number) {
  const precision = new Float64Array(labels.length), recall = new Float64Array(labels.length), fscore = new Float64Array(labels.length);
  const illDefined = { precision: [] as number[], recall: [] as number[], fscore: [] as number[] };
  const beta2 = beta * beta;
  labels.forEach((c, j) => {
    const { tp, predicted, actual } = counts;
    if (predicted[c] === 0) illDefined.precision.push(c); else precision[j] = tp[c] / predicted[c];
    if (actual[c] === 0) illDefined.recall.push(c); else recall[j] = tp[c] / actual[c];
    if (predicted[c] === 0 && actual[c] === 0) illDefined.fscore.push(c);
    const denom = beta2 * precision[j] + recall[j];
    fscore[j] = ((1 + beta2) * precision[j] * recall[j]) / (denom === 0 ? 1 : denom);
  });
  return { precision, recall, fscore, illDefined };
}

export interface PrfOptions {
  /** Class count; inferred from the largest index when left out. */
  k?: number;
  sampleWeight?: Vec;
  /** 'binary' scores class `posLabel` only (needs at most two classes present). Default 'binary'. */
  average?: Average;
  posLabel?: number;
  beta?: number;
  /** Classes to average over; default those present in y_true or y_pred. */
  labels?: readonly number[];
}

export interface PrfResult {
  precision: number;
  recall: number;
  fscore: number;
  /** Classes whose score was 0/0 and set to 0 (scikit-learn's UndefinedMetricWarning). */
  illDefined: { precision: number[]; recall: number[]; fscore: number[] };
}

/** scikit-learn's precision_recall_fscore_support with an average and zero_division=0. */
export function precisionRecallFscore(yTrue: Vec, yPred: Vec, opts: PrfOptions = {}): PrfResult {
  const k = opts.k ?? inferClassCount(yTrue, yPred);
  const average = opts.average ?? 'binary', beta = opts.beta ?? 1, posLabel = opts.posLabel ?? 1;
  const counts = classCounts(yTrue, yPred, k, opts.sampleWeight);
  let labels = opts.labels ?? presentClasses(yTrue, yPred, k);
  if (average === 'binary') {
    const present = presentClasses(yTrue, yPred, k);
    if (present.length > 2) throw new MetricError('NOT_BINARY', `average 'binary' needs two classes but ${present.length} are present; use 'macro', 'weighted' or 'micro'.`, { present });
    if (!present.includes(posLabel) && present.length === 2) throw new MetricError('BAD_LABEL', `posLabel ${posLabel} is not one of the classes present (${present.join(', ')}).`);
    labels = [posLabel];
  }
  if (average === 'micro') {
    const sum = (a: Float64Array) => Float64Array.of(npSum(labels.map((c) => a[c])));
    const r = perClass({ tp: sum(counts.tp), predicted: sum(counts.predicted), actual: sum(counts.actual) }, [0], beta);
    return { precision: r.precision[0], recall: r.recall[0], fscore: r.fscore[0], illDefined: r.illDefined };
  }
  const r = perClass(counts, labels, beta);
  if (average === 'weighted') {
    const weights = labels.map((c) => counts.actual[c]);
    if (npSum(weights) === 0) return { precision: 0, recall: 0, fscore: 0, illDefined: r.illDefined };
    return { precision: npAverage(r.precision, weights), recall: npAverage(r.recall, weights), fscore: npAverage(r.fscore, weights), illDefined: r.illDefined };
  }
  return { precision: npAverage(r.precision), recall: npAverage(r.recall), fscore: npAverage(r.fscore), illDefined: r.illDefined };
}

export const precisionScore = (yTrue: Vec, yPred: Vec, opts?: PrfOptions): number => precisionRecallFscore(yTrue, yPred, opts).precision;
export const recallScore = (yTrue: Vec, yPred: Vec, opts?: PrfOptions): number => precisionRecallFscore(yTrue, yPred, opts).recall;
export const f1Score = (yTrue: Vec, yPred: Vec, opts?: PrfOptions): number => precisionRecallFscore(yTrue, yPred, { ...opts, beta: 1 }).fscore;

export interface ClassificationReport {
  /** Per class 0..k-1 (a class absent from y_true and y_pred scores 0 with support 0). */
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  support: Float64Array;
  macro: PrfResult;
  weighted: PrfResult;
  accuracy: number;
}

/** Per-class precision, recall, F1 and support with macro and weighted averages and accuracy. */
export function classificationReport(yTrue: Vec, yPred: Vec, k: number, sampleWeight?: Vec): ClassificationReport {
  const counts = classCounts(yTrue, yPred, k, sampleWeight);
  const all = perClass(counts, [...Array(k).keys()], 1);
  const opts = { k, sampleWeight };
  return {
    precision: all.precision, recall: all.recall, f1: all.fscore, support: counts.actual,
    macro: precisionRecallFscore(yTrue, yPred, { ...opts, average: 'macro' }),
    weighted: precisionRecallFscore(yTrue, yPred, { ...opts, average: 'weighted' }),
    accuracy: accuracyScore(yTrue, yPred, sampleWeight),
  };
}
