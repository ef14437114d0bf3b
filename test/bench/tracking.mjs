// tracking: 10,000 runs (20 params, 10 metrics) written into the built app's own database through
// Benchtop's tracking API, then the Experiments page opened on them, searched with a three-clause
// filter and scrolled, and a 50-run comparison opened, in headless Chromium. The 50 compared runs log
// 100 steps per metric; the others BENCH_TRACKING_STEPS (10: see DEFAULT_STEPS for why not 100).
// BENCH_TRACKING_RUNS and BENCH_TRACKING_CONCURRENCY (runs logging at once, 8) change the rest.
//
// One origin for both sides (tracking/server.mjs): a `vite preview` of the built app also serves the
// bench page test/bench/tracking/ (built apart). The bench page inserts with startRun/logMetric/end
// into the 'benchtop' database; then fresh pages of the same persistent browser profile open the app
// at #/experiments (in-page probes: tracking/probes.mjs).
// No MLflow for Debian's python: the figures are set against the workload's targets (ratio = figure /
// target); pandas (when installed) times the same filter on a DataFrame of the same runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tools/chromium.mjs';
import { BENCH_DIR, DATA_DIR, MB, PEER_PYTHON, ROOT, environment, fmt, log, requireChromium, writeResult } from './lib.mjs';
import { pageProbe, scrollTable, tasksIn, timeCompare, timeFilter } from './tracking/probes.mjs';
import { BENCH_PATH, buildBenchPage, previewServer } from './tracking/server.mjs';

const RUNS_JSON = join(DATA_DIR, 'tracking-runs.json');
const FILTER = "metrics.m0 > 0.5 AND params.p1 = 'b' AND attributes.status = 'FINISHED'";
const TARGETS = { searchMs: 100, pageOpenMs: 500, scrollTaskMs: 50 };
const COMPARE_RUNS = 50;
/** The workload's steps per metric: the compared runs are logged this deep whatever BENCH_TRACKING_STEPS says. */
const FULL_STEPS = 100;
/**
 * Steps per metric of the other runs. The workload specifies 100 (10,000,000 points); one IndexedDB record
 * per point makes that about 15 minutes here, so 10 (1,000,000 points) keeps the bench near 4 minutes.
 */
const DEFAULT_STEPS = 10;
const PAGE_OPENS = 3;
const SEARCH_REPS = 5;

function intEnv(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${raw} is not a whole number ≥ ${min}`);
  return n;
}

/** Page errors, crashes and console errors/warnings to stderr (not the app's verbose DOM hints). */
function pipeProblems(page, label) {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`[${label} console.${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`[${label} pageerror] ${e.stack ?? e.message ?? e}`));
  page.on('crash', () => console.error(`[${label}] page crashed`));
}

// ---- steps ---------------------------------------------------------------------------------

/** Logs the bench page's progress every 5 s while `work` runs. */
async function withProgress(page, label, work) {
  let stop = false;
  const watch = (async () => {
    let shown = 0;
    while (!stop) {
      await new Promise((r) => setTimeout(r, 5000));
      if (stop) break;
      const p = await page.evaluate(() => window.__trackingProgress).catch(() => null);
      if (p && p.done > shown) log(`tracking: ${label}: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} runs`);
      shown = p?.done ?? shown;
    }
  })();
  try {
    return await work();
  } finally {
    stop = true;
    await watch;
  }
}

/**
 * Inserts the runs in two timed phases: first the COMPARE_RUNS runs that the comparison opens, at
 * the workload's full depth (FULL_STEPS steps, or `steps` when larger), then the rest at `steps` steps.
 */
async function insertRuns(context, url, opts) {
  const page = await context.newPage();
  pipeProblems(page, 'tracking insert');
  await page.goto(new URL(`${BENCH_PATH}index.html`, url).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 60_000 });
  try {
    const base = { concurrency: opts.concurrency, seed: opts.seed };
    const full = { ...base, from: 0, to: COMPARE_RUNS, steps: Math.max(opts.steps, FULL_STEPS) };
    const rest = { ...base, from: COMPARE_RUNS, to: opts.runs, steps: opts.steps };
    const deep = await withProgress(page, `${full.steps} steps`, () => page.evaluate((o) => window.__trackingBench.insert(o), full));
    const main = await withProgress(page, `${rest.steps} steps`, () => page.evaluate((o) => window.__trackingBench.insert(o), rest));
    const search = await page.evaluate(([text, reps]) => window.__trackingBench.search(text, reps), [FILTER, 20]);
    const columns = await page.evaluate(() => window.__trackingBench.columns());
    const histories = await page.evaluate((ids) => window.__trackingBench.histories(ids), deep.ids);
    const reads = await page.evaluate(() => window.__trackingBench.reads());
    await page.evaluate(() => window.__trackingBench.close());
    delete search.ids;
    return { phases: [{ ...deep, steps: full.steps }, { ...main, steps: rest.steps }], search, columns, compareIds: deep.ids, histories, reads };
  } finally {
    await page.close();
  }
}

/** A fresh page of the same profile opened at #/experiments: ms from the navigation start to the first run row. */
async function openExperiments(context, url, runs, label) {
  const page = await context.newPage();
  pipeProblems(page, label);
  await page.addInitScript(pageProbe);
  const full = `${runs.toLocaleString('en-US')} of ${runs.toLocaleString('en-US')} runs`;
  await page.goto(new URL('?seed=none#/experiments', url).href, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=runs-table] [data-run]', { state: 'attached', timeout: 60_000 });
  await page.waitForFunction((text) => document.querySelector('[data-testid=match-count]')?.textContent === text, full, { timeout: 60_000 });
  await page.waitForTimeout(300); // trailing work of the first render lands in the long-task window
  const r = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      firstRowMs: window.__firstRowAt,
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null,
      loadMs: nav?.loadEventEnd ?? null,
      rowsInDom: document.querySelectorAll('[data-testid=runs-table] [data-run]').length,
      ariaRowCount: Number(document.querySelector('[data-testid=runs-table]')?.getAttribute('aria-rowcount')),
      longTasksUnsupported: window.__ltUnsupported ?? null,
    };
  });
  r.longTasks = await page.evaluate(tasksIn, [0, r.firstRowMs]);
  if (r.ariaRowCount !== runs) throw new Error(`the runs table holds ${r.ariaRowCount} rows, not ${runs}`);
  return { page, result: r };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function pandasPeer(columns) {
  if (!existsSync(PEER_PYTHON)) return { missing: `${PEER_PYTHON} not found` };
  writeFileSync(RUNS_JSON, JSON.stringify(columns));
  const r = spawnSync(PEER_PYTHON, [join(BENCH_DIR, 'tracking_peer.py'), RUNS_JSON, '20'], { encoding: 'utf8', env: { ...process.env, PYTHONNOUSERSITE: '1' }, maxBuffer: 1 << 20, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`tracking_peer.py failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.error?.message || '').trim().slice(-1500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function mlflowAvailable() {
  if (!existsSync(PEER_PYTHON)) return false;
  return spawnSync(PEER_PYTHON, ['-c', 'import mlflow'], { stdio: 'ignore', env: { ...process.env, PYTHONNOUSERSITE: '1' } }).status === 0;
}

/** The end of a line set against one of the workload's targets: ratio = figure / target. */
const vsTarget = (ms, t) => `(target ≤ ${t} ms) ratio ${fmt(ms / t)}`;

/** @param {import('./lib.mjs').BenchRun} run */
export async function tracking(run) {
  const executablePath = requireChromium();
  const opts = {
    runs: intEnv('BENCH_TRACKING_RUNS', 10_000, 2 * COMPARE_RUNS),
    steps: intEnv('BENCH_TRACKING_STEPS', DEFAULT_STEPS, 1),
    concurrency: intEnv('BENCH_TRACKING_CONCURRENCY', 8, 1),
    seed: 0,
  };
  const mlflow = mlflowAvailable();
  if (mlflow) log('tracking: mlflow is importable, but no MLflow peer is built: the figures are set against the workload\'s targets');
  const loadAtStart = loadavg();
  run.build();
  await buildBenchPage();
  const server = await previewServer();
  const profile = mkdtempSync(join(tmpdir(), 'benchtop-tracking-'));
  const lines = [];
  const out = { settings: { ...opts, params: 20, metrics: 10, filter: FILTER, compareRuns: COMPARE_RUNS } };
  let chromiumVersion = null;
  let context = null;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1280, height: 800 } });
    chromiumVersion = context.browser()?.version() ?? null;

    // 1. Insert, through the tracking API, into the app's database.
    const points = COMPARE_RUNS * Math.max(opts.steps, FULL_STEPS) * 10 + (opts.runs - COMPARE_RUNS) * opts.steps * 10;
    log(`tracking: inserting ${opts.runs.toLocaleString('en-US')} runs × 20 params × 10 metrics (${COMPARE_RUNS} × ${Math.max(opts.steps, FULL_STEPS)} steps, the rest × ${opts.steps}): ${points.toLocaleString('en-US')} metric points, ${opts.concurrency} runs at a time`);
    const ins = await insertRuns(context, server.url, opts);
    const phase = (p) => ({
      runs: p.runs, steps: p.steps, points: p.points, seconds: p.ms / 1000, runsPerSecond: p.runs / (p.ms / 1000), pointsPerSecond: p.points / (p.ms / 1000),
      generateSeconds: p.generateMs / 1000,
    });
    const [deep, rest] = ins.phases.map(phase);
    const total = { runs: deep.runs + rest.runs, points: deep.points + rest.points, seconds: deep.seconds + rest.seconds };
    total.runsPerSecond = total.runs / total.seconds;
    total.pointsPerSecond = total.points / total.seconds;
    // What the full workload (every run at FULL_STEPS steps) would take at the full-depth phase's rates.
    const perRunMs = (rest.seconds * 1000) / rest.runs;
    const projected = (opts.runs * deep.seconds) / deep.runs;
    out.insert = {
      ...total,
      phases: { fullDepth: deep, rest }, projectedFullWorkloadSeconds: projected,
      storageUsageMB: ins.phases[1].usageBytes == null ? null : ins.phases[1].usageBytes / MB,
      why: opts.steps < FULL_STEPS
        ? `${opts.steps} steps per metric for ${rest.runs.toLocaleString('en-US')} runs (BENCH_TRACKING_STEPS; the workload specifies ${FULL_STEPS}): the tracking store writes one IndexedDB record per metric point, and this machine takes about ${fmt(1e6 / deep.pointsPerSecond, 0)} µs a point, so ${(opts.runs * FULL_STEPS * 10).toLocaleString('en-US')} points would take about ${fmt(projected / 60, 0)} minutes; the ${deep.runs} compared runs carry the full ${deep.steps} steps, and projectedFullWorkloadSeconds scales their time to ${opts.runs.toLocaleString('en-US')} runs`
        : 'the full depth for every run',
      how: 'bench page in the app\'s origin: startRun (20 params, 2 tags) → logMetric for 10 metrics × steps (the logger buffers and writes in batches) → end(status); `concurrency` runs in flight at once; times include generating the synthetic values (generateSeconds)',
      perRunMsAtRestSteps: perRunMs,
    };
    lines.push(`tracking insert: ${fmt(total.seconds, 1)} s for ${total.runs.toLocaleString('en-US')} runs, ${total.points.toLocaleString('en-US')} points (${rest.runs.toLocaleString('en-US')} × 10 metrics × ${rest.steps} steps + ${deep.runs} × 10 × ${deep.steps}): ${fmt(total.runsPerSecond, 0)} runs/s, ${fmt(total.pointsPerSecond / 1000, 1)}k points/s; at ${deep.steps} steps ${fmt(deep.runsPerSecond, 1)} runs/s, ${fmt(deep.pointsPerSecond / 1000, 1)}k points/s (all ${opts.runs.toLocaleString('en-US')} runs at ${FULL_STEPS} steps ≈ ${fmt(projected / 60, 0)} min); no target, no peer: ratio n/a`);
    console.log(lines.at(-1));

    // 2. Open the Experiments page on fresh pages of the same origin and profile.
    const opens = [];
    let page = null;
    for (let i = 0; i < PAGE_OPENS; i++) {
      if (page) await page.close();
      const o = await openExperiments(context, server.url, opts.runs, `tracking open ${i + 1}`);
      page = o.page;
      opens.push(o.result);
      log(`tracking: page open ${i + 1}: first row at ${fmt(o.result.firstRowMs, 0)} ms, longest task ${fmt(o.result.longTasks.longestMs, 0)} ms`);
    }
    out.pageOpen = {
      firstMs: opens[0].firstRowMs, medianMs: median(opens.map((o) => o.firstRowMs)),
      longestTaskMs: Math.max(...opens.map((o) => o.longTasks.longestMs)), opens,
      reads: { ...ins.reads, note: 'for reference, in the bench page: what the tracking worker does before the page can show a row (experimentsOverview reads every run record once; the table is built, queried and its first 100 rows sliced) and a structured clone of those 100 rows (all that crosses to the page)' },
      how: `${PAGE_OPENS} fresh pages (one after another, same profile) at ?seed=none#/experiments; ms from the navigation start to the first runs-table row in the DOM (MutationObserver); the first open loads the app with a cold HTTP cache`,
    };
    lines.push(`tracking page-open: ${fmt(out.pageOpen.medianMs, 0)} ms to the first row (median of ${PAGE_OPENS} fresh pages; first, cold cache ${fmt(out.pageOpen.firstMs, 0)} ms; longest main-thread task ${fmt(out.pageOpen.longestTaskMs, 0)} ms) ${vsTarget(out.pageOpen.medianMs, TARGETS.pageOpenMs)}`);
    console.log(lines.at(-1));

    // 3. Search with the three-clause filter (typed once, then cleared, SEARCH_REPS times).
    await page.waitForTimeout(2500); // the app's start-up sweep (2 s after mount) out of the way
    const applies = [];
    const clears = [];
    for (let i = 0; i < SEARCH_REPS; i++) {
      const a = await page.evaluate(timeFilter, FILTER);
      a.longTasks = await page.evaluate(tasksIn, [a.t0, a.painted]);
      applies.push(a);
      const c = await page.evaluate(timeFilter, '');
      c.longTasks = await page.evaluate(tasksIn, [c.t0, c.painted]);
      clears.push(c);
    }
    const ui = (xs) => ({
      medianMs: median(xs.map((x) => x.changed - x.t0)), firstMs: xs[0].changed - xs[0].t0,
      medianToPaintMs: median(xs.map((x) => x.painted - x.t0)), longestTaskMs: Math.max(...xs.map((x) => x.longTasks.longestMs)),
      countText: xs[0].text, samples: xs.map((x) => ({ ms: x.changed - x.t0, toPaintMs: x.painted - x.t0, longTasks: x.longTasks })),
    });
    const peer = (() => {
      try {
        const p = pandasPeer(ins.columns);
        if (p.missing) log(`tracking: pandas is not installed for ${PEER_PYTHON} (apt-get install -y python3-pandas): ${p.missing}`);
        return p;
      } catch (e) {
        log(`tracking: pandas peer failed: ${e.message}`);
        return { error: e.message };
      }
    })();
    out.search = {
      ui: ui(applies), clear: ui(clears), pure: ins.search, pandas: peer,
      how: 'the filter set in data-testid=filter with one input event (as a paste or the last keystroke); ms until data-testid=match-count changes (MutationObserver), and until the frame after it; median of the applies, each followed by a clear. pure: searchRuns (parse, compile, filter, sort) on the same runs in the bench page, median of 20',
    };
    lines.push(`tracking search: ${fmt(out.search.ui.medianMs, 0)} ms until the match count changes (${fmt(out.search.ui.medianToPaintMs, 0)} ms to the painted frame; ${out.search.ui.countText}; longest main-thread task ${fmt(out.search.ui.longestTaskMs, 0)} ms) ${vsTarget(out.search.ui.medianMs, TARGETS.searchMs)}`);
    console.log(lines.at(-1));
    if (peer.mask_sort) {
      out.search.pandasRatio = ins.search.medianMs / peer.mask_sort.median_ms;
      lines.push(`tracking search-pure: searchRuns ${fmt(ins.search.medianMs, 2)} ms on ${ins.search.runs.toLocaleString('en-US')} runs (${ins.search.matches} matches) · pandas mask+sort ${fmt(peer.mask_sort.median_ms, 2)} ms (${peer.mask_sort.matches} matches) ratio ${fmt(out.search.pandasRatio)}`);
      console.log(lines.at(-1));
    }

    // 4. Scroll the full table top to bottom.
    await page.waitForTimeout(300);
    const sc = await page.evaluate(scrollTable, 40);
    sc.longTasks = await page.evaluate(tasksIn, [sc.t0, sc.t1]);
    const vp = await page.$('[data-testid=runs-table] .viewport');
    const box = await vp.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const w0 = await page.evaluate(() => performance.now());
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, -Math.ceil(sc.scrollHeight / 40));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await page.waitForTimeout(200);
    const w1 = await page.evaluate(() => performance.now());
    const wheel = { steps: 40, seconds: (w1 - w0) / 1000, longTasks: await page.evaluate(tasksIn, [w0, w1]), scrollTopAfter: await vp.evaluate((el) => el.scrollTop) };
    out.scroll = {
      longestTaskMs: Math.max(sc.longTasks.longestMs, wheel.longTasks.longestMs), scrollTop: sc, wheel,
      mainThreadNote: 'longtask entries exist only from 50 ms up: 0 means no main-thread task reached 50 ms',
      how: '40 scrollTop steps top to bottom over the 10,000-row table, two animation frames each; then 40 mouse-wheel events back up. Long tasks are those the longtask observer reports (50 ms and up: 0 = none)',
    };
    if (sc.blankSteps) log(`tracking: ${sc.blankSteps} scroll steps showed no row at the top of the viewport`);
    lines.push(`tracking scroll: longest main-thread task ${fmt(out.scroll.longestTaskMs, 0)} ms${out.scroll.longestTaskMs ? '' : ' (none reached 50 ms, the longtask API\'s floor)'} over 40 scrollTop steps down and 40 wheel events up the ${opts.runs.toLocaleString('en-US')}-row table (${sc.longTasks.count + wheel.longTasks.count} tasks ≥ 50 ms; longest two-frame step ${fmt(sc.longestStepMs, 0)} ms; ${sc.blankSteps} blank steps) ${vsTarget(out.scroll.longestTaskMs, TARGETS.scrollTaskMs)}`);
    console.log(lines.at(-1));

    // 5. Open a 50-run comparison (as the Compare button does: a hash change in the open app).
    const hash = `#/compare/${ins.compareIds.join(',')}`;
    const cmp = await page.evaluate(timeCompare, [hash, ins.compareIds.length]);
    cmp.longTasks = await page.evaluate(tasksIn, [cmp.t0, cmp.painted]);
    await page.close();
    page = null;
    out.compare = {
      ms: cmp.chart - cmp.t0 > cmp.table - cmp.t0 ? cmp.chart - cmp.t0 : cmp.table - cmp.t0,
      tableMs: cmp.table - cmp.t0, parallelMs: cmp.chart - cmp.t0, toPaintMs: cmp.painted - cmp.t0,
      longestTaskMs: cmp.longTasks.longestMs, longTasks: cmp.longTasks, heading: cmp.heading, columns: cmp.columns, rows: cmp.rows, lines: cmp.lines,
      historyReads: ins.histories,
      how: `the ${COMPARE_RUNS} runs logged at ${FULL_STEPS} steps; location.hash set to #/compare/<ids> in the open app; ms until the compare table has rows and the parallel coordinates hold one line per run. historyReads: the same runs' metric history read in the bench page as the tracking worker's histories() does (a cursor per run and key) and with one getAll + getAllKeys per run`,
    };
    if (cmp.columns !== ins.compareIds.length) throw new Error(`the compare table shows ${cmp.columns} runs, not ${ins.compareIds.length}`);
    lines.push(`tracking compare-50: ${fmt(out.compare.ms, 0)} ms to the compare table (${fmt(out.compare.tableMs, 0)} ms) and the parallel coordinates (${fmt(out.compare.parallelMs, 0)} ms) of ${cmp.columns} runs × 10 metrics × ${Math.max(opts.steps, FULL_STEPS)} steps (longest main-thread task ${fmt(out.compare.longestTaskMs, 0)} ms; their history read a cursor per run and metric, as the tracking worker does: ${fmt(ins.histories.cursorMs, 0)} ms, one getAll per run: ${fmt(ins.histories.getAllMs, 0)} ms); no target, no peer: ratio n/a`);
    console.log(lines.at(-1));
  } finally {
    if (context) await context.close().catch(() => {});
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const file = writeResult('tracking', {
    benchmark: 'tracking',
    ...environment(chromiumVersion),
    loadAverage: { start: loadAtStart, end: loadavg(), note: '1/5/15-minute load averages: other work on the machine slows the figures' },
    units: { ms: 'milliseconds (in-page performance.now())', seconds: 's', MB: '1e6 bytes', ratio: 'figure / the workload\'s target (search ≤ 100 ms, page open ≤ 500 ms, longest main-thread task while scrolling ≤ 50 ms)' },
    targets: TARGETS,
    peer: mlflow
      ? 'mlflow is importable here, but this benchmark has no MLflow peer: ratios are against the workload\'s targets'
      : `no peer: MLflow is not installed for ${PEER_PYTHON} (Debian has no python3-mlflow), so each ratio is the figure over the workload's target; pandas (search only) times the same filter on a DataFrame of the same runs (tracking_peer.py)`,
    benchtop: 'built app (vite build) and the bench page (test/bench/tracking, built apart) served by one vite preview (same origin, so one database); headless system Chromium with a persistent (on-disk) profile made for this run',
    ...out,
    lines,
  });
  log(`wrote ${relative(ROOT, file)}`);
}
