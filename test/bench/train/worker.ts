/**
 * The `train` benchmark's module worker: loads the data set that make_train_data.py wrote (served
 * by train.mjs under DATA_URL), then fits each workload with Benchtop's own code as the training
 * worker does: classical models in this thread, the forest's trees and the search's candidates on
 * helper threads (workers/train-pool.ts), the MLP on the tfjs backend that `calibrate` picks.
 * Every fit is timed with performance.now(); predictions on the test rows give the accuracy.
 */
import * as Comlink from 'comlink';
import { benchFile, gatherRows } from '../data';
import type { HyperParams, ModelDef, TrainData } from '../../../src/lib/ml/model';
import { calibrate, setBackend, backendInfo, type TensorBackend } from '../../../src/lib/ml/backend';
import { decisionTree } from '../../../src/lib/ml/models/decision-tree';
import { linearSvc } from '../../../src/lib/ml/models/linear-svc';
import { logisticRegression } from '../../../src/lib/ml/models/logistic-regression';
import { mlp } from '../../../src/lib/ml/models/mlp';
import { randomForest, type ForestModel } from '../../../src/lib/ml/models/random-forest';
import { parallelForest } from '../../../src/lib/ml/pool';
import { cvFolds, rankCandidates, type CandidateScore } from '../../../src/lib/ml/search';
import { WorkerPool } from '../../../workers/train-pool';
import { WASM_PATHS } from '../../../workers/tfjs-wasm';

/** Where train.mjs serves the data files. */
export const DATA_URL = '/__bench-train-data/';
/** Seed of every fit (forest trees, SVC epoch order, folds, MLP weights and batches). */
const SEED = 0;
/** The grid of the search: scikit-learn's GridSearchCV over the same C values (train_peer.py). */
export const GRID_C = [0.01, 0.1, 1, 10, 100];
/** Rows the MLP is timed on with a software (SwiftShader) WebGPU/WebGL backend. */
export const SOFTWARE_GPU_ROWS = 5000;

/** Benchtop parameters of each workload; train_peer.py holds their scikit-learn equivalents. */
export const PARAMS: Record<string, HyperParams> = {
  'logistic-regression': { C: 1, max_iter: 100, tol: 1e-4 },
  'linear-svc': { C: 1, loss: 'squared_hinge', max_iter: 1000, tol: 1e-4 },
  'decision-tree': { criterion: 'gini', max_depth: 0, min_samples_split: 2, min_samples_leaf: 1, max_features: 'all', max_bins: 0 },
  'random-forest-100': { n_estimators: 100, criterion: 'gini', max_depth: 0, min_samples_leaf: 1, max_features: 'auto', bootstrap: true, max_bins: 255 },
  'mlp-64': {
    hidden_layer_sizes: '64', activation: 'relu', optimizer: 'adam', batch_size: 256, max_iter: 10, learning_rate_init: 1e-3, alpha: 1e-4,
    early_stopping: false, tol: 1e-4, n_iter_no_change: 10, standardize: false,
  },
  'grid-search-5x5': { max_iter: 100, tol: 1e-4 },
};

export interface WorkloadResult {
  /** Timed fit, milliseconds (for the forest and the search: helpers started and loaded included). */
  fitMs: number;
  predictMs: number;
  accuracy: number;
  params: HyperParams;
  detail: Record<string, unknown>;
}

interface Loaded { train: TrainData; testX: Float64Array; testY: Int32Array; testN: number }
let data: Loaded | null = null;
let log: (line: string) => void = () => {};

const file = (name: string): Promise<ArrayBuffer> => benchFile(DATA_URL, name);

const rows = gatherRows;

function loaded(): Loaded {
  if (!data) throw new Error('call init() first');
  return data;
}

function accuracy(pred: ArrayLike<number>, y: Int32Array): number {
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hit++;
  return hit / y.length;
}

/** Fits `def` on the training rows (timed), predicts the test rows (timed), frees the model. */
async function fitPredict(def: ModelDef, params: HyperParams, train = loaded().train): Promise<WorkloadResult & { model: unknown }> {
  const { testX, testY, testN } = loaded();
  const t0 = performance.now();
  const model = await def.fit(train, 'binary', params, { seed: SEED });
  const t1 = performance.now();
  const pred = await def.predict(model, testX, testN);
  const t2 = performance.now();
  return { fitMs: t1 - t0, predictMs: t2 - t1, accuracy: accuracy(pred, testY), params, detail: {}, model };
}

async function simple(def: ModelDef, name: string): Promise<WorkloadResult> {
  const { model, ...r } = await fitPredict(def, PARAMS[name]);
  const m = model as { info?: Record<string, unknown>; tree?: { nodeCount: number } };
  if (m.info) r.detail = { ...m.info };
  if (m.tree) r.detail = { nodes: m.tree.nodeCount };
  def.dispose?.(model);
  return r;
}

const cores = (): number => navigator.hardwareConcurrency || 2;

/**
 * Starts `size` helpers and lets each load its modules and a tiny data set, twice: the timed pool
 * then finds the modules transformed by the dev server and cached. Answers the milliseconds of
 * the second start (what starting the helpers costs before any real data moves).
 */
async function warmPool(size: number): Promise<number> {
  await startTiny(size);
  return startTiny(size);
}

async function startTiny(size: number): Promise<number> {
  const t0 = performance.now();
  const pool = new WorkerPool(size);
  try {
    const X = Float64Array.from({ length: 40 }, (_, i) => i % 7);
    await pool.load({ X, n: 20, d: 2, y: Int32Array.from({ length: 20 }, (_, i) => i % 2), classes: ['0', '1'], featureNames: ['a', 'b'] });
    return performance.now() - t0;
  } finally {
    pool.dispose();
  }
}

async function forest(): Promise<WorkloadResult> {
  const { train, testX, testY, testN } = loaded();
  const params = PARAMS['random-forest-100'];
  const size = cores();
  const helperStartMs = await warmPool(size);
  const t0 = performance.now();
  const pool = new WorkerPool(size);
  let model: ForestModel;
  let loadMs = 0;
  try {
    await pool.load(train);
    loadMs = performance.now() - t0;
    model = await parallelForest(pool, 'binary', params, Number(params.n_estimators), SEED, () => {});
  } finally {
    pool.dispose();
  }
  const t1 = performance.now();
  const pred = randomForest.predict(model, testX, testN) as Float64Array;
  const t2 = performance.now();
  let nodes = 0;
  for (const t of model.trees) nodes += t.nodeCount;
  return { fitMs: t1 - t0, predictMs: t2 - t1, accuracy: accuracy(pred, testY), params, detail: { threads: size, helperStartMs, startAndLoadMs: loadMs, meanNodesPerTree: nodes / model.trees.length } };
}

async function gridSearch(): Promise<WorkloadResult> {
  const { train } = loaded();
  const base = PARAMS['grid-search-5x5'];
  const size = cores();
  const helperStartMs = await warmPool(size);
  const cands = GRID_C.map((C) => ({ ...base, C }));
  const t0 = performance.now();
  const folds = cvFolds(train.y, 'binary', 5, SEED, train.classes);
  const pool = new WorkerPool(size);
  const results: CandidateScore[] = [];
  let loadMs = 0;
  try {
    await pool.load(train);
    loadMs = performance.now() - t0;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < cands.length) {
        const i = next++;
        results[i] = await pool.score('logistic-regression', 'binary', cands[i], folds, 'accuracy', SEED);
      }
    };
    await Promise.all(Array.from({ length: Math.min(size, cands.length) }, lane));
  } finally {
    pool.dispose();
  }
  const searchMs = performance.now() - t0;
  const { best } = rankCandidates(results);
  // As GridSearchCV(refit=True): the best candidate refit on every training row, timed with the search.
  const { model, ...refit } = await fitPredict(logisticRegression, cands[best]);
  return {
    ...refit, fitMs: searchMs + refit.fitMs, params: { ...base, C: GRID_C.join('|'), cv: 5, scoring: 'accuracy' },
    detail: { threads: size, helperStartMs, startAndLoadMs: loadMs, searchMs, refitMs: refit.fitMs, bestC: GRID_C[best], meanScores: results.map((r) => r.mean), candidateFitMs: results.map((r) => r.fitMs) },
  };
}

/** The first `n` training rows (for timing a slow backend). */
function head(n: number): TrainData {
  const { train } = loaded();
  return { ...train, X: train.X.slice(0, n * train.d), y: train.y.slice(0, n), n };
}

async function mlpOn(backend: TensorBackend, rowsUsed?: number): Promise<WorkloadResult> {
  const t = performance.now();
  await setBackend(backend, { wasmPaths: WASM_PATHS });
  const startMs = performance.now() - t;
  const info = await backendInfo();
  const { model, ...r } = await fitPredict(mlp, PARAMS['mlp-64'], rowsUsed ? head(rowsUsed) : undefined);
  mlp.dispose(model as Parameters<typeof mlp.dispose>[0]);
  r.detail = { startMs, ...info, ...(rowsUsed ? { trainRows: rowsUsed } : {}), epochs: (model as { info: Record<string, unknown> }).info.epochs };
  log(`mlp on ${backend}${rowsUsed ? ` (${rowsUsed} rows)` : ''}: ${(r.fitMs / 1000).toFixed(2)} s, accuracy ${r.accuracy.toFixed(4)}`);
  return r;
}

async function mlp64(): Promise<WorkloadResult> {
  const t0 = performance.now();
  const cal = await calibrate({ d: loaded().train.d, k: 2, hidden: [64], batch: 256 }, ['wasm', 'webgpu', 'webgl', 'cpu'], { wasmPaths: WASM_PATHS });
  const calibrationMs = performance.now() - t0;
  log(`calibration picked ${cal.best} (${JSON.stringify(cal.timings)})`);
  const byBackend: Record<string, WorkloadResult | { error: string }> = {};
  const full = [...new Set<TensorBackend>([cal.best, 'wasm', 'cpu'])];
  for (const b of ['wasm', 'webgpu', 'webgl', 'cpu'] as TensorBackend[]) {
    try {
      byBackend[b] = await mlpOn(b, full.includes(b) ? undefined : SOFTWARE_GPU_ROWS);
    } catch (e) {
      byBackend[b] = { error: e instanceof Error ? e.message : String(e) };
      log(`mlp on ${b}: ${byBackend[b].error}`);
    }
  }
  const chosen = byBackend[cal.best];
  if (!chosen || 'error' in chosen) throw new Error(`the MLP failed on the calibrated backend ${cal.best}`);
  return { ...chosen, detail: { ...chosen.detail, calibration: cal, calibrationMs, byBackend } };
}

const WORKLOADS: Record<string, () => Promise<WorkloadResult>> = {
  'logistic-regression': () => simple(logisticRegression, 'logistic-regression'),
  'linear-svc': () => simple(linearSvc, 'linear-svc'),
  'decision-tree': () => simple(decisionTree, 'decision-tree'),
  'random-forest-100': forest,
  'mlp-64': mlp64,
  'grid-search-5x5': gridSearch,
};

const api = {
  /** Loads the data files; answers what the worker runs on. */
  async init(onLog: (line: string) => void) {
    log = (line) => void onLog(line);
    const meta = (await (await fetch(`${DATA_URL}meta.json`)).json()) as { rows: number; features: number };
    const [X, y, trainIdx, testIdx] = await Promise.all(['X.f64', 'y.i32', 'train.i32', 'test.i32'].map(file));
    const d = meta.features;
    const all = new Float64Array(X), labels = new Int32Array(y), tr = new Int32Array(trainIdx), te = new Int32Array(testIdx);
    if (all.length !== meta.rows * d || labels.length !== meta.rows) throw new Error('the data files do not match meta.json');
    const train: TrainData = {
      X: rows(all, d, tr), n: tr.length, d, y: Int32Array.from(tr, (i) => labels[i]), classes: ['0', '1'],
      featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    };
    data = { train, testX: rows(all, d, te), testY: Int32Array.from(te, (i) => labels[i]), testN: te.length };
    return { trainRows: train.n, testRows: te.length, features: d, cores: cores(), crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
  },
  workloads: () => Object.keys(WORKLOADS),
  async run(name: string): Promise<WorkloadResult> {
    const w = WORKLOADS[name];
    if (!w) throw new Error(`unknown workload ${name}; valid: ${Object.keys(WORKLOADS).join(', ')}`);
    return w();
  },
};

export type TrainBenchApi = typeof api;
Comlink.expose(api);
