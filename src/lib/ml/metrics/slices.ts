/**
 * Error analysis: metrics per category of a chosen categorical column, class support with rare
 * classes flagged, and the worst-predicted rows.
 */
import { checkLengths, MetricError, type Vec } from './numeric';
import { computeMetrics, type EvalInput, type MetricDef, type MetricValue } from './registry';

/** A categorical column as Benchtop stores it: dictionary codes (−1 = missing) and the dictionary. */
export interface SliceColumn {
  codes: Vec;
  categories: readonly string[];
}

export interface SliceResult {
  /** The category, or '(missing)' for code −1. */
  category: string;
  code: number;
  count: number;
  /** Sum of sample weights in the slice (= count without weights). */
  weight: number;
  /** Share of all rows. */
  share: number;
  /** Fewer rows than minCount: its metrics are noisy. */
  small: boolean;
  metrics: MetricValue[];
}

export const MISSING_SLICE = '(missing)';

/** The rows of `input` listed in `rows` (probabilities row by row). */
export function subsetInput(input: EvalInput, rows: ArrayLike<number>): EvalInput {
  const pick = (a: Vec) => Float64Array.from(rows, (r) => a[r]);
  const out: EvalInput = { yTrue: pick(input.yTrue), yPred: pick(input.yPred), k: input.k };
  if (input.sampleWeight) out.sampleWeight = pick(input.sampleWeight);
  if (input.proba) {
    const k = input.proba.length / input.yTrue.length;
    const p = new Float64Array(rows.length * k);
    for (let j = 0; j < rows.length; j++) for (let c = 0; c < k; c++) p[j * k + c] = input.proba[rows[j] * k + c];
    out.proba = p;
  }
  return out;
}

/**
 * Metrics on each category's rows, largest slice first. A metric undefined on a slice (ROC AUC
 * with one class in it) is NaN with the reason. Categories with no rows are left out.
 */
export function sliceMetrics(slice: SliceColumn, input: EvalInput, metrics: readonly MetricDef[], opts: { minCount?: number } = {}): SliceResult[] {
  const n = input.yTrue.length, minCount = opts.minCount ?? 30;
  checkLengths(n, { slice: slice.codes, y_pred: input.yPred, sample_weight: input.sampleWeight });
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const code = slice.codes[i];
    if (code !== -1 && !(code >= 0 && code < slice.categories.length && Number.isInteger(code))) {
      throw new MetricError('BAD_LABEL', `Slice code ${code} at row ${i} is not a category index (0..${slice.categories.length - 1}, or −1 for missing).`, { row: i, code });
    }
    let g = groups.get(code);
    if (!g) groups.set(code, (g = []));
    g.push(i);
  }
  const k = input.k ?? (input.proba ? input.proba.length / n : undefined);
  return [...groups.entries()]
    .map(([code, rows]) => {
      const sub = subsetInput({ ...input, k }, rows);
      let weight = 0;
      for (const r of rows) weight += input.sampleWeight ? input.sampleWeight[r] : 1;
      return {
        category: code === -1 ? MISSING_SLICE : slice.categories[code], code, count: rows.length, weight,
        share: rows.length / n, small: rows.length < minCount, metrics: computeMetrics(metrics, sub),
      };
    })
    .sort((a, b) => b.count - a.count || a.code - b.code);
}

export interface ClassSupport {
  cls: number;
  count: number;
  weight: number;
  share: number;
  /** Fewer than minCount rows or less than minShare of all rows. */
  rare: boolean;
}

/** Rows per class 0..k-1 with rare classes flagged (defaults: under 10 rows or under 1 % of rows). */
export function classSupport(yTrue: Vec, k: number, opts: { sampleWeight?: Vec; minCount?: number; minShare?: number } = {}): ClassSupport[] {
  const { sampleWeight: w, minCount = 10, minShare = 0.01 } = opts;
  checkLengths(yTrue.length, { sample_weight: w });
  const count = new Float64Array(k), weight = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    count[yTrue[i]]++;
    weight[yTrue[i]] += w ? w[i] : 1;
  }
  return [...count.keys()].map((cls) => {
    const share = count[cls] / yTrue.length;
    return { cls, count: count[cls], weight: weight[cls], share, rare: count[cls] < minCount || share < minShare };
  });
}

export interface WorstRow {
  row: number;
  /** |residual| for regression; −log p(true class) with probabilities; 1 for a wrong class. */
  error: number;
  yTrue: number;
  yPred: number;
  /** Probability given to the true class (with probabilities). */
  pTrue?: number;
}

/**
 * The `count` worst-predicted rows, worst first (ties by row). `pred` is predicted values or
 * classes (length n) or n × k probabilities. The task is classification when y_true is an
 * Int32Array (the training contract's class indices) unless `task` says otherwise; with class
 * predictions only the misclassified rows are listed.
 */
export function worstRows(yTrue: Vec, pred: Vec, count = 20, task: 'regression' | 'classification' = yTrue instanceof Int32Array ? 'classification' : 'regression'): WorstRow[] {
  const n = yTrue.length;
  if (n === 0) return [];
  const k = pred.length / n;
  if (!(k === 1 || (task === 'classification' && Number.isInteger(k) && k >= 2))) {
    throw new MetricError('LENGTH_MISMATCH', `Predictions hold ${pred.length} values for ${n} rows; expected n values or n × k probabilities.`, { length: pred.length, n });
  }
  const rows: WorstRow[] = [];
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    if (task === 'regression') rows.push({ row: i, error: Math.abs(t - pred[i]), yTrue: t, yPred: pred[i] });
    else if (k === 1) { if (pred[i] !== t) rows.push({ row: i, error: 1, yTrue: t, yPred: pred[i] }); }
    else {
      let best = 0;
      for (let c = 1; c < k; c++) if (pred[i * k + c] > pred[i * k + best]) best = c;
      const pTrue = pred[i * k + t];
      rows.push({ row: i, error: -Math.log(Math.max(pTrue, Number.EPSILON)), yTrue: t, yPred: best, pTrue });
    }
  }
  return rows.sort((a, b) => b.error - a.error || a.row - b.row).slice(0, Math.max(0, count));
}
