/**
 * ROC and precision-recall curves of one class against the rest, point for point as
 * scikit-learn 1.2's roc_curve (drop_intermediate=True by default; the first threshold is the
 * highest score + 1) and precision_recall_curve (no points dropped; thresholds ascending),
 * and the trapezoid area under a curve (sklearn.metrics.auc). Rows with weight 0 are left out.
 */
import { checkFinite, checkLengths, MetricError, npSum, type Vec } from './numeric';

/** Cumulative true and false positives at each distinct score, highest score first. */
export interface ClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/** scikit-learn's _binary_clf_curve: rows with yTrue === posLabel are the positives. */
export function binaryClfCurve(yTrue: Vec, score: Vec, posLabel = 1, sampleWeight?: Vec): ClfCurve {
  checkLengths(yTrue.length, { y_score: score, sample_weight: sampleWeight });
  checkFinite('y_score', score);
  let rows = [...Array(yTrue.length).keys()];
  if (sampleWeight) rows = rows.filter((i) => sampleWeight[i] !== 0);
  // np.argsort(kind='mergesort')[::-1]: descending score, ties in descending row order.
  rows.sort((a, b) => score[b] - score[a] || b - a);
  const m = rows.length;
  if (m === 0) throw new MetricError('EMPTY', 'No rows with a non-zero weight: the curve needs at least one.');
  const ends: number[] = [];
  for (let j = 0; j < m - 1; j++) if (score[rows[j]] !== score[rows[j + 1]]) ends.push(j);
  ends.push(m - 1);
  const tps = new Float64Array(ends.length), fps = new Float64Array(ends.length), thresholds = new Float64Array(ends.length);
  let tp = 0, fp = 0, e = 0;
  for (let j = 0; j < m && e < ends.length; j++) {
    const i = rows[j], w = sampleWeight ? sampleWeight[i] : 1;
    if (yTrue[i] === posLabel) tp += w; else if (sampleWeight) fp += w;
    if (j === ends[e]) {
      tps[e] = tp;
      fps[e] = sampleWeight ? fp : 1 + j - tp;
      thresholds[e] = score[i];
      e++;
    }
  }
  return { fps, tps, thresholds };
}

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Descending; thresholds[0] = highest score + 1 (scikit-learn 1.2). */
  thresholds: Float64Array;
}

export interface CurveOptions {
  posLabel?: number;
  sampleWeight?: Vec;
  /** Drop points collinear with their neighbours (default true, as scikit-learn). */
  dropIntermediate?: boolean;
}

/** roc_curve. With no negatives fpr is all NaN; with no positives tpr is (scikit-learn warns). */
export function rocCurve(yTrue: Vec, score: Vec, opts: CurveOptions = {}): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(yTrue, score, opts.posLabel ?? 1, opts.sampleWeight);
  if ((opts.dropIntermediate ?? true) && fps.length > 2) {
    // np.diff(x, 2) != 0 marks corners; the first and last points are always kept.
    const d2 = (a: Float64Array, i: number) => (a[i + 1] - a[i]) - (a[i] - a[i - 1]);
    const keep = [0];
    for (let i = 1; i < fps.length - 1; i++) if (d2(fps, i) !== 0 || d2(tps, i) !== 0) keep.push(i);
    keep.push(fps.length - 1);
    const take = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
    [fps, tps, thresholds] = [take(fps), take(tps), take(thresholds)];
  }
  const prepend = (first: number, a: Float64Array) => {
    const out = new Float64Array(a.length + 1);
    out[0] = first;
    out.set(a, 1);
    return out;
  };
  const ratio = (a: Float64Array) => {
    const last = a[a.length - 1];
    return prepend(0, a).map((v) => (last <= 0 ? NaN : v / last));
  };
  return { fpr: ratio(fps), tpr: ratio(tps), thresholds: prepend(thresholds[0] + 1, thresholds) };
}

export interface PrCurve {
  /** Ends with precision 1 at recall 0. */
  precision: Float64Array;
  /** Decreasing, ends with 0. */
  recall: Float64Array;
  /** Ascending; one fewer than the points. */
  thresholds: Float64Array;
}

/** precision_recall_curve. With no positives recall is 1 at every threshold (scikit-learn warns). */
export function precisionRecallCurve(yTrue: Vec, score: Vec, opts: Omit<CurveOptions, 'dropIntermediate'> = {}): PrCurve {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, score, opts.posLabel ?? 1, opts.sampleWeight);
  const m = tps.length, last = tps[m - 1];
  const precision = new Float64Array(m + 1), recall = new Float64Array(m + 1), th = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = m - 1 - j, ps = tps[i] + fps[i];
    precision[j] = ps !== 0 ? tps[i] / ps : 0;
    recall[j] = last === 0 ? 1 : tps[i] / last;
    th[j] = thresholds[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}

/** Area under a curve by the trapezoid rule (np.trapz); x must be monotonic (decreasing flips the sign). */
export function auc(x: Vec, y: Vec): number {
  checkLengths(x.length, { y });
  if (x.length < 2) throw new MetricError('EMPTY', `The area under a curve needs at least 2 points, got ${x.length}.`);
  let inc = false, dec = false;
  const terms = new Float64Array(Math.max(0, x.length - 1));
  for (let i = 0; i < terms.length; i++) {
    const dx = x[i + 1] - x[i];
    if (dx < 0) dec = true; else if (dx > 0) inc = true;
    terms[i] = (dx * (y[i + 1] + y[i])) / 2;
  }
  if (inc && dec) throw new MetricError('BAD_VALUE', 'x is neither increasing nor decreasing: the area under a curve needs monotonic x.');
  const area = npSum(terms);
  return dec && !inc ? -area : area;
}
