/**
 * ROC and precision-recall curves for the report: average precision (scikit-learn 1.2's
 * average_precision_score, the step sum Σ (Rₙ − Rₙ₋₁)·Pₙ) on the full curve, then each curve
 * cut to at most `maxPoints` points by largest-triangle-three-buckets, which keeps the first and
 * last points and the corners that give the curve its shape.
 */
import { classCurves, type PrCurve, type Vec } from './metrics';
import { num, nums, type ReportCurve } from './evaluate-report';

export const CURVE_POINTS = 500;

/** Average precision from a precision-recall curve (recall decreasing): −Σ diff(recall)·precision[:-1]. */
export function averagePrecision(pr: PrCurve): number {
  let s = 0;
  for (let i = 0; i + 1 < pr.recall.length; i++) s -= (pr.recall[i + 1] - pr.recall[i]) * pr.precision[i];
  return s;
}

/**
 * Indices (ascending) of at most `max` points of the polyline (x, y) that keep its shape:
 * all of them when there are few enough, else the first, the last, and from each of max − 2
 * equal buckets between them the point forming the largest triangle with the point kept before
 * and the mean of the next bucket (Steinarsson's LTTB).
 */
export function downsample(x: Vec, y: Vec, max: number): Int32Array {
  const n = x.length;
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  if (max < 3) return max <= 1 ? Int32Array.of(0) : Int32Array.of(0, n - 1);
  const out = new Int32Array(max);
  const every = (n - 2) / (max - 2);
  let a = 0;
  for (let b = 0; b < max - 2; b++) {
    const nextStart = Math.floor((b + 1) * every) + 1, nextEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let mx = 0, my = 0;
    for (let j = nextStart; j < nextEnd; j++) { mx += x[j]; my += y[j]; }
    mx /= nextEnd - nextStart; my /= nextEnd - nextStart;
    const start = Math.floor(b * every) + 1, end = Math.floor((b + 1) * every) + 1;
    let pick = start, best = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((x[a] - mx) * (y[j] - y[a]) - (x[a] - x[j]) * (my - y[a]));
      if (area > best) { best = area; pick = j; }
    }
    out[b + 1] = a = pick;
  }
  out[max - 1] = n - 1;
  return out;
}

const pick = (a: Vec, idx: Int32Array): number[] => Array.from(idx, (i) => a[i]);

/** The report's curves of every class scored (see classCurves), each at most maxPoints points. */
export function reportCurves(yTrue: Vec, proba: Vec, k: number, classes: readonly string[], maxPoints = CURVE_POINTS): ReportCurve[] {
  return classCurves(yTrue, proba, { k }).map(({ cls, roc, auc, pr }) => {
    const r = downsample(roc.fpr, roc.tpr, maxPoints);
    const p = downsample(pr.recall, pr.precision, maxPoints);
    const m = pr.thresholds.length;
    return {
      cls, name: classes[cls] ?? String(cls),
      roc: { fpr: nums(pick(roc.fpr, r)), tpr: nums(pick(roc.tpr, r)), thresholds: nums(pick(roc.thresholds, r)), points: roc.fpr.length },
      auc: num(auc),
      pr: {
        precision: nums(pick(pr.precision, p)), recall: nums(pick(pr.recall, p)),
        thresholds: Array.from(p, (i) => (i < m ? num(pr.thresholds[i]) : null)), points: pr.recall.length,
      },
      averagePrecision: num(averagePrecision(pr)),
    };
  });
}
