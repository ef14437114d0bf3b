/**
 * Metrics of predicted probabilities (n × k row-major, columns = classes 0..k-1), as
 * scikit-learn 1.2: roc_auc_score (binary; multiclass one-vs-rest, macro or weighted) and
 * log_loss (called with labels = 0..k-1). Pinned by test/fixtures/metrics_reference.json.
 */
import { auc, precisionRecallCurve, rocCurve, type PrCurve, type RocCurve } from './curves';
import { checkFinite, checkLabels, checkLengths, column, MetricError, npAverage, npSum, probaColumns, type Vec } from './numeric';

/**
 * Area under the ROC curve of a score against two classes (the larger label is the positive),
 * trapezoids over the curve, so tied scores count half. Throws when y_true holds one class only.
 */
export function binaryRocAuc(yTrue: Vec, score: Vec, sampleWeight?: Vec): number {
  checkLengths(yTrue.length, { y_score: score, sample_weight: sampleWeight });
  const values = [...new Set(Array.from(yTrue))].sort((a, b) => a - b);
  if (values.length !== 2) {
    throw new MetricError(values.length < 2 ? 'ONE_CLASS' : 'NOT_BINARY', values.length < 2
      ? 'Only one class present in y_true: ROC AUC is not defined in that case.'
      : `Binary ROC AUC needs two classes in y_true, found ${values.length}; use one-vs-rest.`, { classes: values });
  }
  const { fpr, tpr } = rocCurve(yTrue, score, { posLabel: values[1], sampleWeight });
  return auc(fpr, tpr);
}

export interface RocAucOptions {
  k?: number;
  sampleWeight?: Vec;
  /** Multiclass only: unweighted mean of the one-vs-rest AUCs, or weighted by class support. Default 'macro'. */
  average?: 'macro' | 'weighted';
}

/**
 * ROC AUC from class probabilities: for k = 2 the AUC of column 1; for k > 2 one-vs-rest
 * (scikit-learn's multi_class='ovr'), which needs every class in y_true and rows summing to 1.
 */
export function rocAucScore(yTrue: Vec, proba: Vec, opts: RocAucOptions = {}): number {
  const n = yTrue.length, w = opts.sampleWeight;
  const k = probaColumns(proba, n, opts.k);
  checkLabels('y_true', yTrue, k);
  checkFinite('proba', proba);
  if (k === 2) return binaryRocAuc(yTrue, column(proba, n, k, 1), w);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) row[c] = proba[i * k + c];
    const s = npSum(row);
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new MetricError('NOT_PROBABILITIES', `Row ${i} of the probabilities sums to ${s}; one-vs-rest ROC AUC needs rows summing to 1.`, { row: i, sum: s });
    }
  }
  const support = new Float64Array(k), count = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    support[yTrue[i]] += w ? w[i] : 1;
    count[yTrue[i]]++;
  }
  const missing = [...count.keys()].filter((c) => count[c] === 0);
  if (missing.length) {
    throw new MetricError('MISSING_CLASS', `Class ${missing.join(', ')} never occurs in y_true: one-vs-rest ROC AUC needs every class of the ${k} columns.`, { missing, k });
  }
  const scores = new Float64Array(k);
  for (let c = 0; c < k; c++) scores[c] = binaryRocAuc(Float64Array.from(yTrue, (t) => (t === c ? 1 : 0)), column(proba, n, k, c), w);
  if ((opts.average ?? 'macro') === 'macro') return npAverage(scores);
  const total = npSum(support);
  if (Math.abs(total) <= 1e-8) return 0;
  for (let c = 0; c < k; c++) if (support[c] === 0) scores[c] = 0;
  return npAverage(scores, support);
}

export interface LogLossOptions {
  k?: number;
  sampleWeight?: Vec;
  /** Probabilities are clipped to [eps, 1 − eps]. Default 2.22e-16 (scikit-learn 1.2's eps='auto' for float64). */
  eps?: number;
}

/**
 * Mean negative log-likelihood of the true class: each row is clipped to [eps, 1 − eps] and
 * renormalized to sum to 1, as scikit-learn's log_loss(labels = 0..k-1).
 */
export function logLoss(yTrue: Vec, proba: Vec, opts: LogLossOptions = {}): number {
  const n = yTrue.length, eps = opts.eps ?? Number.EPSILON;
  checkLengths(n, { sample_weight: opts.sampleWeight });
  const k = probaColumns(proba, n, opts.k);
  checkLabels('y_true', yTrue, k);
  checkFinite('proba', proba);
  const row = new Float64Array(k), loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) row[c] = Math.min(Math.max(proba[i * k + c], eps), 1 - eps);
    loss[i] = -Math.log(row[yTrue[i]] / npSum(row));
  }
  return npAverage(loss, opts.sampleWeight);
}

/** The ROC and precision-recall curves of one class against the rest, with its ROC AUC (NaN when undefined). */
export interface ClassCurves {
  cls: number;
  roc: RocCurve;
  auc: number;
  pr: PrCurve;
}

/** Curves for the plots: class 1 for two classes, every class one-vs-rest for more. */
export function classCurves(yTrue: Vec, proba: Vec, opts: { k?: number; sampleWeight?: Vec } = {}): ClassCurves[] {
  const n = yTrue.length, k = probaColumns(proba, n, opts.k), sampleWeight = opts.sampleWeight;
  checkLabels('y_true', yTrue, k);
  return (k === 2 ? [1] : [...Array(k).keys()]).map((cls) => {
    const score = column(proba, n, k, cls);
    const roc = rocCurve(yTrue, score, { posLabel: cls, sampleWeight });
    return { cls, roc, auc: auc(roc.fpr, roc.tpr), pr: precisionRecallCurve(yTrue, score, { posLabel: cls, sampleWeight }) };
  });
}
