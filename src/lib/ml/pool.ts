/**
 * Work a training job spreads over helper threads: the candidates of a search and the trees of
 * a forest. The training worker implements it with module workers; without one, `localPool`
 * does the same work in the calling thread (tests, single-core devices).
 */
import { CancelledError } from '../errors';
import type { Fold } from '../data/folds';
import type { HyperParams, Task, TrainData } from './model';
import { combineForest, trainTrees, type ForestPart } from './models/random-forest';
import { modelDef } from './models/registry';
import { scoreCandidate, type CandidateScore } from './search';

export interface FitPool {
  /** Threads working at once. */
  readonly size: number;
  /** Sends the training data to every thread (once per job, before the calls below). */
  load(data: TrainData): Promise<void>;
  score(model: string, task: Task, params: HyperParams, folds: Fold[], scoring: string, seed: number): Promise<CandidateScore>;
  /** onTree is told of each tree as it is done, with the tree's out-of-bag score when there is one. */
  trees(task: Task, params: HyperParams, indices: number[], seed: number, onTree: (metrics?: Record<string, number>) => void): Promise<ForestPart>;
  /** Stops every thread (cancel) and frees them. */
  dispose(): void;
}

export function localPool(cancelled: () => boolean = () => false): FitPool {
  let data: TrainData | null = null;
  const loaded = (): TrainData => {
    if (!data) throw new Error('The pool has no data: call load() first.');
    return data;
  };
  return {
    size: 1,
    async load(d) {
      data = d;
    },
    async score(model, task, params, folds, scoring, seed) {
      if (cancelled()) throw new CancelledError();
      return scoreCandidate(modelDef(model)!, loaded(), task, params, folds, scoring, { seed, cancelled });
    },
    async trees(task, params, indices, seed, onTree) {
      return trainTrees(loaded(), task, params, indices, { seed, cancelled, progress: (_d, _t, m) => onTree(m) });
    },
    dispose() {
      data = null;
    },
  };
}

/** Trains a forest's trees split evenly over the pool's threads and joins them. */
export async function parallelForest(pool: FitPool, task: Task, params: HyperParams, nEstimators: number, seed: number, onTree: (done: number, metrics?: Record<string, number>) => void) {
  const parts: number[][] = Array.from({ length: Math.min(pool.size, nEstimators) }, () => []);
  for (let i = 0; i < nEstimators; i++) parts[i % parts.length].push(i);
  let done = 0;
  const results = await Promise.all(parts.map((indices) => pool.trees(task, params, indices, seed, (m) => onTree(++done, m))));
  return combineForest(results);
}
