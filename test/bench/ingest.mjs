// ingest: import a CSV into the built app in headless Chromium (parse + infer + profile + store in
// IndexedDB, in the ingest worker) and compare with pandas read_csv + describe on the same file.
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ROOT, MB, PANDAS_HELP, benchCsv, environment, fmt, launchBrowser, log, pandasPeer, pipePageLogs,
  requireChromium, sampleTreeRss, treeRss, writeResult,
} from './lib.mjs';

const WORKLOADS = [
  { name: 'import-100k', file: 'bench-100k.csv', rows: 100_000 },
  { name: 'import-1m', file: 'bench-1m.csv', rows: 1_000_000 },
];

const IMPORT_TIMEOUT_MS = 10 * 60_000;
const REVIEW_TIMEOUT_MS = 2 * 60_000;

/**
 * Runs before any page script: collects main-thread long tasks (durations in window.__longTasks, start
 * times alongside to window them) and, for reference, long animation frames. Both APIs report only
 * entries of 50 ms or more, so "0" means no main-thread task reached 50 ms.
 */
function longTaskObserver() {
  window.__longTasks = [];
  window.__longTaskStarts = [];
  window.__loafs = [];
  const flushers = [];
  const observe = (type, take) => {
    try {
      const po = new PerformanceObserver((list) => take(list.getEntries()));
      po.observe({ type, buffered: true });
      flushers.push(() => take(po.takeRecords()));
    } catch (e) {
      if (type === 'longtask') window.__longTasksUnsupported = String(e);
    }
  };
  observe('longtask', (entries) => { for (const e of entries) { window.__longTasks.push(e.duration); window.__longTaskStarts.push(e.startTime); } });
  observe('long-animation-frame', (entries) => { for (const e of entries) window.__loafs.push([e.startTime, e.duration, e.blockingDuration]); });
  window.__flushLongTasks = () => { for (const f of flushers) f(); };
}

/**
 * Arms in-page timestamps: the confirm click, and the moment the finished version (or an import error)
 * first appears in the DOM. (The "already stored" notice is not an end: it flashes by during a normal
 * import, between the worker finishing and the navigation to the new version.)
 */
function armDoneWatch(doneSel) {
  window.__clickAt = null;
  window.__doneAt = null;
  window.__doneKind = null;
  document.addEventListener('click', (e) => {
    if (window.__clickAt == null && e.target instanceof Element && e.target.closest('[data-testid=import-confirm]')) window.__clickAt = performance.now();
  }, { capture: true });
  const check = () => {
    if (window.__doneAt != null) return;
    const kind = document.querySelector(doneSel) ? 'done' : document.querySelector('[data-testid=import-error]') ? 'error' : null;
    if (kind) { window.__doneAt = performance.now(); window.__doneKind = kind; mo.disconnect(); }
  };
  const mo = new MutationObserver(check);
  mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rows', 'data-testid'] });
}

/** True once the "already stored" notice has stayed up for 3 s (the file was already imported: nothing is measured). */
function existedSettled() {
  const el = document.querySelector('[data-testid=import-existed]');
  if (!el) { window.__existedSince = null; return false; }
  window.__existedSince ??= performance.now();
  return performance.now() - window.__existedSince > 3000;
}

/**
 * Resolves to the first of the selectors that appears (or 'existed', when `existed` is set and the
 * "already stored" notice stays); rejects on a page crash or timeout.
 */
async function waitForAny(page, selectors, timeout, { existed = false } = {}) {
  let onCrash;
  const crashed = new Promise((_, rej) => { onCrash = () => rej(new Error('the page crashed')); page.once('crash', onCrash); });
  const waits = selectors.map((sel) => page.waitForSelector(sel, { state: 'attached', timeout }).then(() => sel));
  if (existed) waits.push(page.waitForFunction(existedSettled, null, { polling: 250, timeout }).then(() => 'existed'));
  try {
    return await Promise.race([crashed, ...waits]);
  } finally {
    page.off('crash', onCrash);
    for (const w of waits) w.catch(() => {}); // the losers time out later or die with the page
  }
}

async function describeFailure(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=import-error]') ?? document.querySelector('[data-testid=import-existed]') ?? document.querySelector('[role=alert]');
    if (el) return `${el.getAttribute('data-code') ?? ''} ${el.textContent?.replace(/\s+/g, ' ').trim()}`.trim();
    return `page shows: ${document.body?.innerText?.replace(/\s+/g, ' ').trim().slice(0, 500)}`;
  }).catch((e) => `(page unreadable: ${e.message})`);
}

/** One import of `csv` into a fresh browser profile; returns the Benchtop figures. */
export async function measureImport(url, csv, label) {
  const { browser, pid, close } = await launchBrowser();
  let sampler = null;
  try {
    const chromiumVersion = browser.version();
    const page = await browser.newPage();
    pipePageLogs(page, label);
    await page.addInitScript(longTaskObserver);
    // ?seed=none: no sample dataset is imported on this first visit (it would compete with the measured import).
    await page.goto(new URL('?seed=none', url).href, { waitUntil: 'load' });
    await page.setInputFiles('[data-testid=file-input]', csv.path);
    const review = await waitForAny(page, ['[data-testid=schema-table]', '[data-testid=import-error]'], REVIEW_TIMEOUT_MS);
    if (review !== '[data-testid=schema-table]') throw new Error(`the type review did not appear: ${await describeFailure(page)}`);

    const doneSel = `[data-testid=version-view][data-rows="${csv.rows}"]`;
    await page.evaluate(armDoneWatch, doneSel);
    await sleep(500); // let the preview's work settle before the memory baseline
    const baseline = treeRss(pid);
    sampler = sampleTreeRss(pid, { everyMs: 50 });
    const t0 = await page.evaluate(() => performance.now());
    const w0 = performance.now();
    await page.click('[data-testid=import-confirm]', { timeout: 30_000 });
    const which = await waitForAny(page, [doneSel, '[data-testid=import-error]'], IMPORT_TIMEOUT_MS, { existed: true });
    const w1 = performance.now();
    const t1 = await page.evaluate(() => performance.now());
    const mem = sampler.stop();
    sampler = null;
    if (which !== doneSel) throw new Error(`the import did not finish with a ${csv.rows}-row version: ${await describeFailure(page)}`);

    const inPage = await page.evaluate(([t0, t1]) => {
      window.__flushLongTasks();
      const end = window.__doneAt ?? t1;
      const during = window.__longTasks.filter((d, i) => window.__longTaskStarts[i] + d > t0 && window.__longTaskStarts[i] < end);
      const loafs = window.__loafs.filter(([s, d]) => s + d > t0 && s < end);
      return {
        longestAnimationFrameMs: loafs.length ? Math.max(...loafs.map((f) => f[1])) : 0,
        longestFrameBlockingMs: loafs.length ? Math.max(...loafs.map((f) => f[2])) : 0,
        clickAt: window.__clickAt, doneAt: window.__doneAt, doneKind: window.__doneKind,
        longTasks: during, longTasksUnsupported: window.__longTasksUnsupported ?? null,
        shownRows: document.querySelector('[data-testid=version-view]')?.getAttribute('data-rows'),
      };
    }, [t0, t1]);
    // The in-page end is the MutationObserver's timestamp of the version view appearing; Playwright's
    // waitForSelector polls, so the page.evaluate after it (t1) lands a poll interval later (kept for reference).
    const end = inPage.doneKind === 'done' ? inPage.doneAt : t1;
    const deltaBytes = Math.max(0, mem.peak - baseline);
    return {
      chromiumVersion,
      seconds: (end - t0) / 1000,
      endSource: inPage.doneKind === 'done' ? 'MutationObserver: version view appeared' : 'page.evaluate after waitForSelector',
      secondsFromClick: inPage.clickAt != null ? (end - inPage.clickAt) / 1000 : null,
      secondsAfterWait: (t1 - t0) / 1000,
      wallSeconds: (w1 - w0) / 1000,
      longestTaskMs: inPage.longTasks.length ? Math.max(...inPage.longTasks) : 0,
      longTasks: inPage.longTasks.length,
      longTasksTotalMs: inPage.longTasks.reduce((a, b) => a + b, 0),
      longTasksUnsupported: inPage.longTasksUnsupported,
      longestAnimationFrameMs: inPage.longestAnimationFrameMs,
      longestFrameBlockingMs: inPage.longestFrameBlockingMs,
      mainThreadNote: 'longtask and long-animation-frame entries exist only from 50 ms up: 0 means none reached 50 ms',
      memory: {
        baselineMB: baseline / MB, peakMB: mem.peak / MB, deltaMB: deltaBytes / MB,
        xFile: deltaBytes / csv.bytes, samples: mem.samples, processes: mem.processes,
        note: 'summed VmRSS of the Chromium process tree (shared pages count once per process), peak during the import minus the value just before the click',
      },
    };
  } finally {
    if (sampler) sampler.stop();
    await close();
  }
}

function line(name, b, p) {
  const bt = b ? `benchtop ${fmt(b.seconds)} s (parse+infer+profile+store), longest main-thread task ${fmt(b.longestTaskMs, 0)} ms, peak memory +${fmt(b.memory.deltaMB, 0)} MB (${fmt(b.memory.xFile, 1)}x file)` : 'benchtop FAILED';
  const pd = p?.totalSeconds != null
    ? `pandas read_csv ${fmt(p.read_csv_s)} s + describe ${fmt(p.describe_s)} s = ${fmt(p.totalSeconds)} s`
    : 'pandas n/a';
  const ratio = b && p?.totalSeconds ? fmt(b.seconds / p.totalSeconds) : 'n/a';
  return `ingest ${name}: ${bt}; ${pd} ratio ${ratio}`;
}

/** @param {import('./lib.mjs').BenchRun} run */
export async function ingest(run) {
  requireChromium();
  const url = await run.app();
  const workloads = [];
  let chromiumVersion = null;
  let pandasMissingShown = false;
  for (const w of WORKLOADS) {
    const csv = await benchCsv(w.file, w.rows);
    const entry = { name: w.name, file: { path: relative(ROOT, csv.path), bytes: csv.bytes, MB: csv.bytes / MB, rows: csv.rows, columns: 10 } };
    let b = null;
    let p = null;
    try {
      log(`${w.name}: importing ${entry.file.path} (${fmt(entry.file.MB, 1)} MB) in Chromium`);
      b = await measureImport(url, csv, `ingest ${w.name}`);
      chromiumVersion = b.chromiumVersion;
      delete b.chromiumVersion;
      entry.benchtop = b;
    } catch (e) {
      entry.error = e.message;
      console.error(`[bench] ingest ${w.name} failed: ${e.stack ?? e.message}`);
    }
    try {
      log(`${w.name}: pandas peer`);
      p = pandasPeer(csv.path);
      if (p.missing) {
        if (!pandasMissingShown) console.error(`[bench] ${PANDAS_HELP} (${p.missing})`);
        pandasMissingShown = true;
        entry.pandas = { missing: p.missing, install: 'apt-get install -y python3-pandas' };
        p = null;
      } else {
        p.totalSeconds = p.read_csv_s + p.describe_s;
        entry.pandas = p;
      }
    } catch (e) {
      entry.pandas = { error: e.message };
      console.error(`[bench] ingest ${w.name} pandas peer failed: ${e.message}`);
      p = null;
    }
    entry.ratio = b && p ? b.seconds / p.totalSeconds : null;
    entry.line = line(w.name, b, p);
    console.log(entry.line);
    workloads.push(entry);
  }
  const file = writeResult('ingest', {
    benchmark: 'ingest',
    ...environment(chromiumVersion),
    units: { seconds: 's', memory: 'MB = 1e6 bytes', ratio: 'benchtop seconds / pandas (read_csv + describe) seconds' },
    benchtop: 'built app (vite build + vite preview), headless system Chromium, fresh profile per workload; seconds from just before the Import click to the finished version view (in-page performance.now())',
    peer: 'Debian /usr/bin/python3 + pandas: pd.read_csv(path), then df.describe(include="all"), timed separately with time.perf_counter in one process',
    workloads,
  });
  log(`wrote ${relative(ROOT, file)}`);
  const failed = workloads.filter((w) => w.error);
  if (failed.length) throw new Error(`${failed.map((w) => w.name).join(', ')} failed: ${failed.map((w) => w.error).join('; ')}`);
}
