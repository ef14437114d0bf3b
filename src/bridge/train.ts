/**
 * The client of the training worker. Every job gets its own worker, so a cancel (terminating
 * it, and with it its helper threads) stops that job alone, whatever it is computing.
 */
import * as Comlink from 'comlink';
import type { TrainApi } from '../../workers/train';
import type { TrainOutcome, TrainProgress } from '../lib/protocol';
import { WorkerBridge } from './worker';

type Spec = Parameters<TrainApi['train']>[0];

export class TrainBridge {
  private readonly jobs = new Map<string, WorkerBridge<TrainApi>>();

  async train(jobId: string, spec: Spec, onProgress: (p: TrainProgress) => void, onRun: (runId: string) => void): Promise<TrainOutcome> {
    const w = new WorkerBridge<TrainApi>(() => new Worker(new URL('../../workers/train.ts', import.meta.url), { type: 'module', name: `train-${jobId.slice(0, 8)}` }), 'The training worker');
    this.jobs.set(jobId, w);
    try {
      return await w.call((api) => api.train(spec, Comlink.proxy(onProgress), Comlink.proxy(onRun)));
    } finally {
      this.jobs.delete(jobId);
      w.dispose();
    }
  }

  /** Stops the job's worker at once; its call fails with code CANCELLED. */
  cancel(jobId: string): void {
    this.jobs.get(jobId)?.stop(Object.assign(new Error('Cancelled: the run was stopped.'), { code: 'CANCELLED', name: 'CancelledError' }));
  }

  dispose(): void {
    for (const id of [...this.jobs.keys()]) this.cancel(id);
  }
}

export const trainBridge = new TrainBridge();
