/**
 * Batch scoring of a linear model straight from the feature columns: scores = intercept + Σ coef·x
 * accumulated one column at a time over a block of rows (sequential reads, no n × d matrix), with
 * the training means filling missing values as FeaturePlan.matrix does. A row whose score is not
 * finite (a feature missing with no mean to fill it, or infinite) is reported, and the caller
 * refuses it, as the matrix path would. Predictions and probabilities follow linear-model.ts's
 * rules exactly (labelsFromScores, probaFromScores).
 */
import { labelsFromScores, probaFromScores, type LinearModel } from '../ml/linalg/linear-model';

export interface LinearBlock {
  pred: Float64Array;
  proba: Float64Array | null;
  /** Rows (relative to `start`) whose score is not finite. */
  bad: number[];
}

/** Scores rows [start, end) of `cols` (the model's features, in order) with `fill` for missing values. */
export function linearBlock(m: LinearModel, cols: readonly Float64Array[], fill: Float64Array, start: number, end: number, wantProba: boolean): LinearBlock {
  const n = end - start, rows = m.rows, d = m.d, coef = m.coef;
  const s = new Float64Array(n * rows);
  for (let r = 0; r < rows; r++) {
    const b = m.intercept[r];
    for (let i = 0, p = r; i < n; i++, p += rows) s[p] = b;
    for (let j = 0; j < d; j++) {
      const w = coef[r * d + j], v = cols[j], f = fill[j];
      if (w === 0) continue;
      for (let i = 0, p = r; i < n; i++, p += rows) {
        const x = v[start + i];
        s[p] += w * (x === x ? x : f);
      }
    }
  }
  const bad: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rows; r++) {
      const z = s[i * rows + r];
      if (z !== z || z === Infinity || z === -Infinity) { bad.push(i); break; }
    }
  }
  if (!m.labels) return { pred: s, proba: null, bad };
  const pred = labelsFromScores(m, s, n);
  return { pred, proba: wantProba && m.model === 'logistic-regression' ? probaFromScores(m, s, n) : null, bad };
}
