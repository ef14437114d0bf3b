/// <reference lib="webworker" />
/**
 * Serving worker: predictions through warm predictors (ServingService), deployments, the
 * prediction log (stats, rows, labels) and batch scoring with progress and cancel. The page runs
 * two of these: one for requests, one for batch jobs, so a batch never delays a prediction.
 */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import { workerDB } from '../src/lib/store';
import {
  attachLabels, batchScore, createDeployment, enableTensorMlp, deleteDeployment, editDeployment, getDeployment, listDeployments, predictionStats, readPredictions,
  rollbackDeployment, ServingService, setCanaryPercent, startDeployment, stopDeployment, switchLive,
  type BatchArgs, type BatchProgress, type ServingPredictor, type DeploymentEdit, type DeploymentInput, type DeploymentRecord, type InputRecord, type LabelInput, type PredictionQuery,
} from '../src/lib/serve';

const db = workerDB();
const service = new ServingService(db);
const cancelled = new Set<string>();

/** A deployment change, then this worker's caches for the model dropped at once (other contexts hear the channel). */
const change = <A extends unknown[]>(fn: (...a: A) => Promise<DeploymentRecord>) =>
  transferErrors(async (...a: A) => { const d = await fn(...a); service.invalidate(d.model); return d; });

/** An MLP batch runs on tfjs's WASM backend (loaded here only then): ~5× the plain-JS pass on 1M rows. */
async function tensorsFor(p: ServingPredictor): Promise<void> {
  if (p.algorithm !== 'mlp') return;
  try {
    const [{ setBackend }, { WASM_PATHS }, tensorMlp] = await Promise.all([import('../src/lib/ml/backend'), import('./tfjs-wasm'), import('../src/lib/ml/models/mlp-model')]);
    await setBackend('wasm', { wasmPaths: WASM_PATHS });
    enableTensorMlp(tensorMlp);
  } catch {
    // Without WASM the plain-JS forward pass scores the batch (same predictions, slower).
  }
}

const api = {
  predict: transferErrors((model: string, alias: string, records: InputRecord[]) => service.predict(model, alias, records)),
  listModels: transferErrors(() => service.listModels()),
  deployments: transferErrors(async (filter?: { model?: string; alias?: string; status?: 'active' | 'stopped' }) => listDeployments(await db(), filter)),
  deployment: transferErrors(async (id: string) => (await getDeployment(await db(), id)) ?? null),
  createDeployment: change(async (input: DeploymentInput) => createDeployment(await db(), input)),
  setCanaryPercent: change(async (id: string, percent: number) => setCanaryPercent(await db(), id, percent)),
  switchLive: change(async (id: string, to?: 'blue' | 'green') => switchLive(await db(), id, to)),
  rollback: change(async (id: string) => rollbackDeployment(await db(), id)),
  stopDeployment: change(async (id: string) => stopDeployment(await db(), id)),
  startDeployment: change(async (id: string) => startDeployment(await db(), id)),
  editDeployment: change(async (id: string, edit: DeploymentEdit) => editDeployment(await db(), id, edit)),
  deleteDeployment: transferErrors(async (id: string) => { await deleteDeployment(await db(), id); service.invalidate(); }),
  /** Log figures and rows include everything this worker logged (flushed first). */
  predictionStats: transferErrors(async (q: PredictionQuery = {}) => { await service.flush(); return predictionStats(await db(), q); }),
  readPredictions: transferErrors(async (q: PredictionQuery = {}) => { await service.flush(); return readPredictions(await db(), q); }),
  attachLabels: transferErrors(async (labels: LabelInput[]) => { await service.flush(); return attachLabels(await db(), labels); }),
  batchScore: transferErrors(async (jobId: string, args: BatchArgs, progress?: (p: BatchProgress) => void) => {
    try {
      const hooks = { progress: progress ? (p: BatchProgress) => void progress(p) : undefined, cancelled: () => cancelled.has(jobId), prepare: tensorsFor };
      return await batchScore(await db(), args, hooks, (n, v) => service.predictor(n, v), service.log);
    } finally {
      cancelled.delete(jobId);
    }
  }),
  /** Stops a batch job between two chunks (its call fails with CANCELLED). */
  cancelBatch: transferErrors(async (jobId: string) => { cancelled.add(jobId); }),
  /** Writes every buffered prediction; `durable` for page hide (strict durability). */
  flush: transferErrors((durable?: boolean) => service.flush({ durable })),
  invalidate: transferErrors(async (model?: string) => service.invalidate(model)),
  pendingLog: transferErrors(async () => service.log?.pending ?? 0),
};

export type ServeApi = typeof api;
Comlink.expose(api);
