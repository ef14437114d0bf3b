// Shared helpers for the benchmarks: build + preview server, Chromium launch, process-tree
// memory sampling, the pandas peer, and result writing. Plain Node ESM (Node 20).
// stdout is reserved for the one-line-per-workload figures; everything else goes to stderr.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { findChromium, CHROMIUM_ARGS, NO_CHROMIUM_HELP } from '../tools/chromium.mjs';
import { generateBenchCsv } from './gen.mjs';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH_DIR, '../..');
export const DATA_DIR = join(BENCH_DIR, '.data');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const MB = 1e6;

/** Thrown for conditions where the whole bench run must stop with exit 1 (message already user-facing). */
export class BenchFatal extends Error {}

export const log = (...a) => console.error('[bench]', ...a);

/** The system Chromium, or a BenchFatal carrying NO_CHROMIUM_HELP. Never downloads a browser. */
export function requireChromium() {
  const path = findChromium();
  if (!path) throw new BenchFatal(NO_CHROMIUM_HELP);
  return path;
}

/** Counts '\n' in a file (streams; ~65 MB takes well under a second). */
async function countLines(path) {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** The deterministic bench CSV with `rows` data rows in test/bench/.data (regenerated if missing or truncated). */
export async function benchCsv(name, rows) {
  const path = join(DATA_DIR, name);
  if (existsSync(path) && (await countLines(path)) !== rows + 1) {
    log(`${name} does not hold ${rows} rows (an interrupted generation?); regenerating`);
    rmSync(path);
  }
  if (!existsSync(path)) log(`generating ${name} (${rows} rows)`);
  await generateBenchCsv(path, rows);
  return { path, rows, bytes: statSync(path).size };
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Children started by this run, killed (whole process group) at the end, on failure and on signals. */
const children = new Set();
function killGroup(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}
process.on('exit', () => { for (const c of children) killGroup(c, 'SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => { for (const c of children) killGroup(c, 'SIGKILL'); process.exit(130); });
}

/**
 * Shared state of one `npm run bench` invocation: the app is built at most once and one
 * preview server is shared by all benchmarks; `close()` stops it.
 */
export class BenchRun {
  #built = false;
  #server = null;

  /** `npx vite build`, once per bench run; its output goes to stderr. */
  build() {
    if (this.#built) return;
    log('npx vite build');
    const t = performance.now();
    const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (r.error) throw new Error(`vite build could not start: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal}); see its output above`);
    log(`built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    this.#built = true;
  }

  /** The base URL of a `vite preview` of the built app (builds first), started once. */
  async app() {
    if (this.#server) return this.#server.url;
    this.build();
    const port = await freePort();
    const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, // own process group: npx -> sh -> node
    });
    children.add(child);
    let output = '';
    const keep = (d) => { output = (output + d).slice(-4000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const url = `http://127.0.0.1:${port}/`;
    this.#server = { child, url };
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`vite preview exited (${child.exitCode ?? child.signalCode}) before serving:\n${output}`);
      }
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (r.ok) break;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error(`vite preview did not answer on ${url} within 60 s:\n${output}`);
      await sleep(200);
    }
    log(`preview server at ${url} (pid ${child.pid})`);
    return url;
  }

  async close() {
    const s = this.#server;
    this.#server = null;
    if (!s) return;
    const gone = new Promise((r) => (s.child.exitCode !== null || s.child.signalCode !== null ? r() : s.child.once('exit', r)));
    killGroup(s.child, 'SIGTERM');
    const t = setTimeout(() => killGroup(s.child, 'SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
    children.delete(s.child);
  }
}

/**
 * Launches headless system Chromium (fresh temporary profile each time) and connects to it.
 * playwright-core's Browser has no process(); a BrowserServer does, so the browser is started with
 * launchServer and driven through connect. `close()` closes both (and kills the process if needed).
 */
export async function launchBrowser() {
  const executablePath = requireChromium();
  const server = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS, headless: true });
  let browser = null;
  const close = async () => {
    if (browser) await browser.close().catch(() => {});
    await server.close().catch(() => server.kill().catch(() => {}));
  };
  try {
    const pid = server.process()?.pid;
    if (!pid) throw new Error('Chromium launched without a process id');
    browser = await chromium.connect(server.wsEndpoint());
    return { browser, pid, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Logs a page's console messages, uncaught errors and crashes to stderr. */
export function pipePageLogs(page, label) {
  page.on('console', (m) => {
    const loc = m.location();
    console.error(`[${label} console.${m.type()}] ${m.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => console.error(`[${label} pageerror] ${e.stack ?? e.message ?? e}`));
  page.on('crash', () => console.error(`[${label}] page crashed`));
  page.on('worker', (w) => w.on('close', () => console.error(`[${label}] worker closed: ${w.url()}`)));
}

// ---- process-tree memory -------------------------------------------------------------------

/** pid -> ppid for every process, from /proc/<pid>/stat (the comm field may contain spaces or ')'). */
function parentMap() {
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid ...
      map.set(Number(name), Number(rest[1]));
    } catch { /* exited meanwhile */ }
  }
  return map;
}

/** `root` and all its descendants. */
export function processTree(root) {
  const kids = new Map();
  for (const [pid, ppid] of parentMap()) {
    if (!kids.has(ppid)) kids.set(ppid, []);
    kids.get(ppid).push(pid);
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    for (const k of kids.get(p) ?? []) stack.push(k);
  }
  return out;
}

/** VmRSS of one process in bytes (0 if it is gone or a zombie). */
function rssBytes(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

/** Summed RSS (bytes) of `root`'s process tree. Shared pages count once per process, as RSS does. */
export function treeRss(root, pids = processTree(root)) {
  let sum = 0;
  for (const p of pids) sum += rssBytes(p);
  return sum;
}

/**
 * Samples the summed RSS of `root`'s process tree every `everyMs` until stopped; the tree itself
 * is re-walked every `rescanMs` (walking all of /proc each 50 ms would steal CPU on a small box).
 * `stop()` returns { peak, samples, processes }.
 */
export function sampleTreeRss(root, { everyMs = 50, rescanMs = 500 } = {}) {
  let pids = processTree(root);
  let scannedAt = performance.now();
  let peak = treeRss(root, pids);
  let samples = 1;
  let maxProcs = pids.length;
  const tick = () => {
    if (performance.now() - scannedAt >= rescanMs) { pids = processTree(root); scannedAt = performance.now(); maxProcs = Math.max(maxProcs, pids.length); }
    peak = Math.max(peak, treeRss(root, pids));
    samples++;
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      pids = processTree(root);
      tick();
      return { peak, samples, processes: Math.max(maxProcs, pids.length) };
    },
  };
}

// ---- pandas peer -------------------------------------------------------------------------

/** Debian's python (not the python3 first on PATH, e.g. pyenv's); BENCH_PEER_PYTHON overrides it. */
export const PEER_PYTHON = process.env.BENCH_PEER_PYTHON || '/usr/bin/python3';
export const PANDAS_HELP = `pandas is not installed for ${PEER_PYTHON}; on Debian install it with \`apt-get install -y python3-pandas\` (the peer figures and ratios are n/a until then).`;

const PANDAS_SCRIPT = `
import json, sys, time
try:
    import pandas as pd
except ImportError as e:
    print(json.dumps({"missing": str(e)})); sys.exit(0)
path = sys.argv[1]
t = time.perf_counter(); df = pd.read_csv(path); read = time.perf_counter() - t
t = time.perf_counter(); d = df.describe(include='all'); describe = time.perf_counter() - t
print(json.dumps({"pandas": pd.__version__, "python": sys.version.split()[0], "rows": int(len(df)), "columns": int(df.shape[1]),
                  "read_csv_s": read, "describe_s": describe}))
`;

/** Times pd.read_csv(path) and df.describe(include='all') in one Debian-python process; `{ missing }` when pandas (or that python) is missing. */
export function pandasPeer(path) {
  if (!existsSync(PEER_PYTHON)) return { missing: `${PEER_PYTHON} not found` };
  const r = spawnSync(PEER_PYTHON, ['-c', PANDAS_SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, PYTHONNOUSERSITE: '1' } });
  if (r.status !== 0) throw new Error(`pandas peer failed (exit ${r.status ?? r.signal}): ${r.stderr.trim().slice(-2000)}`);
  const lastLine = r.stdout.trim().split('\n').pop();
  return JSON.parse(lastLine);
}

// ---- results -----------------------------------------------------------------------------

export function environment(chromiumVersion) {
  return {
    date: new Date().toISOString(),
    node: process.version,
    chromium: chromiumVersion ?? null,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes test/bench/results/<name>.json atomically (tmp + rename). */
export function writeResult(name, data) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

export const fmt = (x, digits = 2) => (x == null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));

/**
 * A Vite dev server of the repository (its vite.config.ts: plugins, worker format, COOP/COEP, so
 * the bench page is cross-origin isolated) that also serves a benchmark's data `files` from `dir`
 * at `url` (same origin as the page). `entries` and `include` are pre-bundled up front: a
 * dependency discovered mid-run would make Vite re-optimize and reload the page. `cache` is the
 * server's own dependency cache, so it never races another dev server or vitest.
 */
export async function benchDevServer({ url: dataUrl, dir, files, entries, cache, include = ['comlink'] }) {
  const { createServer } = await import('vite');
  const data = {
    name: `bench-data-${cache}`,
    configureServer(server) {
      server.middlewares.use(dataUrl, (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').split('?')[0].replace(/^\//, ''));
        if (!files.includes(name)) return next();
        const path = join(dir, name);
        res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.setHeader('Content-Length', statSync(path).size);
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.setHeader('Cache-Control', 'no-store');
        createReadStream(path).pipe(res);
      });
    },
  };
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'), root: ROOT, cacheDir: join(DATA_DIR, cache), logLevel: 'warn', clearScreen: false,
    plugins: [data],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    optimizeDeps: { entries, include },
  });
  await server.listen();
  const url = server.resolvedUrls?.local?.[0];
  if (!url) {
    await server.close();
    throw new Error('the Vite dev server did not report a local URL');
  }
  log(`vite dev server at ${url}`);
  return { url, close: () => server.close() };
}
