// train: fit six workloads on the same synthetic data (100,000 rows x 30 features, binary label,
// 80/20 split) with Benchtop's own models in headless Chromium and with scikit-learn on Debian's
// python, in the same run; print each time, accuracy and ratio.
//
// Data: make_train_data.py (once; test/bench/.data/train-100k). Browser side: a Vite dev server of
// the repository (its vite.config.ts, so COOP/COEP make the page cross-origin isolated) serves the
// bench page test/bench/train/ and the data files; the page's module worker (train/worker.ts)
// fits, times (performance.now) and scores each model. Peer: train_peer.py, one process per workload,
// run right after the Benchtop side of the same workload.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import {
  BENCH_DIR, DATA_DIR, PEER_PYTHON, ROOT, benchDevServer, environment, fmt, launchBrowser, log, pipePageLogs, requireChromium, writeResult,
} from './lib.mjs';

export const DATA = join(DATA_DIR, 'train-100k');
const DATA_FILES = ['X.f64', 'y.i32', 'train.i32', 'test.i32', 'meta.json'];
const DATA_URL = '/__bench-train-data/';
const PAGE = 'test/bench/train/index.html';
const PEER_ENV = { ...process.env, PYTHONNOUSERSITE: '1', PYTHONWARNINGS: 'ignore' };
const SKLEARN_HELP = `scikit-learn is needed for ${PEER_PYTHON} (Debian: apt-get install -y python3-sklearn)`;

/** Workload name, what runs on each side (the settings recorded in the JSON). */
const WORKLOADS = [
  {
    name: 'logistic-regression',
    benchtop: "logistic-regression {C: 1, max_iter: 100, tol: 1e-4} (L-BFGS), one thread",
    sklearn: "LogisticRegression(solver='lbfgs', C=1.0, max_iter=100, tol=1e-4)",
  },
  {
    name: 'linear-svc',
    benchtop: "linear-svc {C: 1, loss: squared_hinge, max_iter: 1000, tol: 1e-4, dual: auto} (rows > features: the primal by L-BFGS), one thread",
    sklearn: "LinearSVC(C=1.0, loss='squared_hinge', dual=False, tol=1e-4, max_iter=1000, random_state=0) (the primal, scikit-learn >= 1.3's dual='auto' choice here)",
  },
  {
    name: 'decision-tree',
    benchtop: 'decision-tree {criterion: gini, max_depth: 0 (unlimited), min_samples_split: 2, min_samples_leaf: 1, max_features: all, max_bins: 0 (exact splits)}, one thread',
    sklearn: "DecisionTreeClassifier(criterion='gini', random_state=0) (fully grown, exact splits)",
  },
  {
    name: 'random-forest-100',
    benchtop: 'random-forest {n_estimators: 100, max_depth: 0 (unlimited), max_features: auto (sqrt), bootstrap, max_bins: 255 (histogram splits, the default)}; trees split over navigator.hardwareConcurrency helper threads (WorkerPool + parallelForest); the time includes starting the helpers and loading the data into them',
    sklearn: 'RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0) (fully grown trees, sqrt features, bootstrap, exact splits)',
  },
  {
    name: 'mlp-64',
    benchtop: "mlp {hidden_layer_sizes: '64', activation: relu, optimizer: adam, learning_rate_init: 1e-3, alpha: 1e-4, batch_size: 256, max_iter: 10, standardize: false (the data is standardized already)} on the tfjs backend calibrate() picks; also timed on wasm and cpu, and on a 5,000-row subset on software WebGPU/WebGL",
    sklearn: "MLPClassifier(hidden_layer_sizes=(64,), activation='relu', solver='adam', learning_rate_init=1e-3, alpha=1e-4, batch_size=256, max_iter=10, random_state=0) (ConvergenceWarning expected)",
  },
  {
    name: 'grid-search-5x5',
    benchtop: 'logistic-regression over C in [0.01, 0.1, 1, 10, 100], 5 stratified folds (cvFolds), scoring accuracy; candidates scored in navigator.hardwareConcurrency lanes on helper threads (pool.score), then the best refit on all training rows; the time includes the folds, starting the helpers, loading the data and the refit',
    sklearn: "GridSearchCV(LogisticRegression(solver='lbfgs'), {'C': [0.01, 0.1, 1, 10, 100]}, cv=5, scoring='accuracy', n_jobs=-1) (refit=True)",
  },
];

function peerFailure(r) {
  return `${relative(ROOT, join(BENCH_DIR, 'train_peer.py'))} failed (exit ${r.status ?? r.signal}; ${SKLEARN_HELP}): ${(r.stderr || r.error?.message || '').trim().slice(-1500)}`;
}

/** The data set, generated once with Debian's python + scikit-learn (meta.json is written last). */
export function ensureData() {
  if (DATA_FILES.every((f) => existsSync(join(DATA, f)))) return JSON.parse(readFileSync(join(DATA, 'meta.json'), 'utf8'));
  log(`generating ${relative(ROOT, DATA)} with ${PEER_PYTHON} make_train_data.py`);
  const r = spawnSync(PEER_PYTHON, [join(BENCH_DIR, 'make_train_data.py'), DATA], { encoding: 'utf8', env: PEER_ENV });
  if (r.status !== 0) throw new Error(`make_train_data.py failed (exit ${r.status ?? r.signal}; ${SKLEARN_HELP}): ${(r.stderr || r.error?.message || '').trim().slice(-1500)}`);
  return JSON.parse(readFileSync(join(DATA, 'meta.json'), 'utf8'));
}

/** scikit-learn's figures for one workload (a fresh process: imports and data loading are not timed). */
function peer(name) {
  const r = spawnSync(PEER_PYTHON, [join(BENCH_DIR, 'train_peer.py'), DATA, name], { encoding: 'utf8', env: PEER_ENV, maxBuffer: 1 << 22, timeout: 10 * 60_000 });
  if (r.status !== 0) throw new Error(peerFailure(r));
  for (const l of r.stderr.trim().split('\n')) if (l.startsWith('[peer]')) console.error(l);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const TFJS = ['comlink', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu'];

/** The dev server with the train data at DATA_URL (the serve benchmark reuses it with its own page). */
export function devServer(entries = [PAGE, 'test/bench/train/worker.ts', 'workers/train-helper.ts'], cache = 'vite-train') {
  return benchDevServer({ url: DATA_URL, dir: DATA, files: DATA_FILES, entries, cache, include: TFJS });
}

function line(name, b, p) {
  const bt = b ? `benchtop ${fmt(b.fitMs / 1000)} s acc ${fmt(b.accuracy, 3)}` : 'benchtop FAILED';
  const sk = p ? `scikit-learn ${fmt(p.fit_s)} s acc ${fmt(p.accuracy, 3)}` : 'scikit-learn n/a';
  return `train ${name}: ${bt} · ${sk} ratio ${b && p ? fmt(b.fitMs / 1000 / p.fit_s) : 'n/a'}`;
}

/** The MLP's per-backend figures, one extra line. */
function backendLine(b) {
  const by = b?.detail?.byBackend;
  if (!by) return null;
  const parts = Object.entries(by).map(([name, r]) => {
    if (r.error) return `${name} n/a (${r.error.split('.')[0]})`;
    const rows = r.detail.trainRows ? ` on ${r.detail.trainRows.toLocaleString('en-US')} rows` : '';
    return `${name} ${fmt(r.fitMs / 1000)} s${rows} acc ${fmt(r.accuracy, 3)}`;
  });
  return `train mlp-64 backends (calibration picked ${b.detail.calibration.best}): ${parts.join(' · ')}`;
}

/** LinearSVC's dual solver as a reference (scikit-learn 1.2's default dual=True). */
function primalLine(b, p) {
  const r = p?.primal;
  if (!r) return null;
  return `train linear-svc reference: scikit-learn dual=True (1.2's default) ${fmt(r.fit_s)} s acc ${fmt(r.accuracy, 3)}; benchtop (primal) ratio to it ${b ? fmt(b.fitMs / 1000 / r.fit_s) : 'n/a'}`;
}

/** @param {import('./lib.mjs').BenchRun} _run */
export async function train(_run) {
  requireChromium();
  const only = process.env.BENCH_TRAIN?.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = only?.filter((n) => !WORKLOADS.some((w) => w.name === n)) ?? [];
  if (bad.length) throw new Error(`BENCH_TRAIN names unknown workloads ${bad.join(', ')}; valid: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  const workloads = WORKLOADS.filter((w) => !only || only.includes(w.name));
  const meta = ensureData();
  const loadAtStart = loadavg();
  const server = await devServer();
  const results = [];
  let chromiumVersion = null;
  let page = null;
  let info = null;
  const { browser, close } = await launchBrowser();
  try {
    chromiumVersion = browser.version();
    page = await browser.newPage();
    pipePageLogs(page, 'train');
    await page.goto(new URL(PAGE, server.url).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 120_000 });
    info = await page.evaluate(() => window.__trainBench.init());
    log(`train: ${info.trainRows} training rows, ${info.testRows} test rows, ${info.features} features; ${info.cores} cores, cross-origin isolated: ${info.crossOriginIsolated}`);
    for (const w of workloads) {
      const entry = { name: w.name, settings: { benchtop: w.benchtop, sklearn: w.sklearn } };
      let b = null;
      let p = null;
      try {
        log(`${w.name}: benchtop`);
        b = await page.evaluate((name) => window.__trainBench.run(name), w.name);
        entry.benchtop = { fitSeconds: b.fitMs / 1000, predictSeconds: b.predictMs / 1000, accuracy: b.accuracy, params: b.params, detail: b.detail };
      } catch (e) {
        entry.benchtop = { error: e.message };
        console.error(`[bench] train ${w.name} (benchtop) failed: ${e.stack ?? e.message}`);
      }
      try {
        log(`${w.name}: scikit-learn`);
        const out = peer(w.name);
        p = out.workloads[w.name];
        entry.sklearn = { version: out.sklearn, numpy: out.numpy, python: out.python, fitSeconds: p.fit_s, predictSeconds: p.predict_s, accuracy: p.accuracy, ...p };
        delete entry.sklearn.fit_s;
        delete entry.sklearn.predict_s;
      } catch (e) {
        entry.sklearn = { error: e.message };
        console.error(`[bench] train ${w.name} (scikit-learn) failed: ${e.message}`);
      }
      entry.ratio = b && p ? b.fitMs / 1000 / p.fit_s : null;
      entry.accuracyGapPoints = b && p ? (b.accuracy - p.accuracy) * 100 : null;
      entry.line = line(w.name, b, p);
      console.log(entry.line);
      const extra = w.name === 'mlp-64' ? backendLine(b) : w.name === 'linear-svc' ? primalLine(b, p) : null;
      if (extra) {
        entry.extraLine = extra;
        console.log(extra);
      }
      results.push(entry);
    }
  } finally {
    await close();
    await server.close();
  }
  const file = writeResult('train', {
    benchmark: 'train',
    ...environment(chromiumVersion),
    browser: info,
    loadAverage: { start: loadAtStart, end: loadavg(), note: '1/5/15-minute load averages of the machine: other work running beside the bench slows both sides' },
    data: {
      path: relative(ROOT, DATA), ...meta,
      note: 'one matrix for every model: features standardized with the training rows\' statistics (trees are unaffected); both sides read the same files',
    },
    units: { seconds: 's', accuracy: 'share of the 20,000 test rows', ratio: 'benchtop fit seconds / scikit-learn fit seconds', accuracyGapPoints: 'benchtop minus scikit-learn accuracy, in percentage points' },
    target: 'every ratio <= 1.0 with accuracy within 0.5 point of scikit-learn',
    benchtop: 'Vite dev server of the repository (vite.config.ts, cross-origin isolated), headless system Chromium; a module worker fits with src/lib/ml (helper threads from workers/train-pool.ts for the forest and the search); fit timed with performance.now(), prediction timed apart',
    peer: `Debian ${PEER_PYTHON} + scikit-learn, one process per workload right after the Benchtop side; fit timed with time.perf_counter, prediction apart`,
    workloads: results,
  });
  log(`wrote ${relative(ROOT, file)}`);
  const failed = results.filter((r) => r.benchtop?.error || r.sklearn?.error);
  if (failed.length) throw new Error(`${failed.map((r) => r.name).join(', ')} failed`);
}
