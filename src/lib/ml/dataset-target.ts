/**
 * The target column as a model needs it. Regression: the numeric values (NaN = missing).
 * Classification: class indices into `classes`, the sorted distinct labels present in the whole
 * column, as strings (string order for categories, numeric order for whole numbers, so a boolean
 * stored as 0/1 gives '0', '1'); −1 = missing. Infinite values are always an error; a missing
 * target is an error under the 'error' policy and a dropped row under 'impute' (counted here).
 */
import { isNumeric, type Column } from '../recipe/table';
import { formatCount, quoteList, TrainInputError } from './errors';
import type { Task } from './model';

/** More classes than this is almost surely a numeric quantity or an identifier, not labels. */
export const MAX_CLASSES = 1000;
/** Whole-number targets spanning at most this many values are counted in an array; wider ones are sorted. */
const DENSE_RANGE = 1 << 20;

export interface EncodedTarget {
  /** One entry per table row: values (NaN missing) or class indices (−1 missing). */
  y: Float64Array | Int32Array;
  classes?: string[];
  /** Rows with a missing target and the first of them (0-based, −1 when none). */
  missing: number;
  firstMissing: number;
}

export function encodeTarget(col: Column, task: Task): EncodedTarget {
  const name = col.name;
  if (task === 'regression') {
    if (!isNumeric(col)) {
      throw new TrainInputError(`The target '${name}' is ${col.type}; regression needs a numeric target. Choose binary or multiclass classification, or another target.`, { column: name, type: col.type });
    }
    return { y: col.values, ...scanNumeric(col.values, name, false) };
  }
  const y = new Int32Array(isNumeric(col) ? col.values.length : col.codes.length);
  let labels: string[], codeOf: (row: number) => number, missing: number, firstMissing: number;
  if (isNumeric(col)) {
    const v = col.values, scan = scanNumeric(v, name, true);
    ({ missing, firstMissing } = scan);
    const distinct = distinctValues(v, scan.min, scan.max, v.length - missing);
    labels = Array.from(distinct, String);
    codeOf = (i) => (v[i] !== v[i] ? -1 : indexOf(distinct, v[i]));
  } else {
    const present = new Uint8Array(col.dictionary.length);
    missing = 0; firstMissing = -1;
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      if (c < 0) { if (missing++ === 0) firstMissing = i; } else present[c] = 1;
    }
    const order = [...present.keys()].filter((c) => present[c]).sort((a, b) => (col.dictionary[a] < col.dictionary[b] ? -1 : col.dictionary[a] > col.dictionary[b] ? 1 : 0));
    const remap = new Int32Array(col.dictionary.length).fill(-1);
    order.forEach((c, k) => { remap[c] = k; });
    labels = order.map((c) => col.dictionary[c]);
    codeOf = (i) => (col.codes[i] < 0 ? -1 : remap[col.codes[i]]);
  }
  checkClassCount(name, task, labels, missing);
  for (let i = 0; i < y.length; i++) y[i] = codeOf(i);
  return { y, classes: labels, missing, firstMissing };
}

function checkClassCount(name: string, task: Task, labels: string[], missing: number): void {
  const k = labels.length;
  if (k === 0) throw new TrainInputError(`The target '${name}' has no values: it is missing on all ${formatCount(missing)} rows.`, { column: name, count: missing });
  if (k === 1) {
    throw new TrainInputError(`The target '${name}' has only one class ('${labels[0]}'): there is nothing to tell apart. Choose another target, or add rows of other classes.`, { column: name, choices: labels });
  }
  if (k > MAX_CLASSES) {
    throw new TrainInputError(`The target '${name}' has ${formatCount(k)} distinct values, more than the ${formatCount(MAX_CLASSES)} classes a classifier takes: choose regression for a quantity, or another target.`, { column: name, count: k });
  }
  if (task === 'binary' && k > 2) {
    throw new TrainInputError(`The target '${name}' has ${k} classes (${quoteList(labels)}); binary classification needs exactly 2. Choose multiclass, or keep two classes with a filter step.`, { column: name, count: k, choices: labels });
  }
  if (task === 'multiclass' && k < 3) {
    throw new TrainInputError(`The target '${name}' has 2 classes (${quoteList(labels)}): choose binary classification (multiclass is for 3 or more).`, { column: name, count: k, choices: labels });
  }
}

/** One pass: missing count, first missing row, range; throws on ±Infinity (and non-whole numbers for classes). */
function scanNumeric(v: Float64Array, name: string, whole: boolean): { missing: number; firstMissing: number; min: number; max: number } {
  let missing = 0, firstMissing = -1, min = Infinity, max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) { if (missing++ === 0) firstMissing = i; continue; }
    if (x === Infinity || x === -Infinity) {
      throw new TrainInputError(`The target '${name}' is ${x > 0 ? '' : '-'}infinite at row ${i + 1}; fix or filter that row before training.`, { column: name, row: i + 1, value: String(x) });
    }
    if (whole && !Number.isInteger(x)) {
      throw new TrainInputError(`The target '${name}' holds ${x} at row ${i + 1}: a classification target needs categories or whole-number labels. Choose regression for a quantity.`, { column: name, row: i + 1, value: x });
    }
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { missing, firstMissing, min, max };
}

/** Sorted distinct whole numbers of `v` (NaN skipped); `count` = non-missing values. */
function distinctValues(v: Float64Array, min: number, max: number, count: number): Float64Array {
  if (count === 0) return new Float64Array(0);
  if (max - min < DENSE_RANGE) {
    const seen = new Uint8Array(max - min + 1);
    for (let i = 0; i < v.length; i++) if (v[i] === v[i]) seen[v[i] - min] = 1;
    const out: number[] = [];
    for (let j = 0; j < seen.length; j++) if (seen[j]) out.push(min + j);
    return Float64Array.from(out);
  }
  const sorted = new Float64Array(count);
  for (let i = 0, k = 0; i < v.length; i++) if (v[i] === v[i]) sorted[k++] = v[i];
  sorted.sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  return sorted.slice(0, m);
}

/** Index of x in the ascending array a (x is present). */
function indexOf(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}
