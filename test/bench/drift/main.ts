/**
 * The `drift` benchmark page: starts the benchmark's module worker and hands its API to the driver
 * (drift.mjs calls window.__driftBench.init() and .run(pass) through page.evaluate).
 */
import * as Comlink from 'comlink';
import type { DriftBenchApi } from './worker';

declare global {
  interface Window {
    __driftBench: {
      init(): Promise<Awaited<ReturnType<DriftBenchApi['init']>>>;
      run(...a: Parameters<DriftBenchApi['run']>): Promise<ReturnType<DriftBenchApi['run']>>;
    };
  }
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'drift-bench' });
worker.addEventListener('error', (e) => console.error(`drift-bench worker error: ${e.message}`));
const api = Comlink.wrap<DriftBenchApi>(worker);

window.__driftBench = { init: () => api.init(), run: (...a) => api.run(...a) };
document.body.dataset.ready = 'true';
