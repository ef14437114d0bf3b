// In-page helpers of the tracking benchmark: functions handed to page.evaluate / addInitScript and
// run in the app's page (so they use only what the page has: no imports, no closures).

/**
 * Before any app script: collects main-thread long tasks, and the moment the first run row and the
 * full run count appear (performance.now() counts from the navigation start).
 */
export function pageProbe() {
  window.__lt = [];
  try {
    const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); });
    po.observe({ type: 'longtask', buffered: true });
    window.__flushLt = () => { for (const e of po.takeRecords()) window.__lt.push([e.startTime, e.duration]); };
  } catch (e) {
    window.__ltUnsupported = String(e);
    window.__flushLt = () => {};
  }
  window.__firstRowAt = null;
  const mo = new MutationObserver(() => {
    if (window.__firstRowAt === null && document.querySelector('[data-testid=runs-table] [data-run]')) {
      window.__firstRowAt = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
}

/** Long tasks that overlap [from, to]: count, longest, total. */
export function tasksIn([from, to]) {
  window.__flushLt();
  const ts = window.__lt.filter(([s, d]) => s + d > from && s < to).map(([, d]) => d);
  return { count: ts.length, longestMs: ts.length ? Math.max(...ts) : 0, totalMs: ts.reduce((a, b) => a + b, 0) };
}

/** Sets the filter box as typing or pasting does (one input event) and times the match count's change. */
export function timeFilter(text) {
  const input = document.querySelector('[data-testid=filter]');
  const count = document.querySelector('[data-testid=match-count]');
  const before = count.textContent;
  return new Promise((resolve, reject) => {
    let t0 = 0;
    let changed = null;
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`the match count stayed '${before}' for 30 s after the filter ${JSON.stringify(text)}`)); }, 30_000);
    const mo = new MutationObserver(() => {
      if (changed !== null || count.textContent === before) return;
      changed = performance.now();
      mo.disconnect();
      clearTimeout(timer);
      // The frame that shows it: its rAF callbacks run before paint; the task after them runs after it.
      requestAnimationFrame(() => setTimeout(() => resolve({ t0, changed, painted: performance.now(), text: count.textContent }), 0));
    });
    mo.observe(count, { childList: true, characterData: true, subtree: true });
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    t0 = performance.now();
    set.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Scrolls the runs table from top to bottom in `steps` scrollTop steps, two frames each. */
export async function scrollTable(steps) {
  const vp = document.querySelector('[data-testid=runs-table] .viewport');
  const max = vp.scrollHeight - vp.clientHeight;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  vp.scrollTop = 0;
  await frame();
  await frame();
  const t0 = performance.now();
  let last = t0;
  let longestStepMs = 0;
  let blank = 0;
  for (let i = 1; i <= steps; i++) {
    vp.scrollTop = Math.round((max * i) / steps);
    await frame(); // the scroll event, and the rows it renders
    await frame(); // one painted frame later
    const now = performance.now();
    longestStepMs = Math.max(longestStepMs, now - last);
    last = now;
    const top = vp.scrollTop;
    const rows = [...vp.querySelectorAll('[data-run]')].map((r) => parseFloat(r.style.top));
    if (!rows.some((y) => y <= top + 1 && y + 30 > top)) blank++;
  }
  return { t0, t1: performance.now(), steps, scrollHeight: vp.scrollHeight, clientHeight: vp.clientHeight, longestStepMs, blankSteps: blank, atBottom: vp.scrollTop >= max - 1 };
}

/** Goes to `hash` and times the compare table and the parallel coordinates' `lines` lines. */
export function timeCompare([hash, lines]) {
  return new Promise((resolve, reject) => {
    let table = null;
    let chart = null;
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`the comparison did not render within 60 s: ${document.querySelector('main')?.innerText.slice(0, 300)}`)); }, 60_000);
    const check = () => {
      table ??= document.querySelector('[data-testid=compare-table] tbody tr') ? performance.now() : null;
      chart ??= document.querySelectorAll('[data-testid=parallel] svg path.pc-line').length >= lines ? performance.now() : null;
      if (table === null || chart === null) return;
      mo.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve({
        t0, table, chart, painted: performance.now(),
        heading: document.querySelector('main h2')?.textContent ?? null,
        columns: document.querySelectorAll('[data-testid=compare-table] thead th').length - 1,
        rows: document.querySelectorAll('[data-testid=compare-table] tbody tr').length,
        lines: document.querySelectorAll('[data-testid=parallel] svg path.pc-line').length,
      }), 0));
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    const t0 = performance.now();
    location.hash = hash;
  });
}
