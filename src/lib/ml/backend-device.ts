/**
 * What the environment says about the device, without the DOM typings: the adapter WebGPU would
 * give and the WebGL renderer (described for run records; software ones are SwiftShader & co.),
 * and deviceInfo()/deviceKey(), which name the machine as far as backend speed goes (the key a
 * calibration is cached under).
 */
import { version_core } from '@tensorflow/tfjs-core';

/** Minimal WebGPU typing (src/lib compiles without the DOM and @webgpu/types). */
interface GpuInfo { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
interface GpuAdapter { info?: GpuInfo; isFallbackAdapter?: boolean; requestAdapterInfo?(): Promise<GpuInfo> }
interface Gpu { requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapter | null> }
export interface Nav { gpu?: Gpu; hardwareConcurrency?: number; userAgent?: string }
export const nav = (): Nav | undefined => (globalThis as { navigator?: Nav }).navigator;

/** The adapter WebGPU gives (the one tfjs asks for: high performance), described; null when none. */
export async function gpuAdapter(): Promise<{ adapter: string; fallbackAdapter: boolean } | null> {
  const gpu = nav()?.gpu;
  const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
  if (!adapter) return null;
  const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  const text = [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.trim()).join(' ');
  return { adapter: text || 'unnamed WebGPU adapter', fallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) };
}

/** Minimal WebGL typing: the two calls that read the renderer's name. */
interface Gl { getExtension(name: string): unknown; getParameter(p: number): unknown; RENDERER: number }
const UNMASKED_RENDERER = 0x9246; // WEBGL_debug_renderer_info.UNMASKED_RENDERER_WEBGL

/** The WebGL renderer behind a tfjs WebGL backend object (e.g. "ANGLE (…, SwiftShader …)"); null when unknown. */
export function webglRenderer(backend: unknown): string | null {
  const gl = (backend as { gpgpu?: { gl?: Gl } } | null)?.gpgpu?.gl;
  if (!gl) return null;
  const named = gl.getExtension('WEBGL_debug_renderer_info') ? gl.getParameter(UNMASKED_RENDERER) : gl.getParameter(gl.RENDERER);
  return typeof named === 'string' && named ? named : null;
}

/** A software renderer (SwiftShader, llvmpipe, …): GPU backends then run on the CPU, slowly. */
export const isSoftwareRenderer = (name: string): boolean => /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(name);

export interface DeviceInfo {
  userAgent: string;
  cores: number;
  /** The WebGPU adapter, whatever the active backend; absent without WebGPU. */
  gpu?: string;
  fallbackAdapter?: boolean;
  tfjsVersion: string;
}

/** The machine as far as backend speed goes (for caching calibrations). */
export async function deviceInfo(): Promise<DeviceInfo> {
  const n = nav();
  const gpu = await gpuAdapter().catch(() => null);
  return {
    userAgent: n?.userAgent ?? 'unknown', cores: n?.hardwareConcurrency ?? 1, tfjsVersion: version_core,
    ...(gpu ? { gpu: gpu.adapter, fallbackAdapter: gpu.fallbackAdapter } : {}),
  };
}

/** A stable string naming the device: the cache key of a calibration. */
export function deviceKey(info: DeviceInfo): string {
  const gpu = info.gpu ? `${info.gpu}${info.fallbackAdapter ? ' (fallback)' : ''}` : 'no WebGPU';
  return [info.userAgent, `${info.cores} cores`, gpu, `tfjs ${info.tfjsVersion}`].join(' | ');
}
