/**
 * The feature matrices: dense row-major Float64 (row i of X is X[i·d .. i·d + d)), one for the
 * training rows and one for the test rows, in one pass over each column. ±Infinity
 * is always an error; a missing value (NaN) is an error under the 'error' policy, and under
 * 'impute' it takes the mean of the column over the training rows (never the test rows, which
 * would leak them into the model). No allocation per row.
 */
import type { NumericColumn } from '../recipe/table';
import { CancelledError } from '../errors';
import { formatCount, TrainInputError } from './errors';
import type { MissingPolicy } from './spec';

export interface Imputed {
  feature: string;
  /** The training rows' mean that filled the gaps. */
  value: number;
  /** Cells filled, training and test rows together. */
  count: number;
}

export interface FeatureMatrices {
  Xtrain: Float64Array;
  Xtest: Float64Array;
  imputed: Imputed[];
}

export interface FeatureHooks {
  /** Now and then while copying: `done` of `total` rows. */
  progress?(done: number, total: number): void;
  cancelled?(): boolean;
}

/** Per-column tallies of one pass. */
interface Tally { sum: number; present: number; missing: number; firstMissing: number; infinite: number; firstInfinite: number; trainMissing: number }

/** Rows per block: a block of X (block × d doubles) stays in cache while every column is written into it. */
const BLOCK = 1024;

/** Copies rows[start..end) of one column into column j of X, tallying missing and infinite values (and the sum for training rows). */
function copyColumn(v: Float64Array, rows: Int32Array, start: number, end: number, X: Float64Array, d: number, j: number, t: Tally, train: boolean): void {
  for (let i = start; i < end; i++) {
    const r = rows[i], x = v[r];
    X[i * d + j] = x;
    if (x !== x) {
      if (t.missing++ === 0 || r < t.firstMissing) t.firstMissing = r;
      if (train) t.trainMissing++;
    } else if (x === Infinity || x === -Infinity) {
      if (t.infinite++ === 0 || r < t.firstInfinite) t.firstInfinite = r;
    } else if (train) {
      t.sum += x;
      t.present++;
    }
  }
}

/** One sequential pass: every NaN in column j takes fill[j]. */
function fillMissing(X: Float64Array, d: number, fill: Float64Array): void {
  for (let p = 0; p < X.length; p += d) for (let j = 0; j < d; j++) if (X[p + j] !== X[p + j]) X[p + j] = fill[j];
}

/**
 * Fills both matrices, each column read once (in row blocks, so writes stay in cache), then
 * checks the columns in order: the first with an infinite value, or a missing one under
 * 'error', or no training value to impute from, throws.
 */
export function buildFeatures(features: readonly NumericColumn[], train: Int32Array, test: Int32Array, missing: MissingPolicy, hooks: FeatureHooks = {}): FeatureMatrices {
  const d = features.length;
  const Xtrain = new Float64Array(train.length * d), Xtest = new Float64Array(test.length * d);
  const tallies: Tally[] = features.map(() => ({ sum: 0, present: 0, missing: 0, firstMissing: -1, infinite: 0, firstInfinite: -1, trainMissing: 0 }));
  const total = train.length + test.length;
  let done = 0;
  for (const [rows, X, isTrain] of [[train, Xtrain, true], [test, Xtest, false]] as const) {
    for (let start = 0; start < rows.length; start += BLOCK) {
      if (hooks.cancelled?.()) throw new CancelledError('Preparing the training data was cancelled.');
      const end = Math.min(rows.length, start + BLOCK);
      for (let j = 0; j < d; j++) copyColumn(features[j].values, rows, start, end, X, d, j, tallies[j], isTrain);
      done += end - start;
      if (done % (64 * BLOCK) < BLOCK || done === total) hooks.progress?.(done, total);
    }
  }
  const imputed: Imputed[] = [];
  const fill = new Float64Array(d);
  features.forEach((col, j) => {
    const t = tallies[j], name = col.name;
    if (t.infinite > 0) {
      throw new TrainInputError(
        `The feature '${name}' has ${formatCount(t.infinite)} infinite value${t.infinite === 1 ? '' : 's'} (first at row ${t.firstInfinite + 1}); infinite values are never imputed: fix them or filter those rows.`,
        { column: name, row: t.firstInfinite + 1, count: t.infinite },
      );
    }
    if (t.missing === 0) return;
    if (missing !== 'impute') {
      throw new TrainInputError(
        `The feature '${name}' is missing on ${formatCount(t.missing)} row${t.missing === 1 ? '' : 's'} (first at row ${t.firstMissing + 1}); choose 'impute' to fill them with the training mean, or fill or drop them in a recipe.`,
        { column: name, row: t.firstMissing + 1, count: t.missing, choices: ['impute'] },
      );
    }
    if (t.present === 0) {
      throw new TrainInputError(`The feature '${name}' is missing on every training row (${formatCount(t.trainMissing)}), so there is no mean to impute: leave it out.`, { column: name, count: t.trainMissing });
    }
    fill[j] = t.sum / t.present;
    imputed.push({ feature: name, value: fill[j], count: t.missing });
  });
  if (imputed.length) {
    fillMissing(Xtrain, d, fill);
    fillMissing(Xtest, d, fill);
  }
  return { Xtrain, Xtest, imputed };
}
