// serve: on-device serving speed, with scikit-learn on Debian's python in the same run.
// - batch: each algorithm (fitted on the `train` benchmark's data) scores 1,000,000 rows through the
//   serving predictor in a worker; scikit-learn's predict_proba (decision_function for LinearSVC)
//   over the same rows; ratio = Benchtop seconds / scikit-learn seconds.
// - single: one-row requests page → serving worker (workers/serve.ts, the app's own) → page,
//   logged as the app logs them, p50/p99 of 2,000 calls for a logistic regression and a 2-layer MLP;
//   scikit-learn's one-row predict_proba in-process (no HTTP) beside it; ratio of the p50s.
// - logging: 100,000 predictions appended to the prediction log as fast as it takes them, then
//   counted back from IndexedDB (zero loss); and a single predict's cost with and without logging.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { BENCH_DIR, PEER_PYTHON, ROOT, environment, fmt, launchBrowser, log, pipePageLogs, requireChromium, writeResult } from './lib.mjs';
import { DATA, devServer, ensureData } from './train.mjs';

const PAGE = 'test/bench/serve/index.html';
const PEER_ENV = { ...process.env, PYTHONNOUSERSITE: '1', PYTHONWARNINGS: 'ignore' };
const WORKLOADS = ['logistic-regression', 'linear-svc', 'decision-tree', 'random-forest-50', 'mlp-64-32'];
const SINGLE = ['logistic-regression', 'mlp-64-32'];
const CALLS = 2000;

function peer() {
  const r = spawnSync(PEER_PYTHON, [join(BENCH_DIR, 'serve_peer.py'), DATA, ...WORKLOADS], { encoding: 'utf8', env: PEER_ENV, maxBuffer: 1 << 22, timeout: 10 * 60_000 });
  if (r.status !== 0) throw new Error(`serve_peer.py failed (exit ${r.status ?? r.signal}; scikit-learn is needed for ${PEER_PYTHON}: apt-get install -y python3-sklearn): ${(r.stderr || r.error?.message || '').trim().slice(-1500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** @param {import('./lib.mjs').BenchRun} _run */
export async function serve(_run) {
  requireChromium();
  const meta = ensureData();
  const loadAtStart = loadavg();
  const server = await devServer([PAGE, 'test/bench/serve/worker.ts', 'workers/serve.ts'], 'vite-serve');
  const { browser, close } = await launchBrowser();
  const out = { batch: [], single: [], monitored: null, logging: null };
  let chromiumVersion = null, info = null, p = null;
  try {
    chromiumVersion = browser.version();
    const page = await browser.newPage();
    pipePageLogs(page, 'serve');
    await page.goto(new URL(PAGE, server.url).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 120_000 });
    info = await page.evaluate(() => window.__serveBench.init());
    log('serve: scikit-learn peer');
    p = peer();
    for (const name of WORKLOADS) {
      log(`serve ${name}: fit, register, batch`);
      const b = await page.evaluate((n) => window.__serveBench.batch(n), name);
      const s = p.workloads[name];
      const ratio = b.batchMs / 1000 / s.batch_s;
      const line = `serve batch-${name}: benchtop ${fmt(b.batchMs / 1000)} s (${Math.round(b.rowsPerS).toLocaleString('en-US')} rows/s) · scikit-learn ${fmt(s.batch_s)} s (${Math.round(s.rows_per_s).toLocaleString('en-US')} rows/s, ${s.call}) ratio ${fmt(ratio)}`;
      console.log(line);
      out.batch.push({ name, benchtop: b, sklearn: s, ratio, line });
    }
    for (const name of SINGLE) {
      log(`serve ${name}: single-row requests through the serving worker`);
      const b = await page.evaluate(([n, c]) => window.__serveBench.single(n, c), [name, CALLS]);
      const inWorker = await page.evaluate(([n, c]) => window.__serveBench.inWorker(n, c), [name, CALLS]);
      const s = p.workloads[name].single_ms;
      const ratio = b.p50 / s.p50;
      const line = `serve single-${name}: benchtop p50 ${fmt(b.p50, 3)} ms p99 ${fmt(b.p99, 3)} ms (page → serving worker → page, logged) · scikit-learn in-process p50 ${fmt(s.p50, 3)} ms p99 ${fmt(s.p99, 3)} ms ratio ${fmt(ratio)}`;
      console.log(line);
      out.single.push({ name, benchtop: b, inWorker, sklearn: s, ratio, line, target: 'p50 <= 0.5 ms, p99 <= 2 ms for linear models' });
    }
    {
      // Incremental monitoring beside serving: the same single-row requests while a monitor engine
      // in another thread recomputes the endpoint's open window as the log grows.
      const name = 'logistic-regression', calls = 3 * CALLS;
      const before = await page.evaluate(([n, c]) => window.__serveBench.single(n, c), [name, calls]);
      await page.evaluate((n) => window.__serveBench.monitor(n, true), name);
      const b = await page.evaluate(([n, c]) => window.__serveBench.single(n, c), [name, calls]);
      const passes = await page.evaluate((n) => window.__serveBench.monitor(n, false), name);
      const ratio = b.p50 / before.p50;
      const line = `serve monitored-${name}: p50 ${fmt(b.p50, 3)} ms p99 ${fmt(b.p99, 3)} ms with incremental monitoring (${passes} window updates over ${calls} requests) · without p50 ${fmt(before.p50, 3)} ms ratio ${fmt(ratio)}`;
      console.log(line);
      out.monitored = { name, benchtop: b, without: before, passes, ratio, line, target: 'monitoring adds under 5% to prediction latency (ratio < 1.05)' };
    }
    log('serve: logging');
    const l = await page.evaluate(() => window.__serveBench.logging());
    const overhead = out.single.find((x) => x.name === 'logistic-regression')?.inWorker;
    const extra = overhead ? overhead.logged.p50 - overhead.unlogged.p50 : null;
    const line = `serve logging: ${Math.round(l.rowsPerS).toLocaleString('en-US')} predictions/s sustained over ${l.rows.toLocaleString('en-US')}, ${l.lost} lost; single predict in the worker p50 ${fmt(overhead?.unlogged.p50, 4)} ms unlogged, ${fmt(overhead?.logged.p50, 4)} ms logged (+${fmt(extra, 4)} ms) ratio n/a`;
    console.log(line);
    out.logging = { ...l, inWorker: overhead, line, target: '>= 20,000 predictions/s with zero loss' };
  } finally {
    await close();
    await server.close();
  }
  const file = writeResult('serve', {
    benchmark: 'serve',
    ...environment(chromiumVersion),
    browser: info,
    loadAverage: { start: loadAtStart, end: loadavg() },
    data: { path: relative(ROOT, DATA), ...meta, batchRows: 1_000_000, note: 'models fitted on the train benchmark\'s 80,000 training rows; batch rows are its 20,000 test rows tiled 50 times' },
    units: { seconds: 's', ms: 'milliseconds', ratio: 'benchtop time / scikit-learn time' },
    peer: `Debian ${PEER_PYTHON} + scikit-learn ${p?.sklearn ?? ''}: same hyperparameters, fitted in the same run; batch timed with time.perf_counter; single = in-process predict_proba on one row`,
    ...out,
  });
  log(`wrote ${relative(ROOT, file)}`);
}
