/// <reference types="vite/client" />
/**
 * The TensorFlow.js WASM binaries as files of the build: Vite copies each into the assets with a
 * hashed name and gives its URL, so the WASM backend loads from the site's own origin (no CDN).
 * Pass WASM_PATHS to setBackend('wasm', { wasmPaths }) (src/lib/ml/backend.ts), which hands it to
 * tfjs's setWasmPaths. The threaded build runs only where the page is cross-origin isolated.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** File name → URL, the map setWasmPaths accepts. */
export const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};
