/**
 * The `serve` benchmark page: the benchmark's module worker (fits, registers, batch and logging
 * figures) and the app's own serving worker (workers/serve.ts), whose single-row round trip
 * page → worker → page is timed here, as the Serve page and the playground call it.
 */
import * as Comlink from 'comlink';
import type { ServeBenchApi } from './worker';
import type { ServeApi } from '../../../workers/serve';

declare global {
  interface Window {
    __serveBench: {
      init: ServeBenchApi['init'];
      batch: ServeBenchApi['batch'];
      inWorker: ServeBenchApi['inWorker'];
      logging: ServeBenchApi['logging'];
      monitor: ServeBenchApi['monitor'];
      single(name: string, calls: number): Promise<{ p50: number; p99: number; mean: number; calls: number; version: number }>;
    };
  }
}

const bench = Comlink.wrap<ServeBenchApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'serve-bench' }));
let serve: Comlink.Remote<ServeApi> | null = null;

async function single(name: string, calls: number) {
  serve ??= Comlink.wrap<ServeApi>(new Worker(new URL('../../../workers/serve.ts', import.meta.url), { type: 'module', name: 'serve' }));
  const records = await Promise.all(Array.from({ length: 64 }, (_, i) => bench.record(i)));
  let version = 0;
  for (let i = 0; i < 300; i++) version = (await serve.predict(`bench-${name}`, 'champion', [records[i % 64]])).version;
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await serve.predict(`bench-${name}`, 'champion', [records[i % 64]]);
    ms.push(performance.now() - t);
  }
  const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(calls * 0.5)], p99: ms[Math.floor(calls * 0.99)], mean, calls, version };
}

window.__serveBench = { init: () => bench.init(), batch: (n) => bench.batch(n), inWorker: (n, c) => bench.inWorker(n, c), logging: () => bench.logging(), monitor: (n, on) => bench.monitor(n, on), single };
document.body.dataset.ready = 'true';
