/**
 * The tensor backends (TensorFlow.js): the one module that starts them and says which runs.
 * - setBackend(choice) loads the backend package on demand, starts it and waits until it is ready;
 *   a backend that cannot start here (no WebGPU adapter, no WebGL context, …) is a BackendError
 *   naming it, why, and the backends still worth trying; it is remembered and unregistered, and
 *   the backend that ran before stays active;
 * - ensureBackend() is what models call: the active backend, or the CPU one when none was set;
 * - backendInfo() describes the active backend (WebGPU adapter, WASM SIMD/threads, WebGL version)
 *   for the run record; deviceInfo()/deviceKey() (backend-device.ts) identify the machine, to
 *   cache calibrations;
 * - calibrate() times a few MLP training steps (models/mlp-bench.ts) on each backend and names
 *   the fastest.
 * Nothing here reads tensors synchronously. Runs in workers and Node (no DOM).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BenchtopError } from '../errors';
import { BACKENDS, type BackendChoice } from './spec';
import { gpuAdapter, isSoftwareRenderer, nav, webglRenderer } from './backend-device';
import { timeMlpSteps, type CalibrationShape } from './models/mlp-bench';

export { deviceInfo, deviceKey, type DeviceInfo } from './backend-device';
export type { CalibrationShape } from './models/mlp-bench';

export type TensorBackend = Exclude<BackendChoice, 'auto'>;
export const TENSOR_BACKENDS: readonly TensorBackend[] = BACKENDS.filter((b): b is TensorBackend => b !== 'auto');

/** A tensor backend that cannot start. detail: backend, reason, choices (backends still worth trying). */
export class BackendError extends BenchtopError {
  constructor(message: string, detail: Record<string, unknown> = {}) {
    super('BAD_TRAINING_INPUT', message, detail);
    this.name = 'BackendError';
  }
}

export interface SetBackendOptions {
  /** WASM binaries by file name (tfjs-backend-wasm.wasm, -simd.wasm, -threaded-simd.wasm) → URL. */
  wasmPaths?: Record<string, string>;
  /**
   * Use tfjs's multi-threaded WASM build where the page is cross-origin isolated (default false).
   * Its thread workers rebuild the module from the factory's source text, which a minified bundle
   * breaks ("e is not defined"), and load it from a blob: URL, which script-src 'self' forbids;
   * in that case its start hangs. So the WASM backend runs on one thread (with SIMD) unless asked.
   */
  wasmThreads?: boolean;
}

/** How long a backend may take to start before it counts as failed. */
const START_TIMEOUT_MS = 60_000;

const LOADERS: Record<TensorBackend, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

/** Backends that failed to start in this thread, with the reason. */
const failed = new Map<TensorBackend, string>();

/** The running backend's name, or null when none has started. */
function active(): string | null {
  const e = tf.engine();
  return e.backendName && e.registry[e.backendName] ? e.backendName : null;
}

/** Why `choice` cannot start, or null once it runs. */
async function start(choice: TensorBackend, opts: SetBackendOptions): Promise<string | null> {
  if (choice === 'webgpu') {
    if (!nav()?.gpu) return 'this browser or thread exposes no WebGPU (navigator.gpu is missing)';
    if (!(await gpuAdapter())) return 'no WebGPU adapter is available';
  }
  const mod = await LOADERS[choice]();
  if (choice === 'wasm' && !tf.engine().registry.wasm) {
    if (!opts.wasmThreads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (opts.wasmPaths) (mod as typeof import('@tensorflow/tfjs-backend-wasm')).setWasmPaths(opts.wasmPaths);
  }
  if (!tf.engine().registryFactory[choice]) return `the ${choice} backend does not run in this environment`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS); });
  const started = await Promise.race([tf.setBackend(choice), timeout]).finally(() => clearTimeout(timer));
  if (started !== true) {
    tf.removeBackend(choice);
    return started === 'timeout' ? `the ${choice} backend did not start within ${START_TIMEOUT_MS / 1000} s` : `the ${choice} backend failed to initialise (the browser console has the cause)`;
  }
  await tf.ready();
  return null;
}

/** Starts `choice` and makes it the active backend (see the header). */
export async function setBackend(choice: TensorBackend, opts: SetBackendOptions = {}): Promise<void> {
  if (!TENSOR_BACKENDS.includes(choice)) {
    throw new BackendError(`Unknown tensor backend ${JSON.stringify(choice)}; choose one of ${TENSOR_BACKENDS.join(', ')}.`, { backend: choice, choices: TENSOR_BACKENDS });
  }
  if (active() === choice) return;
  const before = active();
  let reason = failed.get(choice) ?? null;
  if (!reason) {
    try {
      reason = await start(choice, opts);
      if (reason) failed.set(choice, reason);
    } catch (e) {
      // Not remembered: loading the backend's code can work on a later try.
      reason = e instanceof Error ? e.message : String(e);
    }
  }
  if (!reason) return;
  if (before && before !== tf.engine().backendName) await tf.setBackend(before);
  const choices = TENSOR_BACKENDS.filter((b) => !failed.has(b));
  throw new BackendError(`The ${choice} tensor backend cannot start here: ${reason}. Choose another backend: ${choices.join(', ') || 'none is left'}.`, { backend: choice, reason, choices });
}

/** The active backend's name; starts the CPU backend when none has been set. */
export async function ensureBackend(): Promise<string> {
  const name = active();
  if (name) return name;
  if (Object.keys(tf.engine().registryFactory).length === 0) await setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

export interface BackendInfo {
  backend: string;
  tfjsVersion: string;
  /** WebGPU: the adapter's vendor, architecture, device and description. */
  adapter?: string;
  /** WebGPU: a software adapter (SwiftShader), far slower than a GPU. */
  fallbackAdapter?: boolean;
  wasmSimd?: boolean;
  wasmThreads?: boolean;
  /** WebGL: 1 or 2, whether float32 textures render (else float16, less precise), the renderer. */
  webglVersion?: number;
  webglFloat32?: boolean;
  webglRenderer?: string;
}

/** What the active backend runs on (starting the CPU backend when none was set). */
export async function backendInfo(): Promise<BackendInfo> {
  const backend = await ensureBackend();
  const info: BackendInfo = { backend, tfjsVersion: tf.version_core };
  if (backend === 'webgpu') Object.assign(info, await gpuAdapter());
  if (backend === 'wasm') {
    const wasm = (await LOADERS.wasm()) as typeof import('@tensorflow/tfjs-backend-wasm');
    info.wasmSimd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    info.wasmThreads = wasm.getThreadsCount() > 1;
  }
  if (backend === 'webgl') {
    info.webglVersion = tf.env().getNumber('WEBGL_VERSION');
    info.webglFloat32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
    const renderer = webglRenderer(tf.backend());
    if (renderer) info.webglRenderer = renderer;
  }
  return info;
}

export interface CalibrateOptions extends SetBackendOptions {
  /** Most timed steps per backend (default 10). */
  steps?: number;
  /** Stop timing a backend after this many milliseconds (default 500). */
  budgetMs?: number;
  /** Also time WebGPU/WebGL on a software adapter or renderer (SwiftShader: seconds to compile, never the fastest). */
  software?: boolean;
}

export interface Calibration {
  /** The fastest backend. */
  best: TensorBackend;
  /** Milliseconds per training step, or why the backend could not run. */
  timings: Record<string, number | string>;
}

/**
 * Times a few training steps of an MLP of `shape` on each candidate backend, in order, and names
 * the fastest: one warm-up step, then rounds of 1, 2, 4, … steps, each ended by one read-back,
 * until `steps` steps, `budgetMs`, or 3× the best time so far. A backend that cannot start or
 * fails is recorded as a string and skipped, as are WebGPU and WebGL on a software adapter or
 * renderer (unless opts.software). The backend active before the call is active again after it.
 * Throws a BackendError when no candidate runs.
 */
export async function calibrate(shape: CalibrationShape, candidates: readonly TensorBackend[] = ['wasm', 'webgpu', 'webgl', 'cpu'], opts: CalibrateOptions = {}): Promise<Calibration> {
  const before = active() as TensorBackend | null;
  const timings: Record<string, number | string> = {};
  let best: TensorBackend | null = null, bestMs = Infinity;
  for (const b of candidates) {
    try {
      const gpu = b === 'webgpu' && !opts.software ? await gpuAdapter() : null;
      if (gpu?.fallbackAdapter) {
        timings[b] = `skipped: the WebGPU adapter is software (${gpu.adapter})`;
        continue;
      }
      await setBackend(b, opts);
      const renderer = b === 'webgl' && !opts.software ? webglRenderer(tf.backend()) : null;
      if (renderer && isSoftwareRenderer(renderer)) {
        timings[b] = `skipped: the WebGL renderer is software (${renderer})`;
        continue;
      }
      const ms = await timeMlpSteps(shape, bestMs, opts.steps ?? 10, opts.budgetMs ?? 500);
      timings[b] = ms;
      if (ms < bestMs) { best = b; bestMs = ms; }
    } catch (e) {
      timings[b] = e instanceof Error ? e.message : String(e);
    }
  }
  if (before && active() !== before) await setBackend(before, opts);
  if (!best) throw new BackendError(`No tensor backend could run here (${Object.entries(timings).map(([b, why]) => `${b}: ${why}`).join('; ')}).`, { timings });
  return { best, timings };
}
