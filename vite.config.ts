import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { findChromium } from './test/tools/chromium.mjs';
import { serviceWorker } from './build/sw-plugin.ts';

/**
 * Content-Security-Policy of the built site. Everything comes from the site's own origin:
 * no other origin may be reached, no inline or eval'd script runs.
 * - style-src 'unsafe-inline' is not needed: Svelte and d3 set styles through the CSSOM.
 * - 'wasm-unsafe-eval' lets the page and its workers compile WebAssembly (TensorFlow.js's WASM
 *   backend, workers/tfjs-wasm.ts); it allows no JavaScript eval, only WebAssembly.instantiate.
 * - The WASM backend runs single-threaded (with SIMD): its threads would need script-src blob:
 *   and an unminified bundle (see src/lib/ml/backend.ts, SetBackendOptions.wasmThreads).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // Pushing runs to an MLflow server (only when the user asks) needs its origin: any https
  // origin, or a tracking server on this machine over http.
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Cross-origin isolation (SharedArrayBuffer, so WASM threads) for dev and preview servers. */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Puts the CSP into the built index.html as a meta tag, so any static host serves it. */
function cspMeta(): Plugin {
  return {
    name: 'benchtop-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

/** The commit the site is built from ('unknown' outside a git checkout). */
function gitCommit(): string {
  try {
    return execSync('git rev-parse --short=12 HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

const chromiumArgs = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  // serviceWorker(): the prediction API's service worker, built as one script at the site root (sw.js).
  plugins: [svelte(), cspMeta(), serviceWorker()],
  base: './',
  worker: { format: 'es' },
  // The tfjs backends are imported lazily; listed here so the dev server pre-bundles them at start
  // instead of discovering them mid-run and reloading the page.
  optimizeDeps: { include: ['fflate', 'yaml', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu'] },
  // Recorded in every run's environment.
  define: {
    __BENCHTOP_VERSION__: JSON.stringify((JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version),
    __BENCHTOP_COMMIT__: JSON.stringify(gitCommit()),
  },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { headers: isolation },
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: findChromium() ?? undefined, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false },
      },
    ],
  },
});
