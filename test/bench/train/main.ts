/**
 * The `train` benchmark page: starts the benchmark's module worker and hands its API to the
 * driver (train.mjs calls window.__trainBench.init() and .run(name) through page.evaluate).
 */
import * as Comlink from 'comlink';
import type { TrainBenchApi } from './worker';

declare global {
  interface Window {
    __trainBench: { init(): ReturnType<TrainBenchApi['init']>; run: TrainBenchApi['run'] };
  }
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'train-bench' });
worker.addEventListener('error', (e) => console.error(`train-bench worker error: ${e.message}`));
const api = Comlink.wrap<TrainBenchApi>(worker);

window.__trainBench = {
  init: () => api.init(Comlink.proxy((line: string) => console.log(line))),
  run: (name) => api.run(name),
};
document.body.dataset.ready = 'true';
