/**
 * What a tree learns from: per-row targets and weights, and the split criteria over node
 * statistics. Statistics are small Float64 vectors of `nStats` numbers:
 * - classification: weighted count of each of k classes, then the total weight (k + 1);
 * - regression: total weight, weighted sum of y, weighted sum of y² (3).
 * `proxy` ranks the splits of one node (higher is better; scikit-learn's proxy improvement up to a
 * constant); `impurity` is the criterion's value (gini, entropy in bits, variance).
 */
import type { Task, TrainData } from '../model';
import type { Criterion } from './params';

export interface Target {
  readonly nStats: number;
  /** Values stored per node: k class weights, or 1 mean. */
  readonly nOut: number;
  /** Weight of each row (0: not in this tree's sample). */
  readonly w: Float64Array;
  /** Adds row r into the statistics at s[off..off + nStats). */
  add(s: Float64Array, off: number, r: number): void;
  weight(s: Float64Array): number;
  impurity(s: Float64Array): number;
  proxy(left: Float64Array, total: Float64Array): number;
  /** The node's stored value (weighted class counts, or the mean). */
  value(s: Float64Array, out: Float64Array, off: number): void;
}

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

export class ClassTarget implements Target {
  readonly nStats: number;
  readonly nOut: number;
  constructor(readonly y: Int32Array, readonly w: Float64Array, readonly k: number, readonly criterion: Criterion) {
    this.nStats = k + 1;
    this.nOut = k;
  }
  add(s: Float64Array, off: number, r: number): void {
    const w = this.w[r];
    s[off + this.y[r]] += w;
    s[off + this.k] += w;
  }
  weight(s: Float64Array): number {
    return s[this.k];
  }
  impurity(s: Float64Array): number {
    const k = this.k, W = s[k];
    let acc = 0;
    if (this.criterion === 'gini') {
      for (let c = 0; c < k; c++) acc += (s[c] / W) * (s[c] / W);
      return 1 - acc;
    }
    for (let c = 0; c < k; c++) if (s[c] > 0) acc -= (s[c] / W) * Math.log2(s[c] / W);
    return acc;
  }
  proxy(l: Float64Array, t: Float64Array): number {
    const k = this.k, wl = l[k], wr = t[k] - wl;
    let a = 0, b = 0;
    if (this.criterion === 'gini') {
      for (let c = 0; c < k; c++) {
        const r = t[c] - l[c];
        a += l[c] * l[c];
        b += r * r;
      }
      return a / wl + b / wr;
    }
    for (let c = 0; c < k; c++) a += xlogx(l[c]) + xlogx(t[c] - l[c]);
    return a - xlogx(wl) - xlogx(wr);
  }
  value(s: Float64Array, out: Float64Array, off: number): void {
    for (let c = 0; c < this.k; c++) out[off + c] = s[c];
  }
}

export class RegressionTarget implements Target {
  readonly nStats = 3;
  readonly nOut = 1;
  constructor(readonly y: Float64Array, readonly w: Float64Array) {}
  add(s: Float64Array, off: number, r: number): void {
    const w = this.w[r], wy = w * this.y[r];
    s[off] += w;
    s[off + 1] += wy;
    s[off + 2] += wy * this.y[r];
  }
  weight(s: Float64Array): number {
    return s[0];
  }
  impurity(s: Float64Array): number {
    const mean = s[1] / s[0];
    return s[2] / s[0] - mean * mean;
  }
  proxy(l: Float64Array, t: Float64Array): number {
    const wl = l[0], sl = l[1], wr = t[0] - wl, sr = t[1] - sl;
    return (sl * sl) / wl + (sr * sr) / wr;
  }
  value(s: Float64Array, out: Float64Array, off: number): void {
    out[off] = s[1] / s[0];
  }
}

/**
 * Row weights before any bootstrap: sampleWeight (or 1) times, with class_weight 'balanced',
 * n / (k · count of the row's class) over the classes present (scikit-learn's compute_class_weight).
 */
export function baseWeights(data: TrainData, task: Task, k: number, classWeight: 'none' | 'balanced'): Float64Array {
  const { n } = data;
  const w = data.sampleWeight ? Float64Array.from(data.sampleWeight) : new Float64Array(n).fill(1);
  if (classWeight === 'balanced' && task !== 'regression') {
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) counts[data.y[i]]++;
    let present = 0;
    for (let c = 0; c < k; c++) if (counts[c] > 0) present++;
    for (let i = 0; i < n; i++) w[i] *= n / (present * counts[data.y[i]]);
  }
  return w;
}

/** The target for one tree, sharing y and using the weights w. */
export function makeTarget(data: TrainData, task: Task, k: number, criterion: Criterion, w: Float64Array): Target {
  if (task === 'regression') return new RegressionTarget(data.y instanceof Float64Array ? data.y : Float64Array.from(data.y), w);
  const y = data.y instanceof Int32Array ? data.y : Int32Array.from(data.y);
  return new ClassTarget(y, w, k, criterion);
}

/** Rows with a positive weight, ascending. */
export function sampleRows(w: Float64Array): Int32Array {
  let m = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) m++;
  const rows = new Int32Array(m);
  for (let i = 0, j = 0; i < w.length; i++) if (w[i] > 0) rows[j++] = i;
  return rows;
}
