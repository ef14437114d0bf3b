/**
 * k-fold cross-validation folds (scikit-learn's KFold with shuffle and StratifiedKFold): every row
 * is in exactly one test fold; seeded, so the same seed gives the same folds.
 */
import { checkSeed, encode, iota, mulberry32, shuffle, SplitError } from './split';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** k folds of shuffled rows, sizes differing by at most 1 (scikit-learn's KFold with shuffle). */
export function kFold(n: number, k: number, seed: number): Fold[] {
  checkFolds(n, k, seed);
  const order = shuffle(iota(n), mulberry32(seed));
  const foldOf = new Int32Array(n);
  const small = Math.floor(n / k), big = n % k;
  for (let f = 0, p = 0; f < k; f++) for (let end = p + small + (f < big ? 1 : 0); p < end; p++) foldOf[order[p]] = f;
  return folds(foldOf, k);
}

/** Folds keeping class shares; a class's count differs by at most 1 between folds (as StratifiedKFold). */
export function stratifiedKFold(labels: Int32Array | Float64Array, k: number, seed: number): Fold[] {
  const n = labels.length;
  checkFolds(n, k, seed);
  const cls = encode(labels, 'label column');
  const random = mulberry32(seed);
  const foldOf = new Int32Array(n);
  let start = 0; // scikit-learn deals rows, sorted by class in order of first appearance, to folds in turn
  cls.segments((c, seg) => {
    shuffle(seg, random);
    for (let j = 0; j < seg.length; j++) foldOf[seg[j]] = (start + j) % k;
    start += cls.counts[c];
  });
  return folds(foldOf, k);
}

function folds(foldOf: Int32Array, k: number): Fold[] {
  const n = foldOf.length;
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[foldOf[i]]++;
  return Array.from({ length: k }, (_, f) => {
    const test = new Int32Array(size[f]), train = new Int32Array(n - size[f]);
    for (let i = 0, a = 0, b = 0; i < n; i++) if (foldOf[i] === f) test[a++] = i; else train[b++] = i;
    return { train, test };
  });
}

function checkFolds(n: number, k: number, seed: number): void {
  if (n === 0) throw new SplitError('Cannot make folds of an empty dataset.', { rows: 0 });
  if (!Number.isInteger(k) || k < 2 || k > n) throw new SplitError(`The number of folds must be a whole number from 2 to the number of rows (${n}); got ${k}.`, { k, rows: n });
  checkSeed(seed);
}
