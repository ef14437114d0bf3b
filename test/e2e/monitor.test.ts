/**
 * Monitoring, end to end in the built app (issue 7): a logistic regression is trained from the UI
 * on the EARLY part of the Seattle weather sample (January to March 2012) and served as
 * weather@champion; a monitor is created on the Monitor page; the LATER part (April 2012 to 2015,
 * in date order) is streamed through the service worker's API; the page shows the data drift
 * (warmer, drier days) and the alert fires, with a browser notification; labels arrive through
 * `POST /api/v1/feedback` and a CSV upload, and the accuracy falls below the model's evaluation;
 * a retraining on the reference plus the labelled production data registers a candidate and puts
 * it in shadow on the endpoint; the candidate is promoted through the registry's gate. Reports are
 * downloaded as HTML and JSON. Last, a monitor with automation 'automatic' retrains, shadows, gates
 * and promotes by itself when its rule fires, each step recorded on the alert.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, openSession, startApp, type App, type Session } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
const CUT = '2012-04-01';

/** The sample split by date: the early rows as a CSV to import, the later rows as API records with their true label. */
function weather() {
  const lines = readFileSync('public/samples/seattle-weather.csv', 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i], v])));
  const early = rows.filter((r) => r.date < CUT), later = rows.filter((r) => r.date >= CUT).sort((a, b) => a.date.localeCompare(b.date));
  const csv = [lines[0], ...early.map((r) => head.map((h) => r[h]).join(','))].join('\n');
  return { csv, earlyRows: early.length, later: later.map((r) => ({ record: Object.fromEntries(FEATURES.map((f) => [f, Number(r[f])])), label: r.weather })) };
}

/** A screenshot of the whole page: the viewport grows to the height of the page's scrolling main column. */
async function shot(page: Page, name: string): Promise<void> {
  const h = await page.evaluate(() => Math.max(...[...document.querySelectorAll('main, main .main')].map((e) => e.scrollHeight + e.getBoundingClientRect().top)));
  await page.setViewportSize({ width: 1400, height: Math.min(4000, Math.max(900, Math.ceil(h) + 20)) });
  await page.screenshot({ path: `test/e2e/screenshots/monitor-${name}.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** Posts JSON to the site's API (answered by the service worker) from the page. */
function post(page: Page, path: string, body: unknown): Promise<{ status: number; json: any }> {
  return page.evaluate(async ({ path, body }) => {
    const r = await fetch(new URL(path, location.origin + '/'), { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    return { status: r.status, json: await r.json() };
  }, { path, body });
}

/** Streams records through the predict API in requests of `size`, in order; answers the prediction ids. */
function stream(page: Page, records: Record<string, number>[], size: number): Promise<string[]> {
  return page.evaluate(async ({ records, size }) => {
    const ids: string[] = [];
    for (let i = 0; i < records.length; i += size) {
      const r = await fetch(new URL('api/v1/models/weather@champion/predict', location.origin + '/'), { method: 'POST', body: JSON.stringify({ records: records.slice(i, i + size) }), headers: { 'Content-Type': 'application/json' } });
      if (r.status !== 200) throw new Error(`predict answered ${r.status}: ${await r.text()}`);
      ids.push(...(await r.json()).ids);
    }
    return ids;
  }, { records, size });
}

/** Writes the service worker's buffered predictions now. */
function flushLog(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (e) => (e.data.ok ? resolve() : reject(new Error(e.data.error)));
    navigator.serviceWorker.controller!.postMessage({ type: 'benchtop:flush' }, [port2]);
  }));
}

describe('Monitor page, end to end', () => {
  it('sees drift and an alert on streamed later data, performance fall once labelled, retrains, shadows and promotes', async () => {
    const s = await openSession(app);
    const { page } = s;
    page.setDefaultTimeout(30_000);
    // On a failure: a screenshot of where it stopped and the page's errors.
    try {
      await run(s.page, s.context, s.errors);
    } catch (e) {
      await page.screenshot({ path: 'test/e2e/screenshots/monitor-failure.png' }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\npage errors: ${JSON.stringify(s.errors)}`, { cause: e });
    }
  }, 480_000);
});

async function run(page: Page, context: Session['context'], errors: string[]): Promise<void> {
  // Notifications: a stand-in that records what the page raises (headless Chromium shows none).
  await context.addInitScript(() => {
    const w = window as unknown as { __notes: { title: string; body: string }[]; Notification: unknown };
    w.__notes = [];
    let permission: NotificationPermission = 'default';
    w.Notification = class {
      static get permission() { return permission; }
      static async requestPermission() { permission = 'granted'; return permission; }
      onclick: (() => void) | null = null;
      constructor(title: string, opts: { body: string }) { w.__notes.push({ title, body: opts.body }); }
      close() {}
    };
  });

  // Nothing served: the page says what to do. (A reload: the init script runs on new documents only.)
  await page.goto(app.origin + '/?seed=none#/monitor');
  await page.reload();
  await page.waitForSelector('[data-testid=monitor-empty]');
  expect(await page.textContent('[data-testid=monitor-empty]')).toMatch(/register a model and give a version an alias/);
  await shot(page, 'empty');

  // The early part (Jan–Mar 2012) is imported and a logistic regression trained on it is served as weather@champion.
  const data = weather();
  expect(data.earlyRows).toBe(91);
  expect(data.later.length).toBe(1370);
  await page.goto(app.origin + '/?seed=none#/data');
  await importFile(page, { name: 'seattle-early.csv', mimeType: 'text/csv', buffer: Buffer.from(data.csv) });
  await page.waitForSelector(`[data-testid=version-view][data-rows="${data.earlyRows}"]`);
  await page.click('[data-testid=train-link]');
  await page.waitForSelector('[data-testid=target]');
  expect(await page.inputValue('[data-testid=target]')).toBe('weather');
  await page.selectOption('[data-testid=model]', 'logistic-regression');
  await page.fill('[data-testid=run-name]', 'weather-early');
  await page.click('[data-testid=train]');
  const job = page.locator('[data-testid=job]').first();
  await job.and(page.locator('[data-status=FINISHED]')).waitFor({ timeout: 60_000 });
  await job.locator('[data-testid=open-run]').click();
  await page.click('[data-testid=register-open]');
  await page.fill('[data-testid=register-name]', 'weather');
  await page.click('[data-testid=register]');
  await page.click('[data-testid=register-link]');
  await page.waitForSelector('[data-testid=model-version]');
  await page.click('[data-testid=promote-champion]');
  await page.waitForSelector('[data-testid=version-alias] >> text=@champion');

  // A monitor on the endpoint: windows of 200 predictions, the default rule (dataset drift share ≥ 0.5 for 2 windows).
  await page.goto(app.origin + '/?seed=none#/monitor');
  await page.waitForSelector('[data-testid=monitor-form]');
  expect(await page.inputValue('[data-testid=monitor-target]')).toBe('endpoint:weather@champion');
  expect(await page.locator('[data-testid=monitor-columns] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')))).toEqual([...FEATURES]);
  await page.fill('[data-testid=monitor-name]', 'weather drift');
  await page.fill('[data-testid=window-n]', '200');
  await shot(page, 'form');
  await page.click('[data-testid=monitor-create]');
  await page.waitForSelector('[data-testid=monitor-view] [data-testid=monitor-no-windows]');
  expect(page.url()).toMatch(/#\/monitor\/[\w-]+$/);
  await page.click('[data-testid=mtab-alerts]');
  await page.click('[data-testid=notify-enable]');
  await page.waitForSelector('[data-testid=notify-on]');
  await page.click('[data-testid=mtab-drift]');

  // The later part, streamed through the API in date order (requests of 50 rows). The page watches.
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30_000 });
  const ids = await stream(page, data.later.map((r) => r.record), 50);
  expect(ids.length).toBe(1370);
  await flushLog(page);
  // 1,370 rows: six complete windows of 200 and the open one. Drift in every complete window fires the rule once.
  await page.waitForSelector('[data-testid=monitor-view][data-windows="7"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=monitor-view][data-open-alerts="1"]', { timeout: 30_000 });
  expect(await page.getAttribute('[data-testid=card-drift]', 'data-drifted')).toBe('true');
  expect(Number(await page.getAttribute('[data-testid=card-drift]', 'data-share'))).toBeGreaterThanOrEqual(0.5);
  const notes = await page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes);
  expect(notes.length).toBe(1);
  expect(notes[0].body).toMatch(/dataset_drift_share/);
  // Timelines: one point per window, the alert marked on the dataset drift share.
  const share = page.locator('[data-testid=timelines] [data-metric=dataset_drift_share] figure');
  expect(await share.getAttribute('data-points')).toBe('7');
  expect(await share.getAttribute('data-alerts')).toBe('1');
  expect(await page.locator('[data-testid=timelines] section').count()).toBeGreaterThanOrEqual(4 + FEATURES.length);
  // Features: the temperatures drift (KS on a 91-row reference), each with its method and threshold.
  const feature = (c: string) => page.locator(`[data-testid=features] tr[data-column=${c}]`);
  for (const c of ['temp_max', 'temp_min']) {
    expect(await feature(c).getAttribute('data-drifted')).toBe('true');
    expect(await feature(c).getAttribute('data-method')).toBe('ks');
    expect(await feature(c).textContent()).toMatch(/p < 0\.05/);
  }
  await shot(page, 'drift');
  await feature('temp_max').locator('[data-testid=feature-open]').click();
  await page.waitForSelector('[data-testid=feature-detail][data-column=temp_max] [data-testid=window-rows] tbody tr');
  expect(await page.textContent('[data-testid=feature-result]')).toMatch(/Kolmogorov/);
  expect(await page.locator('[data-testid=feature-detail] svg rect.cur').count()).toBeGreaterThan(5);
  await shot(page, 'feature');

  // The alert, listed with its rule, then acknowledged.
  await page.click('[data-testid=mtab-alerts]');
  const alert = page.locator('[data-testid=alerts] li[data-metric=dataset_drift_share]');
  expect(await alert.getAttribute('data-open')).toBe('true');
  expect(await alert.textContent()).toMatch(/dataset_drift_share >= 0\.5 for 2 windows/);
  await shot(page, 'alerts');
  await alert.locator('[data-testid=acknowledge]').click();
  await page.waitForSelector('[data-testid=monitor-view][data-open-alerts="0"]');

  // Reports: a self-contained HTML page and the JSON results.
  const [html] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-html]')]);
  expect(html.suggestedFilename()).toBe('weather_drift-report.html');
  const doc = readFileSync((await html.path())!, 'utf8');
  expect(doc).toMatch(/<svg/);
  expect(doc).toContain('weather drift');
  expect(doc).not.toMatch(/<script|src="http/);
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
  const report = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(report.windows.length).toBe(7);
  expect(report.summary.predictions).toBe(1370);

  // Labels: most through the feedback API, the last 100 from a CSV uploaded here.
  const labels = data.later.map((r, i) => ({ id: ids[i], label: r.label }));
  const fb = await post(page, 'api/v1/feedback', { labels: labels.slice(0, 1270) });
  expect(fb).toMatchObject({ status: 200, json: { attached: 1270, unknown: [] } });
  await page.click('[data-testid=mtab-window]');
  await page.setInputFiles('[data-testid=monitor-labels-file]', { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from(['id,label', ...labels.slice(1270).map((l) => `${l.id},${l.label}`)].join('\n')) });
  await page.waitForSelector('[data-testid=monitor-notice] >> text=100 labels attached');
  // Performance falls below the model's evaluation: accuracy over the labelled windows.
  await page.waitForSelector('[data-testid=performance] tr[data-metric=accuracy]');
  const row = page.locator('[data-testid=performance] tr[data-metric=accuracy]');
  const evaluation = Number(await row.getAttribute('data-reference'));
  expect(evaluation).toBeGreaterThan(0);
  const windows = await page.locator('[data-testid=window-select] option').count();
  const accs: number[] = [];
  for (let i = 0; i < windows - 1; i++) {
    await page.selectOption('[data-testid=window-select]', String(i));
    await page.waitForSelector(`[data-testid=performance] tr[data-metric=accuracy]`);
    accs.push(Number(await row.getAttribute('data-value')));
  }
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  expect(mean).toBeLessThan(evaluation);
  expect(Number(await page.getAttribute('[data-testid=performance]', 'data-labelled'))).toBeGreaterThan(100);
  await shot(page, 'performance');
  await page.click('[data-testid=mtab-drift]');
  await page.waitForSelector('[data-testid=timelines] [data-metric=accuracy] figure');
  await shot(page, 'timelines-labelled');

  // Retrain on the reference plus the labelled production data, as far as shadow.
  await page.click('[data-testid=mtab-retrain]');
  expect(await page.inputValue('[data-testid=retrain-version]')).toBe('');
  await page.fill('[data-testid=retrain-reason]', 'Drift on the temperatures since April 2012.');
  await page.click('[data-testid=retrain-start]');
  await page.waitForSelector('[data-testid=retrain-outcome]', { timeout: 120_000 });
  expect(await page.getAttribute('[data-testid=retrain-outcome]', 'data-version')).toBe('2');
  const steps = await page.locator('[data-testid=retrain-steps] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-step')));
  expect(steps).toEqual(['requested', 'data', 'prepared', 'trained', 'registered', 'shadow', 'waiting']);
  expect(await page.getAttribute('[data-testid=retrain-candidate]', 'href')).toBe('#/registry/weather/2');
  await shot(page, 'retrain');

  // The candidate answers in shadow beside the champion.
  await page.click('[data-testid=retrain-shadow]');
  await page.waitForSelector('[data-testid=deployment-view] [data-testid=strategy-controls][data-strategy=shadow]');
  await stream(page, data.later.slice(0, 40).map((r) => r.record), 20);
  await page.waitForSelector('[data-testid=arm-metrics] tr[data-arm=shadow]', { timeout: 30_000 });
  await shot(page, 'shadow');

  // Promotion through the registry's gate (a written reason if the gate fails).
  await page.goto(app.origin + '/?seed=none#/registry/weather/2');
  await page.waitForSelector('[data-testid=model-version][data-version="2"]');
  await page.click('[data-testid=gate-run]');
  await page.waitForSelector('[data-testid=gate-result]', { timeout: 60_000 });
  if ((await page.getAttribute('[data-testid=gate-result]', 'data-passed')) !== 'true') {
    await page.fill('[data-testid=override-reason]', 'Retrained on the drifted production data; accepted by the e2e test.');
  }
  await page.click('[data-testid=promote-champion]');
  await page.waitForSelector('[data-testid=aliases] [data-alias=champion]');
  await shot(page, 'promoted');

  // The monitor now watches the shadow deployment; the list shows it.
  await page.goto(app.origin + '/?seed=none#/monitor');
  await page.waitForSelector('[data-testid=monitors] tr[data-monitor]');
  expect(await page.textContent('[data-testid=monitors]')).toMatch(/shadow/);

  // Automatic: a second monitor on the champion endpoint (its shadow deployment) with a rule that
  // the log's first window of 100 predictions already breaks; it retrains on the early data, shadows
  // and runs the gate by itself, and every step is recorded on the alert.
  await page.click('[data-testid=new-monitor]');
  const target = await page.locator('[data-testid=monitor-target] option', { hasText: 'weather@champion' }).getAttribute('value');
  await page.selectOption('[data-testid=monitor-target]', target!);
  await page.fill('[data-testid=monitor-name]', 'weather auto');
  await page.fill('[data-testid=window-n]', '100');
  const rule = page.locator('[data-testid=monitor-form] [data-testid=rules] tr[data-rule="0"]');
  await rule.locator('[data-testid=rule-metric]').selectOption('rows');
  await rule.locator('[data-testid=rule-threshold]').fill('100');
  await rule.locator('[data-testid=rule-windows]').fill('1');
  await page.check('[data-testid=monitor-form] input[value=automatic]');
  const early = await page.locator('[data-testid=monitor-form] select[aria-label="Retrain dataset version"] option', { hasText: '91 rows' }).getAttribute('value');
  await page.selectOption('[data-testid=monitor-form] select[aria-label="Retrain dataset version"]', early!);
  await page.click('[data-testid=monitor-create]');
  await page.waitForSelector('[data-testid=monitor-view] >> text=automation: automatic');
  await page.click('[data-testid=mtab-alerts]');
  const auto = page.locator('[data-testid=alerts] li[data-metric=rows]');
  await auto.locator('[data-step=promoted], [data-step="not promoted"]').waitFor({ timeout: 120_000 });
  const autoSteps = await auto.locator('li[data-step]').evaluateAll((li) => li.map((l) => l.getAttribute('data-step')));
  expect(autoSteps.slice(0, 8)).toEqual(['fired', 'retrain', 'data', 'prepared', 'trained', 'registered', 'shadow', 'gate']);
  await shot(page, 'automatic');
  await shot(page, 'list');
  expect(errors).toEqual([]);
  await context.close();
}
