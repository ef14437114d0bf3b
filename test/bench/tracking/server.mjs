// The tracking benchmark's server: one `vite preview` of the built app (the repository's config and
// headers) that also serves the bench page (test/bench/tracking, built apart into
// test/bench/.data/tracking-page) under BENCH_PATH, so both share one origin and one database.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { BENCH_DIR, DATA_DIR, ROOT, log } from '../lib.mjs';

export const BENCH_PATH = '/__bench-tracking/';
const PAGE_OUT = join(DATA_DIR, 'tracking-page');

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.css': 'text/css', '.json': 'application/json' };

/** Serves the built bench page under BENCH_PATH, with the app's cross-origin isolation headers. */
function benchPagePlugin() {
  return {
    name: 'bench-tracking-page',
    configurePreviewServer(server) {
      server.middlewares.use(BENCH_PATH, (req, res, next) => {
        const name = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
        const path = join(PAGE_OUT, name === '/' ? 'index.html' : name);
        if (!path.startsWith(PAGE_OUT) || !existsSync(path) || !statSync(path).isFile()) return next();
        res.setHeader('Content-Type', MIME[extname(path)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', statSync(path).size);
        res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.setHeader('Cache-Control', 'no-store');
        createReadStream(path).pipe(res);
      });
    },
  };
}

/** Builds the bench page (its own small bundle of src/lib/store and src/lib/track). */
export async function buildBenchPage() {
  const { build } = await import('vite');
  const t = performance.now();
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(BENCH_DIR, 'tracking'),
    base: BENCH_PATH,
    logLevel: 'warn',
    build: { outDir: PAGE_OUT, emptyOutDir: true, sourcemap: false },
  });
  log(`tracking: bench page built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** `vite preview` of dist/ (the repository's config and headers) plus the bench page. */
export async function previewServer() {
  const { preview } = await import('vite');
  const server = await preview({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    plugins: [benchPagePlugin()],
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local?.[0];
  if (!url) {
    await new Promise((r) => server.httpServer.close(r));
    throw new Error('vite preview did not report a local URL');
  }
  log(`tracking: preview server at ${url}`);
  return { url, close: () => server.close() };
}
