/**
 * Vite plugin that builds the service worker (workers/sw.ts, the prediction API) as ONE classic
 * script at the site root, `sw.js`, so that its scope can be the whole site. A service worker may
 * not use import(), so every dynamic import is inlined (rolldown `codeSplitting: false`) and the
 * output is an IIFE (registered without `type: 'module'`, which not every browser supports).
 * - `vite build`: after the app's bundle is written, a second, separate build (configFile: false,
 *   the app's `define` and mode) writes `<outDir>/sw.js` (+ its source map) next to index.html.
 * - `vite` (dev): `/sw.js` is bundled on request by a middleware and kept until a file changes.
 */
import { resolve } from 'node:path';
import { build, type InlineConfig, type Plugin, type ResolvedConfig, type ViteDevServer } from 'vite';

export interface ServiceWorkerOptions {
  /** The worker's source, relative to the project root (default 'workers/sw.ts'). */
  entry?: string;
  /** Output file at the site root (default 'sw.js'). */
  fileName?: string;
}

type Output = { output: { type: string; fileName: string; code?: string }[] };

/** The separate build of the service worker. */
export function serviceWorkerBuild(config: ResolvedConfig, entry: string, fileName: string, dev: boolean): InlineConfig {
  return {
    configFile: false,
    root: config.root,
    mode: config.mode,
    base: './',
    logLevel: dev ? 'warn' : config.logLevel,
    publicDir: false,
    define: config.define,
    resolve: { alias: config.resolve.alias },
    build: {
      outDir: resolve(config.root, config.build.outDir),
      emptyOutDir: false,
      copyPublicDir: false,
      write: !dev,
      target: 'es2022',
      minify: !dev,
      sourcemap: dev ? false : config.build.sourcemap,
      reportCompressedSize: false,
      modulePreload: false,
      chunkSizeWarningLimit: 5000,
      rolldownOptions: {
        input: resolve(config.root, entry),
        // A classic script has no import.meta: Vite's import() helper reads it (the imports are inlined anyway).
        transform: { define: { 'import.meta.url': 'self.location.href', 'import.meta.resolve': 'undefined' } },
        output: { format: 'iife', entryFileNames: fileName, codeSplitting: false },
      },
    },
  };
}

/** Builds the worker in memory and answers its code (dev). */
async function bundle(config: ResolvedConfig, entry: string, fileName: string): Promise<string> {
  const result = (await build(serviceWorkerBuild(config, entry, fileName, true))) as Output | Output[];
  const chunk = (Array.isArray(result) ? result[0] : result).output.find((o) => o.type === 'chunk' && o.fileName === fileName);
  if (!chunk?.code) throw new Error(`The service worker build produced no ${fileName}.`);
  return chunk.code;
}

function serveInDev(server: ViteDevServer, config: ResolvedConfig, entry: string, fileName: string): void {
  let cached: Promise<string> | null = null;
  const forget = () => (cached = null);
  server.watcher.on('change', forget).on('add', forget).on('unlink', forget);
  const path = `${config.base.endsWith('/') ? config.base : config.base + '/'}${fileName}`.replace(/^\.\//, '/');
  server.middlewares.use((req, res, next) => {
    if (req.url?.split('?')[0] !== path) return next();
    (cached ??= bundle(config, entry, fileName)).then(
      (code) => {
        for (const [k, v] of Object.entries(config.server.headers ?? {})) if (v !== undefined) res.setHeader(k, v);
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(code);
      },
      (e: unknown) => {
        cached = null;
        config.logger.error(`Building the service worker failed: ${e instanceof Error ? e.message : String(e)}`);
        next(e);
      },
    );
  });
}

export function serviceWorker(opts: ServiceWorkerOptions = {}): Plugin {
  const entry = opts.entry ?? 'workers/sw.ts';
  const fileName = opts.fileName ?? 'sw.js';
  let config: ResolvedConfig;
  let failed = false;
  return {
    name: 'benchtop-service-worker',
    configResolved(c) {
      config = c;
    },
    configureServer(server) {
      serveInDev(server, config, entry, fileName);
    },
    buildEnd(error) {
      failed = !!error;
    },
    renderError() {
      failed = true;
    },
    async closeBundle() {
      // closeBundle runs after a failed build too: then there is no site to add the worker to.
      if (failed || config.command !== 'build' || (this.environment && this.environment.name !== 'client')) return;
      await build(serviceWorkerBuild(config, entry, fileName, false));
    },
  };
}
