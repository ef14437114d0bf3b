/**
 * The client of the serving workers. Predictions, deployments and the log go to one worker kept
 * alive while the page is open (its predictors stay warm); batch jobs run in a second worker of
 * the same kind, so a million-row job never delays a single prediction. Buffered log rows are
 * written durably when the page is hidden or goes away (pagehide, visibilitychange → hidden).
 */
import * as Comlink from 'comlink';
import type { ServeApi } from '../../workers/serve';
import { WorkerBridge } from './worker';

type Remote = Comlink.Remote<ServeApi>;
type Args<K extends keyof ServeApi> = ServeApi[K] extends (...a: infer A) => unknown ? A : never;
type Progress = NonNullable<Args<'batchScore'>[2]>;

const serveWorker = (name: string) => () => new Worker(new URL('../../workers/serve.ts', import.meta.url), { type: 'module', name });

export class ServeBridge {
  private readonly w = new WorkerBridge<ServeApi>(serveWorker('serve'), 'The serving worker', Infinity);
  private readonly batch = new WorkerBridge<ServeApi>(serveWorker('serve-batch'), 'The batch scoring worker');
  private readonly onHide = () => { void this.flush(true).catch(() => undefined); };
  private readonly onVisibility = () => { if (document.visibilityState === 'hidden') this.onHide(); };

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', this.onHide);
      document.addEventListener('visibilitychange', this.onVisibility);
    }
  }

  predict(...a: Args<'predict'>) {
    return this.w.call((api: Remote) => api.predict(...a));
  }
  listModels() {
    return this.w.call((api: Remote) => api.listModels());
  }
  deployments(...a: Args<'deployments'>) {
    return this.w.call((api: Remote) => api.deployments(...a));
  }
  deployment(...a: Args<'deployment'>) {
    return this.w.call((api: Remote) => api.deployment(...a));
  }
  createDeployment(...a: Args<'createDeployment'>) {
    return this.w.call((api: Remote) => api.createDeployment(...a));
  }
  setCanaryPercent(...a: Args<'setCanaryPercent'>) {
    return this.w.call((api: Remote) => api.setCanaryPercent(...a));
  }
  switchLive(...a: Args<'switchLive'>) {
    return this.w.call((api: Remote) => api.switchLive(...a));
  }
  rollback(...a: Args<'rollback'>) {
    return this.w.call((api: Remote) => api.rollback(...a));
  }
  stopDeployment(...a: Args<'stopDeployment'>) {
    return this.w.call((api: Remote) => api.stopDeployment(...a));
  }
  startDeployment(...a: Args<'startDeployment'>) {
    return this.w.call((api: Remote) => api.startDeployment(...a));
  }
  editDeployment(...a: Args<'editDeployment'>) {
    return this.w.call((api: Remote) => api.editDeployment(...a));
  }
  deleteDeployment(...a: Args<'deleteDeployment'>) {
    return this.w.call((api: Remote) => api.deleteDeployment(...a));
  }
  predictionStats(...a: Args<'predictionStats'>) {
    return this.w.call((api: Remote) => api.predictionStats(...a));
  }
  readPredictions(...a: Args<'readPredictions'>) {
    return this.w.call((api: Remote) => api.readPredictions(...a));
  }
  attachLabels(...a: Args<'attachLabels'>) {
    return this.w.call((api: Remote) => api.attachLabels(...a));
  }
  /** Drops this page's cached aliases, deployments and predictors (the registry channel does this too). */
  invalidate(model?: string) {
    return this.w.running ? this.w.call((api: Remote) => api.invalidate(model)) : Promise.resolve();
  }

  /** Scores a dataset version or CSV in the batch worker; `cancelBatch(jobId)` stops it between chunks (code CANCELLED). */
  batchScore(jobId: string, args: Args<'batchScore'>[1], onProgress: Progress) {
    return this.batch.call((api: Remote) => api.batchScore(jobId, args, Comlink.proxy(onProgress)));
  }
  cancelBatch(jobId: string) {
    return this.batch.running ? this.batch.call((api: Remote) => api.cancelBatch(jobId)) : Promise.resolve();
  }

  /** Writes every buffered prediction of both workers (`durable`: strict durability, for page hide). */
  async flush(durable = false): Promise<void> {
    await Promise.all([this.w, this.batch].map((w) => (w.running ? w.call((api: Remote) => api.flush(durable)) : undefined)));
  }

  dispose(): void {
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', this.onHide);
      document.removeEventListener('visibilitychange', this.onVisibility);
    }
    this.w.dispose();
    this.batch.dispose();
  }
}

export const serveBridge = new ServeBridge();
