/// <reference lib="webworker" />
/**
 * The training worker's helper threads as a FitPool: each call goes to an idle helper (or waits
 * for one); dispose terminates them all and fails what they were doing (comlink alone would
 * leave those calls pending forever).
 */
import * as Comlink from 'comlink';
import { CancelledError } from '../src/lib/errors';
import type { TrainData } from '../src/lib/ml/model';
import type { FitPool } from '../src/lib/ml/pool';
import type { BackendChoice } from '../src/lib/ml/spec';
import type { TrainHelperApi } from './train-helper';

type Helper = { worker: Worker; api: Comlink.Remote<TrainHelperApi> };

export class WorkerPool implements FitPool {
  private readonly helpers: Helper[];
  private readonly idle: Helper[];
  private readonly waiting: ((h: Helper) => void)[] = [];
  private reject: (e: Error) => void = () => {};
  private readonly gone = new Promise<never>((_, r) => (this.reject = r));

  /** Tensor backend the helpers start on load (set once the job has chosen it). */
  backend?: Exclude<BackendChoice, 'auto'>;

  constructor(readonly size: number) {
    this.gone.catch(() => undefined);
    this.helpers = Array.from({ length: size }, (_, i) => {
      const worker = new Worker(new URL('./train-helper.ts', import.meta.url), { type: 'module', name: `train-helper-${i + 1}` });
      worker.addEventListener('error', (ev) => this.fail(Object.assign(new Error(`A training helper thread stopped unexpectedly${ev.message ? ` (${ev.message})` : ''}; it may have run out of memory.`), { code: 'WORKER_CRASHED' })));
      return { worker, api: Comlink.wrap<TrainHelperApi>(worker) };
    });
    this.idle = [...this.helpers];
  }

  private async use<T>(fn: (api: Comlink.Remote<TrainHelperApi>) => Promise<T>): Promise<T> {
    const h = this.idle.pop() ?? (await Promise.race([new Promise<Helper>((r) => this.waiting.push(r)), this.gone]));
    try {
      return await Promise.race([fn(h.api), this.gone]);
    } finally {
      const next = this.waiting.shift();
      if (next) next(h);
      else this.idle.push(h);
    }
  }

  async load(data: TrainData): Promise<void> {
    await Promise.race([Promise.all(this.helpers.map((h) => h.api.load(data, this.backend))), this.gone]);
  }

  score: FitPool['score'] = (...a) => this.use((api) => api.score(...a));

  trees: FitPool['trees'] = (task, params, indices, seed, onTree) => this.use((api) => api.trees(task, params, indices, seed, Comlink.proxy(onTree)));

  private fail(e: Error): void {
    for (const h of this.helpers) h.worker.terminate();
    this.reject(e);
  }

  dispose(): void {
    this.fail(new CancelledError('The training threads were stopped.'));
  }
}
