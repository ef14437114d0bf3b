/// <reference lib="webworker" />
/**
 * Training worker: runs training and search jobs (src/lib/ml/job.ts) with helper threads for
 * forests and candidates, picks and records the tensor backend. Cancel terminates this worker
 * (its helpers die with it); the tracking worker then marks the run KILLED.
 */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import { backendInfo, calibrate, deviceInfo, deviceKey, setBackend } from '../src/lib/ml/backend';
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

const db = workerDB();
const cores = navigator.hardwareConcurrency || 2;

function env(): Record<string, string | number | boolean> {
  return { app_version: __BENCHTOP_VERSION__, user_agent: navigator.userAgent, cores, cross_origin_isolated: self.crossOriginIsolated };
}

/** 'auto' is settled by a short calibration on this device, cached per device and model size. */
async function prepareBackend(choice: BackendChoice, shape: { d: number; k: number; batch: number; hidden: number[] }, pool?: WorkerPool) {
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
  const info = await backendInfo();
  const out: Record<string, string | number | boolean> = { backend_choice: choice, backend: info.backend, tfjs_version: info.tfjsVersion };
  if (info.adapter) out.gpu_adapter = info.adapter;
  if (info.fallbackAdapter !== undefined) out.gpu_fallback_adapter = info.fallbackAdapter;
  if (info.wasmSimd !== undefined) out.wasm_simd = info.wasmSimd;
  if (info.wasmThreads !== undefined) out.wasm_threads = info.wasmThreads;
  if (calibration) out.backend_calibration = calibration;
  return out;
}

const api = {
  train: transferErrors(async (spec: TrainSpec, onProgress: (p: TrainProgress) => void, onRun: (runId: string) => void) => {
    const def = modelDef(spec.model);
    const threads = spec.search ? Math.max(1, Math.min(64, Math.floor(spec.search.parallelism))) : def?.id === 'random-forest' ? cores : 1;
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
