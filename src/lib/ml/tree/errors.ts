/**
 * Errors of the tree models, and the checks on training data they run before fitting.
 * `detail.reason` says what is wrong: 'NO_ROWS', 'NAN_IN_X', 'SINGLE_CLASS', 'BAD_TARGET',
 * 'BAD_SHAPE', 'BAD_WEIGHT', 'BAD_PARAM', 'BAD_TASK' (probabilities asked of a regression model),
 * 'BAD_MODEL' (a model JSON or forest parts that cannot be read or combined).
 */
import { TrainInputError } from '../errors';
import type { Task, TrainData } from '../model';

/** A TrainInputError (code BAD_TRAINING_INPUT) with the tree checks' `reason`. */
export class TreeError extends TrainInputError {
  constructor(message: string, detail: Record<string, unknown> & { reason: string }) {
    super(message, detail);
    this.name = 'TreeError';
  }
}

const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];

/** Checks X (shape, finite values) for training or prediction. */
export function checkX(X: Float64Array, n: number, d: number, names?: readonly string[]): void {
  if (X.length !== n * d) throw new TreeError(`X has ${X.length} values; ${n} rows × ${d} features need ${n * d}.`, { reason: 'BAD_SHAPE', n, d, length: X.length });
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) {
      const row = Math.floor(i / d), f = i % d;
      const name = names?.[f] ?? `feature ${f}`;
      throw new TreeError(`X has a missing or infinite value (${X[i]}) in row ${row}, ${name}: impute missing values before training or predicting.`, { reason: 'NAN_IN_X', row, column: name });
    }
  }
}

/**
 * Checks training data for a task and returns the number of outputs: k classes for
 * classification (classes.length, else the largest class index + 1), 1 for regression.
 */
export function checkTrainData(data: TrainData, task: Task): number {
  const { n, d, y } = data;
  if (!TASKS.includes(task)) throw new TreeError(`Unknown task '${task}': use one of ${TASKS.join(', ')}.`, { reason: 'BAD_PARAM', task });
  if (!(n > 0)) throw new TreeError('The training data has no rows.', { reason: 'NO_ROWS' });
  if (!(d > 0)) throw new TreeError('The training data has no feature columns.', { reason: 'BAD_SHAPE', d });
  if (y.length !== n) throw new TreeError(`y has ${y.length} values for ${n} rows.`, { reason: 'BAD_SHAPE', n, length: y.length });
  checkX(data.X, n, d, data.featureNames);
  const w = data.sampleWeight;
  if (w) {
    if (w.length !== n) throw new TreeError(`sampleWeight has ${w.length} values for ${n} rows.`, { reason: 'BAD_SHAPE' });
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!(w[i] >= 0) || !Number.isFinite(w[i])) throw new TreeError(`sampleWeight[${i}] is ${w[i]}: weights must be finite and ≥ 0.`, { reason: 'BAD_WEIGHT', row: i });
      total += w[i];
    }
    if (!(total > 0)) throw new TreeError('All sample weights are 0.', { reason: 'BAD_WEIGHT' });
  }
  if (task === 'regression') {
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new TreeError(`The target is missing or infinite in row ${i}.`, { reason: 'BAD_TARGET', row: i });
    return 1;
  }
  let max = -1;
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (!Number.isInteger(c) || c < 0) throw new TreeError(`Row ${i} has class index ${c}: classification targets are class indices 0..k-1.`, { reason: 'BAD_TARGET', row: i });
    if (c > max) max = c;
  }
  const k = data.classes?.length ?? max + 1;
  if (max >= k) throw new TreeError(`Class index ${max} is out of range for ${k} classes (${data.classes!.join(', ')}).`, { reason: 'BAD_TARGET' });
  const seen = new Uint8Array(k);
  let distinct = 0;
  for (let i = 0; i < n; i++) if (!seen[y[i]]) { seen[y[i]] = 1; distinct++; }
  if (distinct < 2) {
    const only = data.classes?.[y[0]] ?? String(y[0]);
    throw new TreeError(`The target has a single class ('${only}'): classification needs at least two classes in the training rows.`, { reason: 'SINGLE_CLASS', class: only });
  }
  if (task === 'binary' && k !== 2) throw new TreeError(`A binary task needs exactly 2 classes; the target has ${k}: use 'multiclass'.`, { reason: 'BAD_TARGET', classes: k });
  return k;
}
