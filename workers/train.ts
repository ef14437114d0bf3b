/// <reference lib="webworker" />
/**
 * Training worker: runs training and search jobs (src/lib/ml/job.ts) with helper threads for
 * forests and candidates, picks and records the tensor backend. Cancel terminates this worker
 * (its helpers die with it); the tracking worker then marks the run KILLED.
 */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import { runTraining } from '../src/lib/ml/job';
import { modelDef } from '../src/lib/ml/models/registry';
import type { BackendChoice, TrainSpec } from '../src/lib/ml/spec';
import type { TrainContext } from '../src/lib/ml/train';
import type { TrainProgress } from '../src/lib/protocol';
import { workerDB } from '../src/lib/store';
import { WorkerPool } from './train-pool';
import { WASM_PATHS } from './tfjs-wasm';

/** The app version (vite.config.ts `define`). */
declare const __BENCHTOP_VERSION__: string;
declare const __BENCHTOP_COMMIT__: string;

const db = workerDB();
const cores = navigator.hardwareConcurrency || 2;

function env(): Record<string, string | number | boolean> {
  return { app_version: __BENCHTOP_VERSION__, app_commit: __BENCHTOP_COMMIT__, user_agent: navigator.userAgent, cores, cross_origin_isolated: self.crossOriginIsolated };
}

/** 'auto' is settled by a short calibration on this device, cached per device and model size. */
async function prepareBackend(choice: BackendChoice, shape: { d: number; k: number; batch: number; hidden: number[] }, pool?: WorkerPool) {
  // TensorFlow.js loads only for tensor models.
  const { backendInfo, calibrate, deviceInfo, deviceKey, setBackend } = await import('../src/lib/ml/backend');
  let backend = choice;
  let calibration: string | undefined;
  if (choice === 'auto') {
    const bucket = (v: number) => 2 ** Math.round(Math.log2(Math.max(1, v)));
    const key = `backend-calibration:${deviceKey(await deviceInfo())}:${bucket(shape.d)}x${shape.hidden.map(bucket).join('-')}x${bucket(shape.k)}:${bucket(shape.batch)}`;
    const cached = (await (await db()).get('settings', key))?.value as { best: BackendChoice; timings: Record<string, number | string> } | undefined;
    const result = cached ?? (await calibrate(shape, undefined, { wasmPaths: WASM_PATHS }));
    if (!cached) await (await db()).put('settings', { value: result, updated: Date.now() }, key);
    backend = result.best;
    calibration = JSON.stringify({ ...result, cached: Boolean(cached) });
  }
  const chosen = backend as Exclude<BackendChoice, 'auto'>;
  await setBackend(chosen, { wasmPaths: WASM_PATHS });
  if (pool) pool.backend = chosen;
  const [info, device] = await Promise.all([backendInfo(), deviceInfo()]);
  const out: Record<string, string | number | boolean> = { backend_choice: choice, backend: info.backend, tfjs_version: info.tfjsVersion };
  // The GPU adapter is recorded whatever the backend: it explains the calibration's choice.
  const adapter = info.adapter ?? device.gpu;
  if (adapter) out.gpu_adapter = adapter;
  const fallback = info.fallbackAdapter ?? device.fallbackAdapter;
  if (fallback !== undefined) out.gpu_fallback_adapter = fallback;
  if (info.wasmSimd !== undefined) out.wasm_simd = info.wasmSimd;
  if (info.wasmThreads !== undefined) out.wasm_threads = info.wasmThreads;
  if (calibration) out.backend_calibration = calibration;
  return out;
}

/** Candidate × fold fits of a search (an upper bound, before the space is checked). */
function searchFits(search: NonNullable<TrainSpec['search']>): number {
  const per = Object.values(search.space).map((v) => (Array.isArray(v) ? v.length : Infinity));
  const grid = per.reduce((a, b) => a * b, 1);
  return Math.max(1, (search.mode === 'random' ? Math.min(search.candidates ?? 10, grid) : grid) * search.folds);
}

const api = {
  train: transferErrors(async (spec: TrainSpec, onProgress: (p: TrainProgress) => void, onRun: (runId: string) => void) => {
    const def = modelDef(spec.model);
    // No more threads than there are fits to share (each thread gets a copy of the data).
    const fits = spec.search ? searchFits(spec.search) : def?.id === 'random-forest' ? Number(spec.params.n_estimators ?? 100) : 1;
    const wanted = spec.search ? Math.floor(spec.search.parallelism) : def?.id === 'random-forest' ? cores : 1;
    const threads = Math.max(1, Math.min(64, wanted, fits));
    const pool = threads > 1 ? new WorkerPool(threads) : undefined;
    const ctx: TrainContext = {
      db: await db(), pool, env: env(),
      progress: (p) => void onProgress(p),
      prepareBackend: (choice, shape) => prepareBackend(choice, shape, pool),
    };
    try {
      return await runTraining(spec, ctx, (id) => void onRun(id));
    } finally {
      pool?.dispose();
    }
  }),
};

export type TrainApi = typeof api;
Comlink.expose(api);
