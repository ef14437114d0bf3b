/// <reference lib="webworker" />
/** A training helper thread: scores search candidates and trains forest trees on data loaded once. */
import * as Comlink from 'comlink';
import type { Fold } from '../src/lib/data/folds';
import { transferErrors } from '../src/lib/errors';
import type { HyperParams, Task, TrainData } from '../src/lib/ml/model';
import { trainTrees } from '../src/lib/ml/models/random-forest';
import { modelDef } from '../src/lib/ml/models/registry';
import { scoreCandidate } from '../src/lib/ml/search';
import type { BackendChoice } from '../src/lib/ml/spec';
import { WASM_PATHS } from './tfjs-wasm';

let data: TrainData | null = null;
const loaded = (): TrainData => {
  if (!data) throw new Error('No training data was loaded into this helper.');
  return data;
};

const api = {
  load: transferErrors(async (d: TrainData, backend?: Exclude<BackendChoice, 'auto'>) => {
    data = d;
    // TensorFlow.js loads only when a tensor model is searched.
    if (backend) await (await import('../src/lib/ml/backend')).setBackend(backend, { wasmPaths: WASM_PATHS });
  }),
  score: transferErrors(async (model: string, task: Task, params: HyperParams, folds: Fold[], scoring: string, seed: number) =>
    scoreCandidate(modelDef(model)!, loaded(), task, params, folds, scoring, { seed })),
  trees: transferErrors(async (task: Task, params: HyperParams, indices: number[], seed: number, onTree: (metrics?: Record<string, number>) => void) =>
    trainTrees(loaded(), task, params, indices, { seed, progress: (_done, _total, metrics) => void onTree(metrics) })),
};

export type TrainHelperApi = typeof api;
Comlink.expose(api);
