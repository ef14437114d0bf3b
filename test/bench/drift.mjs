// drift: the drift statistics (src/lib/monitor/stats) on a 100,000-row reference and a 100,000-row
// current window (20 numeric + 5 categorical features, drift in some), with SciPy on Debian's python
// in the same run.
// - defaults: every column's default test at this size (normalised Wasserstein for numeric columns,
//   Jensen–Shannon for categorical ones) plus PSI for all 25 columns, in a module worker in headless
//   Chromium; ratio = that time / SciPy's ks_2samp over the 20 numeric columns.
// - ks: the Kolmogorov–Smirnov test over the 20 numeric columns on both sides; ratio of the two.
// - scipy-same-work: the defaults pass done with SciPy/NumPy, for reference; ratio = Benchtop / it.
// Both sides read the files make_drift_data.py wrote; each pass is the median of 3 after a warm-up,
// every pass starting from fresh arrays (no cached sorts). The KS statistics and p-values of both sides
// are compared too (results JSON: agreement).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { BENCH_DIR, DATA_DIR, PEER_PYTHON, ROOT, benchDevServer, environment, fmt, launchBrowser, log, pipePageLogs, requireChromium, writeResult } from './lib.mjs';

const DATA = join(DATA_DIR, 'drift-100k');
const DATA_FILES = ['ref_num.f64', 'cur_num.f64', 'ref_cat.i32', 'cur_cat.i32', 'meta.json'];
const DATA_URL = '/__bench-drift-data/';
const PAGE = 'test/bench/drift/index.html';
const PEER_ENV = { ...process.env, PYTHONNOUSERSITE: '1', PYTHONWARNINGS: 'ignore' };
const SCIPY_HELP = `SciPy is needed for ${PEER_PYTHON} (Debian: apt-get install -y python3-scipy)`;
const REPS = 3;

function ensureData() {
  if (DATA_FILES.every((f) => existsSync(join(DATA, f)))) return JSON.parse(readFileSync(join(DATA, 'meta.json'), 'utf8'));
  log(`generating ${relative(ROOT, DATA)} with ${PEER_PYTHON} make_drift_data.py`);
  const r = spawnSync(PEER_PYTHON, [join(BENCH_DIR, 'drift', 'make_drift_data.py'), DATA], { encoding: 'utf8', env: PEER_ENV });
  if (r.status !== 0) throw new Error(`make_drift_data.py failed (exit ${r.status ?? r.signal}; ${SCIPY_HELP}): ${(r.stderr || r.error?.message || '').trim().slice(-1500)}`);
  return JSON.parse(readFileSync(join(DATA, 'meta.json'), 'utf8'));
}

function peer() {
  const r = spawnSync(PEER_PYTHON, [join(BENCH_DIR, 'drift_peer.py'), DATA], { encoding: 'utf8', env: PEER_ENV, maxBuffer: 1 << 22, timeout: 10 * 60_000 });
  if (r.status !== 0) throw new Error(`drift_peer.py failed (exit ${r.status ?? r.signal}; ${SCIPY_HELP}): ${(r.stderr || r.error?.message || '').trim().slice(-1500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const devServer = () => benchDevServer({ url: DATA_URL, dir: DATA, files: DATA_FILES, entries: [PAGE, 'test/bench/drift/worker.ts'], cache: 'vite-drift' });

/** Largest relative gap between Benchtop's and SciPy's KS statistics and p-values (p-values below 1e-300 compared absolutely). */
function agreement(names, ours, theirs) {
  let d = 0, p = 0;
  names.forEach((name, j) => {
    const a = ours[name].ks, b = theirs[j];
    d = Math.max(d, Math.abs(a.statistic - b.statistic) / Math.max(b.statistic, 1e-300));
    p = Math.max(p, b.pvalue < 1e-300 ? Math.abs(a.score - b.pvalue) : Math.abs(a.score - b.pvalue) / b.pvalue);
  });
  return { ksStatisticMaxRelDiff: d, ksPValueMaxRelDiff: p };
}

/** @param {import('./lib.mjs').BenchRun} _run */
export async function drift(_run) {
  requireChromium();
  const meta = ensureData();
  const loadAtStart = loadavg();
  const server = await devServer();
  const { browser, close } = await launchBrowser();
  let chromiumVersion = null, info = null, defaults = null, ks = null, p = null;
  try {
    chromiumVersion = browser.version();
    const page = await browser.newPage();
    pipePageLogs(page, 'drift');
    await page.goto(new URL(PAGE, server.url).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 120_000 });
    info = await page.evaluate(() => window.__driftBench.init());
    log(`drift: ${info.rows} rows per side, ${info.numeric} numeric + ${info.categorical} categorical features`);
    defaults = await page.evaluate((reps) => window.__driftBench.run('defaults', reps), REPS);
    ks = await page.evaluate((reps) => window.__driftBench.run('ks', reps), REPS);
  } finally {
    await close();
    await server.close();
  }
  log('drift: SciPy peer');
  p = peer();
  const s = (ms) => ms / 1000;
  const drifted = (res) => Object.entries(res).filter(([, tests]) => Object.values(tests).some((t) => t.drifted)).map(([c]) => c);
  const lines = [
    `drift defaults: benchtop ${fmt(s(defaults.medianMs), 3)} s (20 numeric: Wasserstein + PSI; 5 categorical: Jensen–Shannon + PSI; ${drifted(defaults.results).length} columns drifted) · scipy ks_2samp × 20 ${fmt(p.ks_s, 3)} s ratio ${fmt(s(defaults.medianMs) / p.ks_s)}`,
    `drift ks: benchtop ${fmt(s(ks.medianMs), 3)} s (KS × 20 numeric) · scipy ks_2samp × 20 ${fmt(p.ks_s, 3)} s ratio ${fmt(s(ks.medianMs) / p.ks_s)}`,
    `drift scipy-same-work: benchtop ${fmt(s(defaults.medianMs), 3)} s · scipy/numpy defaults pass ${fmt(p.defaults_s, 3)} s (categorical counted from integer codes) ratio ${fmt(s(defaults.medianMs) / p.defaults_s)}`,
  ];
  for (const l of lines) console.log(l);
  const file = writeResult('drift', {
    benchmark: 'drift',
    ...environment(chromiumVersion),
    browser: info,
    loadAverage: { start: loadAtStart, end: loadavg(), note: '1/5/15-minute load averages: other work on the machine slows both sides' },
    data: { path: relative(ROOT, DATA), rows: meta.rows, numeric: meta.numeric.length, categorical: meta.categorical.length, drifted: meta.drifted },
    units: { seconds: 's', ratio: 'benchtop seconds / scipy seconds' },
    target: 'defaults ratio <= 1.0 (Benchtop defaults pass / SciPy ks_2samp over the 20 numeric features)',
    method: `median of ${REPS} passes after one warm-up on each side; every Benchtop pass on fresh arrays (sorts, counts and bins inside the timing)`,
    benchtop: 'Vite dev server of the repository, headless system Chromium, one module worker running src/lib/monitor/stats (driftTest(id).run) on one thread',
    peer: `Debian ${PEER_PYTHON}: SciPy ${p.scipy}, NumPy ${p.numpy}, one process after the browser side`,
    workloads: [
      { name: 'defaults', benchtopSeconds: s(defaults.medianMs), benchtopPassesMs: defaults.ms, scipyKsSeconds: p.ks_s, ratio: s(defaults.medianMs) / p.ks_s, line: lines[0] },
      { name: 'ks', benchtopSeconds: s(ks.medianMs), benchtopPassesMs: ks.ms, scipyKsSeconds: p.ks_s, scipyKsPasses: p.ks_times, ratio: s(ks.medianMs) / p.ks_s, line: lines[1] },
      { name: 'scipy-same-work', benchtopSeconds: s(defaults.medianMs), scipySeconds: p.defaults_s, scipyPasses: p.defaults_times, ratio: s(defaults.medianMs) / p.defaults_s, line: lines[2] },
    ],
    agreement: agreement(meta.numeric, ks.results, p.ks),
    results: { benchtop: { defaults: defaults.results, ks: ks.results }, scipy: { ks: p.ks, defaults: p.scores } },
  });
  log(`wrote ${relative(ROOT, file)}`);
}
