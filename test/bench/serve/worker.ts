/**
 * The `serve` benchmark's module worker: fits each workload on the `train` benchmark's data (not
 * timed), registers it as `bench-<workload>@champion` in IndexedDB (the registry's own addVersion
 * and setAlias), then times
 *  - batch: a ServingPredictor (the serving worker's) scoring 1,000,000 rows (the test rows tiled)
 *    from a columnar table, as batch scoring does (features → matrix → model, chunk by chunk; the
 *    MLP on tfjs's WASM backend, as in the app's batch worker);
 *  - logging: PredictionLog appending single-prediction rows as fast as it takes them, then the
 *    rows counted back from the store (zero loss);
 *  - the in-worker cost of one single-row predict with and without logging.
 * Single-row latency through the serving worker is timed by the page (main.ts).
 */
import * as Comlink from 'comlink';
import { benchFile, gatherRows } from '../data';
import type { HyperParams, ModelDef, TrainData } from '../../../src/lib/ml/model';
import { setBackend } from '../../../src/lib/ml/backend';
import { decisionTree } from '../../../src/lib/ml/models/decision-tree';
import { linearSvc } from '../../../src/lib/ml/models/linear-svc';
import { logisticRegression } from '../../../src/lib/ml/models/logistic-regression';
import { mlp } from '../../../src/lib/ml/models/mlp';
import { randomForest } from '../../../src/lib/ml/models/random-forest';
import { numericColumn, type Table } from '../../../src/lib/recipe/table';
import { addVersion, setAlias } from '../../../src/lib/registry';
import type { ModelDoc, ModelVersionRecord } from '../../../src/lib/registry/types';
import { enableTensorMlp, loadPredictor, PredictionLog, ServingService, type LogRow } from '../../../src/lib/serve';
import * as tensorMlp from '../../../src/lib/ml/models/mlp-model';
import { openBenchtopDB, type DB } from '../../../src/lib/store/db';
import { createMonitor, MonitorEngine } from '../../../src/lib/monitor';
import { WASM_PATHS } from '../../../workers/tfjs-wasm';

export const DATA_URL = '/__bench-train-data/';
export const BATCH_ROWS = 1_000_000;
const LOG_ROWS = 100_000;

/** Benchtop parameters of each workload; serve_peer.py holds their scikit-learn equivalents. */
const WORKLOADS: Record<string, { def: ModelDef; params: HyperParams }> = {
  'logistic-regression': { def: logisticRegression, params: { C: 1, max_iter: 100, tol: 1e-4 } },
  'linear-svc': { def: linearSvc, params: { C: 1, loss: 'squared_hinge', max_iter: 1000, tol: 1e-4 } },
  'decision-tree': { def: decisionTree, params: { criterion: 'gini', max_depth: 12 } },
  'random-forest-50': { def: randomForest, params: { n_estimators: 50, max_depth: 12, max_features: 'auto', bootstrap: true } },
  'mlp-64-32': {
    def: mlp,
    params: { hidden_layer_sizes: '64,32', activation: 'relu', optimizer: 'adam', batch_size: 256, max_iter: 5, learning_rate_init: 1e-3, alpha: 1e-4, early_stopping: false, standardize: false },
  },
};

interface Loaded { train: TrainData; test: Float64Array; testN: number; d: number; db: DB }
let data: Loaded | null = null;
const loaded = (): Loaded => { if (!data) throw new Error('call init() first'); return data; };

const file = (name: string): Promise<ArrayBuffer> => benchFile(DATA_URL, name);

const rows = gatherRows;

const featureNames = (d: number) => Array.from({ length: d }, (_, j) => `f${j}`);

/** A columnar table of `n` rows: the test rows, tiled. */
function tiledTable(n: number): Table {
  const { test, testN, d } = loaded();
  const columns = featureNames(d).map((name, j) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = test[(i % testN) * d + j];
    return numericColumn(name, v);
  });
  return { rows: n, columns };
}

function record(i: number): Record<string, number> {
  const { test, testN, d } = loaded();
  const r = i % testN, out: Record<string, number> = {};
  for (let j = 0; j < d; j++) out[`f${j}`] = test[r * d + j];
  return out;
}

async function register(name: string, w: (typeof WORKLOADS)[string], model: unknown): Promise<ModelVersionRecord> {
  const { d, db } = loaded();
  const features = featureNames(d);
  const doc: ModelDoc = {
    format: 'benchtop-model-v1', model: w.def.id, task: 'binary', target: 'y', features, classes: ['0', '1'], imputed: [],
    params: w.params, datasetVersion: 'bench', weights: w.def.toJSON(model),
  };
  const v = await addVersion(db, `bench-${name}`, {
    description: 'serve benchmark', tags: {}, source: { kind: 'run', runId: null, experimentId: null },
    lineage: { runId: null, experimentId: null, datasetId: null, datasetVersion: 'bench', recipeIds: [] },
    model: doc, recipes: [],
    signature: { inputs: features.map((f) => ({ name: f, type: 'float' as const, required: true })), output: { name: 'y', task: 'binary', classes: ['0', '1'] } },
    inputExample: [record(0)], metrics: {},
    card: {
      intendedUse: '', limitations: '', ethics: '', notes: '',
      computed: { algorithm: w.def.label, task: 'binary', trainingData: { datasetId: null, datasetName: null, versionId: 'bench', rows: 0, trainRows: null, testRows: null, recipeIds: [] }, metrics: [], slices: null, params: w.params },
    },
  }, 'create');
  await setAlias(db, v.name, 'champion', v.version, { reason: 'serve benchmark' });
  return v;
}

const api = {
  async init() {
    const meta = JSON.parse(new TextDecoder().decode(await file('meta.json'))) as { rows: number; features: number };
    const X = new Float64Array(await file('X.f64')), y = new Int32Array(await file('y.i32'));
    const train = new Int32Array(await file('train.i32')), test = new Int32Array(await file('test.i32'));
    const d = meta.features;
    await new Promise<void>((res, rej) => { const r = indexedDB.deleteDatabase('benchtop'); r.onsuccess = () => res(); r.onerror = () => rej(r.error); r.onblocked = () => res(); });
    const db = await openBenchtopDB();
    data = {
      train: { X: rows(X, d, train), n: train.length, d, y: Int32Array.from(train, (i) => y[i]), classes: ['0', '1'], featureNames: featureNames(d) },
      test: rows(X, d, test), testN: test.length, d, db,
    };
    // As the app's batch worker does (workers/serve.ts): large MLP batches on tfjs's WASM backend.
    await setBackend('wasm', { wasmPaths: WASM_PATHS });
    enableTensorMlp(tensorMlp);
    return { trainRows: train.length, testRows: test.length, features: d, cores: navigator.hardwareConcurrency, workloads: Object.keys(WORKLOADS) };
  },

  /** Fits and registers a workload, then times batch scoring of BATCH_ROWS rows. */
  async batch(name: string) {
    const w = WORKLOADS[name];
    if (!w) throw new Error(`unknown workload ${name}`);
    const t0 = performance.now();
    const model = await w.def.fit(loaded().train, 'binary', w.params, { seed: 0 });
    const fitMs = performance.now() - t0;
    const v = await register(name, w, model);
    w.def.dispose?.(model);
    const predictor = await loadPredictor(v);
    await predictor.predictFeatures(tiledTable(10_000)); // warm-up (JIT)
    const table = tiledTable(BATCH_ROWS);
    const t1 = performance.now();
    const out = await predictor.predictFeatures(table);
    const batchMs = performance.now() - t1;
    let refused = 0;
    for (let i = 0; i < out.yPred.length; i++) if (out.yPred[i] !== out.yPred[i]) refused++;
    return { model: v.name, version: v.version, fitMs, batchMs, rows: BATCH_ROWS, rowsPerS: BATCH_ROWS / (batchMs / 1000), refused };
  },

  /** In-worker single-row predict through ServingService, with and without the prediction log. */
  async inWorker(name: string, calls = 2000) {
    const { db } = loaded();
    const out: Record<string, { p50: number; p99: number }> = {};
    for (const log of [false, true]) {
      const s = new ServingService(async () => db, { log });
      for (let i = 0; i < 200; i++) await s.predict(`bench-${name}`, 'champion', [record(i)]);
      const ms: number[] = [];
      for (let i = 0; i < calls; i++) {
        const r = record(i), t = performance.now();
        await s.predict(`bench-${name}`, 'champion', [r]);
        ms.push(performance.now() - t);
      }
      await s.flush();
      s.dispose();
      ms.sort((a, b) => a - b);
      out[log ? 'logged' : 'unlogged'] = { p50: ms[Math.floor(calls * 0.5)], p99: ms[Math.floor(calls * 0.99)] };
    }
    return out;
  },

  /** LOG_ROWS single-prediction rows appended as fast as the log takes them; then counted back. */
  async logging() {
    const { db } = loaded();
    const log = new PredictionLog(async () => db);
    const input = record(0), classes = ['0', '1'];
    const t0 = performance.now();
    for (let i = 0; i < LOG_ROWS; i++) {
      const row: LogRow = { id: `p${i}`, time: Date.now(), arm: 'primary', version: 1, latency: 0.1, input, output: '1', proba: [0.3, 0.7], classes, violations: [], shadowOf: null };
      log.append('bench-log', 'bench-log', [row]);
      // Yield now and then, as a serving worker between requests does, so group commits can run.
      if (i % 1000 === 999) await new Promise((r) => setTimeout(r, 0));
    }
    await log.flush();
    const ms = performance.now() - t0;
    let stored = 0;
    for (const b of await db.getAll('predictions', IDBKeyRange.bound(['bench-log', -Infinity, ''], ['bench-log', Infinity, '\uffff']))) stored += b.ids.length;
    return { rows: LOG_ROWS, ms, rowsPerS: LOG_ROWS / (ms / 1000), stored, lost: LOG_ROWS - stored };
  },

  record: (i: number) => record(i),

  /**
   * Starts incremental monitoring of `bench-<name>@champion` here (another thread, as the app's
   * monitor worker): reference = the predictions logged so far, window = the last 500; every
   * logged batch then recomputes the open window (at most once a second). Answers how many
   * windows it computed when stopped.
   */
  async monitor(name: string, on: boolean) {
    const { db } = loaded();
    if (on) {
      const m = await createMonitor(db, { deployment: `endpoint:bench-${name}@champion`, reference: { kind: 'log', from: 0, to: Date.now() }, window: { kind: 'last', n: 500 } });
      engine = new MonitorEngine(async () => db, { onResults: () => { passes++; } });
      await engine.compute(m.id); // the first pass (reference read, every window) before timing
      passes = 0;
      engine.watch();
      return 0;
    }
    engine?.dispose();
    engine = null;
    return passes;
  },
};
let engine: MonitorEngine | null = null;
let passes = 0;

export type ServeBenchApi = typeof api;
Comlink.expose(api);
