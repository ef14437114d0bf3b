/**
 * From a table and the job's choices to what a model trains and is evaluated on: dense
 * row-major Float64 features, the target as values or class indices, the training and test
 * rows. Every problem a user can fix (unknown or categorical columns, a one-class target,
 * missing or infinite values, an empty side) is a TrainInputError (code BAD_TRAINING_INPUT)
 * raised before the model sees anything, naming the column, the 1-based row and the choices.
 *
 * Steps: check the columns; encode the target (dropping rows where it is missing under
 * 'impute'); hold rows out (the recipe's split column, whose validation rows train, or a fresh
 * split); build the feature matrices (imputing with training means under 'impute').
 * Classes are those of the whole column, so train and test share one numbering.
 */
import type { Table } from '../recipe/table';
import { resolveColumns } from './dataset-columns';
import { buildFeatures, type FeatureHooks, type Imputed } from './dataset-features';
import { holdOutRows } from './dataset-holdout';
import { encodeTarget } from './dataset-target';
import { formatCount, quoteList, TrainInputError } from './errors';
import type { Task, TrainData } from './model';
import type { TrainSpec } from './spec';

export type DatasetSpec = Pick<TrainSpec, 'target' | 'features' | 'task' | 'holdOut' | 'missing' | 'seed' | 'sliceColumn'>;

export interface TrainSet {
  train: TrainData;
  test: TrainData;
  task: Task;
  classes?: string[];
  /** Dataset rows (0-based, ascending) of train and test: row i of train.X is dataset row trainRows[i]. */
  trainRows: Int32Array;
  testRows: Int32Array;
  /** Features whose missing values took the training mean ('impute' only). */
  imputed?: Imputed[];
  /** The slice column's codes on the test rows, for per-slice metrics. */
  slice?: { column: string; codes: Int32Array; categories: string[] };
  /** Rows left out because the target was missing ('impute' only). */
  droppedRows: number;
}

export type BuildOptions = FeatureHooks;

export function buildTrainSet(table: Table, spec: DatasetSpec, opts: BuildOptions = {}): TrainSet {
  const cols = resolveColumns(table, spec);
  const { task } = spec, name = cols.target.name;
  if (spec.missing !== 'error' && spec.missing !== 'impute') {
    throw new TrainInputError(`Unknown missing-value policy '${String(spec.missing)}'; choose 'error' or 'impute'.`, { value: spec.missing, choices: ['error', 'impute'] });
  }
  if (table.rows === 0) throw new TrainInputError('This version has no rows to train on.', { count: 0 });
  const target = encodeTarget(cols.target, task);
  if (target.missing > 0 && spec.missing === 'error') {
    throw new TrainInputError(
      `The target '${name}' is missing on ${formatCount(target.missing)} row${target.missing === 1 ? '' : 's'} (first at row ${target.firstMissing + 1}); choose 'impute' to drop those rows, or drop them in a recipe.`,
      { column: name, row: target.firstMissing + 1, count: target.missing, choices: ['impute'] },
    );
  }
  const kept = keptRows(target.y, target.missing);
  if (kept.length === 0) throw new TrainInputError(`No rows left: the target '${name}' is missing on every row.`, { column: name, count: target.missing });
  const labels = target.classes ? gather(target.y as Int32Array, kept, Int32Array) : undefined;
  const { train, test } = holdOutRows(table, spec.holdOut, kept, name, labels, target.classes);
  const side = spec.holdOut.kind === 'column' ? 'the split column' : 'the split';
  if (train.length === 0) throw new TrainInputError(`The training side is empty: ${side} puts all ${formatCount(kept.length)} rows in test.`, { count: 0 });
  if (test.length === 0) {
    throw new TrainInputError(`The test side is empty: ${side} puts every row in train, so the model could not be evaluated. Choose a test share above 0.`, { count: 0 });
  }
  if (target.classes) checkTrainClasses(name, target.y as Int32Array, train, target.classes);
  const { Xtrain, Xtest, imputed } = buildFeatures(cols.features, train, test, spec.missing, opts);
  const featureNames = cols.features.map((c) => c.name);
  const data = (X: Float64Array, rows: Int32Array): TrainData => ({
    X, n: rows.length, d: featureNames.length, featureNames: [...featureNames],
    y: target.classes ? gather(target.y as Int32Array, rows, Int32Array) : gather(target.y as Float64Array, rows, Float64Array),
    ...(target.classes ? { classes: [...target.classes] } : {}),
  });
  const out: TrainSet = {
    train: data(Xtrain, train), test: data(Xtest, test), task, trainRows: train, testRows: test, droppedRows: target.missing,
  };
  if (target.classes) out.classes = [...target.classes];
  if (spec.missing === 'impute') out.imputed = imputed;
  if (cols.slice) out.slice = { column: cols.slice.name, codes: gather(cols.slice.codes, test, Int32Array), categories: [...cols.slice.dictionary] };
  return out;
}

/** All rows, or those with a target when some are missing (class −1 or NaN). */
function keptRows(y: Float64Array | Int32Array, missing: number): Int32Array {
  const out = new Int32Array(y.length - missing);
  for (let i = 0, k = 0; i < y.length; i++) if (!(y[i] !== y[i] || (y instanceof Int32Array && y[i] < 0))) out[k++] = i;
  return out;
}

function checkTrainClasses(name: string, y: Int32Array, train: Int32Array, classes: string[]): void {
  const first = y[train[0]];
  for (let i = 1; i < train.length; i++) if (y[train[i]] !== first) return;
  throw new TrainInputError(
    `The training rows hold only one class of '${name}' ('${classes[first]}') out of ${quoteList(classes)}: the model would have nothing to tell apart. Choose a stratified split, or rebalance the split.`,
    { column: name, choices: classes, count: train.length },
  );
}

function gather<A extends Float64Array | Int32Array>(src: A, rows: Int32Array, Kind: new (n: number) => A): A {
  const out = new Kind(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}
