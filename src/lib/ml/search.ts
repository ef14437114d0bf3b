/**
 * Hyperparameter search by k-fold cross-validation, as scikit-learn's GridSearchCV and
 * RandomizedSearchCV: the candidates (search-space.ts), the folds (stratified for
 * classification), each candidate's fold scores with their mean and population std
 * (std_test_score), and the ranks (rank_test_score: 1 = best, ties share the lowest rank,
 * failed candidates tie with the worst). Scores are "greater is better" (losses negated).
 */
import { CancelledError } from '../errors';
import { kFold, stratifiedKFold, type Fold } from '../data/folds';
import { SplitError } from '../data/split';
import { npSum } from './metrics';
import { formatCount, TrainInputError } from './errors';
import type { HyperParams, ModelDef, Task, TrainData } from './model';
import { checkScoring } from './search-scoring';

export { candidates, checkParamValue, MAX_CANDIDATES } from './search-space';
export { checkScoring, scorersFor } from './search-scoring';

export interface CandidateScore {
  /** One score per fold (greater is better). */
  scores: number[];
  mean: number;
  /** Population standard deviation of the fold scores (np.std, as std_test_score). */
  std: number;
  /** Fitting time summed over the folds, in milliseconds. */
  fitMs: number;
}

export interface ScoreHooks {
  /** Seed of every fold's fit. */
  seed?: number;
  /** Polled before each fold and during fits; true stops with a CancelledError. */
  cancelled?(): boolean;
  /** After each fold: folds done, folds in all, the fold's score. */
  onFold?(done: number, total: number, score: number): void;
}

/**
 * k folds of the training rows: stratified by class for classification (each class spread
 * evenly), plain otherwise; both shuffled with `seed`. `classes` names the classes in messages.
 */
export function cvFolds(y: Float64Array | Int32Array, task: Task, k: number, seed: number, classes?: readonly string[]): Fold[] {
  const n = y.length;
  if (!Number.isInteger(k) || k < 2) throw new TrainInputError(`Cross-validation needs a whole number of folds from 2 up; got ${k}.`, { value: k });
  if (k > n) throw new TrainInputError(`${k} folds need at least ${k} training rows; there are ${formatCount(n)}. Use at most ${n} folds.`, { value: k, count: n });
  try {
    if (task === 'regression') return kFold(n, k, seed);
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) counts.set(y[i], (counts.get(y[i]) ?? 0) + 1);
    const [cls, least] = [...counts.entries()].reduce((a, b) => (b[1] < a[1] ? b : a));
    if (k > least) {
      const name = classes?.[cls] ?? String(cls);
      throw new TrainInputError(
        `The class '${name}' has ${least} training row${least === 1 ? '' : 's'}, fewer than the ${k} folds: stratified folds need a row of every class in each. Use at most ${least} folds, or merge rare classes.`,
        { value: k, count: least, class: name },
      );
    }
    return stratifiedKFold(y instanceof Int32Array ? y : Int32Array.from(y), k, seed);
  } catch (e) {
    if (e instanceof SplitError) throw new TrainInputError(e.message, e.detail);
    throw e;
  }
}

/** The rows of `data` listed in `rows`, in that order (features, target and weights copied). */
export function subset(data: TrainData, rows: Int32Array): TrainData {
  const { d } = data, m = rows.length;
  const X = new Float64Array(m * d);
  for (let i = 0; i < m; i++) for (let j = 0, a = i * d, b = rows[i] * d; j < d; j++) X[a + j] = data.X[b + j];
  const y = data.y instanceof Int32Array ? new Int32Array(m) : new Float64Array(m);
  for (let i = 0; i < m; i++) y[i] = data.y[rows[i]];
  const out: TrainData = { X, n: m, d, y, featureNames: data.featureNames };
  if (data.classes) out.classes = data.classes;
  if (data.sampleWeight) out.sampleWeight = Float64Array.from(rows, (r) => data.sampleWeight![r]);
  return out;
}

/** Mean and population std of the scores, summed in NumPy's order (np.average over the folds). */
export function meanStd(scores: readonly number[]): { mean: number; std: number } {
  const mean = npSum(scores) / scores.length;
  return { mean, std: Math.sqrt(npSum(scores.map((s) => (s - mean) * (s - mean))) / scores.length) };
}

/**
 * Fits the candidate on each fold's training rows and scores its held-out rows. fit and predict
 * may be asynchronous; each fold's model is disposed of once scored.
 */
export async function scoreCandidate(def: ModelDef, data: TrainData, task: Task, params: HyperParams, folds: readonly Fold[], scoring: string, hooks: ScoreHooks = {}): Promise<CandidateScore> {
  const sc = checkScoring(def, task, scoring);
  const k = task === 'regression' ? undefined : data.classes?.length;
  const scores: number[] = [];
  let fitMs = 0;
  for (const fold of folds) {
    if (hooks.cancelled?.()) throw new CancelledError();
    const train = subset(data, fold.train), test = subset(data, fold.test);
    const t0 = performance.now();
    const model = await def.fit(train, task, params, { seed: hooks.seed, cancelled: hooks.cancelled });
    fitMs += performance.now() - t0;
    try {
      const yPred = await def.predict(model, test.X, test.n);
      const proba = sc.metric.needsProba ? await def.predictProba!(model, test.X, test.n) : undefined;
      scores.push(sc.score({ yTrue: test.y, yPred, proba, k }));
    } finally {
      def.dispose?.(model);
    }
    hooks.onFold?.(scores.length, folds.length, scores[scores.length - 1]);
  }
  return { scores, ...meanStd(scores), fitMs };
}

/**
 * Ranks as scikit-learn 1.2's rank_test_score: 1 for the best mean, ties share the lowest rank,
 * candidates whose mean is NaN (failed) tie with the worst. `best` is the first candidate ranked
 * 1 (best_index_), or −1 when every candidate failed (all are then ranked 1, as scikit-learn).
 */
export function rankCandidates(results: readonly { mean: number }[]): { ranks: number[]; best: number } {
  const means = results.map((r) => r.mean);
  const finite = means.filter((m) => !Number.isNaN(m));
  if (finite.length === 0) return { ranks: means.map(() => 1), best: -1 };
  const worst = Math.min(...finite) - 1;
  const key = means.map((m) => (Number.isNaN(m) ? worst : m));
  const order = key.map((_, i) => i).sort((a, b) => key[b] - key[a] || a - b);
  const ranks = new Array<number>(key.length);
  order.forEach((i, p) => { ranks[i] = p > 0 && key[i] === key[order[p - 1]] ? ranks[order[p - 1]] : p + 1; });
  return { ranks, best: ranks.indexOf(1) };
}
