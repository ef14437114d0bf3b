/**
 * The MLP in a real module worker on every TensorFlow.js backend of headless Chromium: WebGPU
 * (SwiftShader here, so kept tiny), WebGL, WASM and CPU train the same seeded net on the same
 * rows and must reach the same loss curve: every epoch's loss within 1e-3 relative of the CPU
 * backend's (float32 everywhere; only the summation order of the kernels differs, which moves
 * a 15-epoch curve by about 1e-6 relative; 1e-3 leaves room for GPU math functions such as tanh
 * and exp, which are approximate). Also: backendInfo() names the backend (and the WebGPU adapter),
 * no tensors are left behind, and calibrate() picks one of the backends that ran (software WebGPU
 * and WebGL, as here, are skipped by default with the reason recorded).
 */
import * as Comlink from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { MlpWorkerApi } from './mlp-worker';

const worker = new Worker(new URL('./mlp-worker.ts', import.meta.url), { type: 'module', name: 'mlp-test' });
const api = Comlink.wrap<MlpWorkerApi>(worker);
afterAll(() => worker.terminate());

type Run = Awaited<ReturnType<MlpWorkerApi['train']>>;
const runs: Partial<Record<string, Run>> = {};

describe('MLP on every tfjs backend, in a module worker', () => {
  for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu'] as const) {
    it(`trains on ${backend}, describes the backend and leaks no tensors`, async () => {
      const run = await api.train(backend);
      runs[backend] = run;
      expect(run.info.backend).toBe(backend);
      expect(run.losses).toHaveLength(15);
      expect(run.losses[14]).toBeLessThan(run.losses[0]);
      expect(run.leaked).toBe(0);
      if (backend === 'webgpu') {
        expect(typeof run.info.adapter).toBe('string');
        expect(run.info.adapter!.length).toBeGreaterThan(0);
        expect(typeof run.info.fallbackAdapter).toBe('boolean');
      }
      if (backend === 'wasm') expect(typeof run.info.wasmSimd).toBe('boolean');
      if (backend === 'webgl') expect([1, 2]).toContain(run.info.webglVersion);
    });
  }

  it('reaches the same losses and predictions on every backend', () => {
    const ref = runs.cpu!;
    for (const backend of ['wasm', 'webgl', 'webgpu']) {
      const run = runs[backend]!;
      run.losses.forEach((loss, i) => expect(Math.abs(loss - ref.losses[i]) / ref.losses[i], `${backend} epoch ${i + 1}`).toBeLessThan(1e-3));
      run.pred.forEach((p, i) => expect(Math.abs(p - ref.pred[i]), `${backend} row ${i}`).toBeLessThan(1e-2));
    }
  });

  it('calibrates: the best backend is one that ran, every candidate has a time or a reason', async () => {
    const candidates = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
    const result = await api.calibrate(candidates);
    expect(Object.keys(result.timings).sort()).toEqual([...candidates].sort());
    expect(typeof result.timings[result.best]).toBe('number');
    for (const t of Object.values(result.timings)) {
      if (typeof t === 'number') expect(t).toBeGreaterThanOrEqual(result.timings[result.best] as number);
      else expect(t.length).toBeGreaterThan(0);
    }
    expect(result.key).toMatch(/cores/);
  });
});
