/**
 * The Serve page, end to end in the built app: two versions of a model trained and registered from
 * the UI (champion, challenger), a prediction in the playground, a 30% canary split over 200
 * random requests, a blue-green switch and roll back, batch scoring of the dataset with the CSV
 * downloaded, a page reload in the middle of a request stream (every answered prediction is in the
 * log), and labels attached from a CSV.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, openSession, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

/** A screenshot of the whole page: the viewport grows to the height of the page's scrolling main column. */
async function shot(page: Page, name: string): Promise<void> {
  const h = await page.evaluate(() => Math.max(...[...document.querySelectorAll('main, main .main')].map((e) => e.scrollHeight + e.getBoundingClientRect().top)));
  await page.setViewportSize({ width: 1400, height: Math.min(4000, Math.max(900, Math.ceil(h) + 20)) });
  await page.screenshot({ path: `test/e2e/screenshots/serve-${name}.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** Trains a model on the dataset from the Train page and registers the run as the next version of `name`. */
async function trainAndRegister(page: Page, dataUrl: string, model: string, runName: string, name: string, first: boolean, target = 'diagnosis', extraFeature?: string): Promise<void> {
  await page.goto(dataUrl);
  await page.click('[data-testid=train-link]');
  await page.waitForSelector('[data-testid=target]');
  expect(await page.inputValue('[data-testid=target]')).toBe(target);
  if (extraFeature) await page.check(`[data-testid=features] label:has-text("${extraFeature}") input`);
  await page.selectOption('[data-testid=model]', model);
  await page.fill('[data-testid=run-name]', runName);
  await page.click('[data-testid=train]');
  // Jobs are listed newest first.
  const job = page.locator('[data-testid=job]').first();
  await job.and(page.locator('[data-status=FINISHED]')).waitFor({ timeout: 60_000 });
  await job.locator('[data-testid=open-run]').click();
  await page.waitForSelector('[data-testid=register-open]');
  await page.click('[data-testid=register-open]');
  if (first) await page.fill('[data-testid=register-name]', name);
  else await page.selectOption('[data-testid=register-model]', name);
  await page.click('[data-testid=register]');
  await page.click('[data-testid=register-link]');
  await page.waitForSelector('[data-testid=model-version]');
}

/** Sends `n` random requests from the traffic box and waits until they are all answered. */
async function sendTraffic(page: Page, n: number): Promise<void> {
  await page.fill('[data-testid=traffic-n]', String(n));
  await page.click('[data-testid=traffic-send]');
  await page.waitForSelector(`[data-testid=traffic-figures][data-answered="${n}"][data-streaming=false]`, { timeout: 60_000 });
}

const armCount = async (page: Page, sel: string, arm: string) => Number(await page.getAttribute(`${sel} tr[data-arm=${arm}]`, 'data-count'));

describe('Serve page, end to end', () => {
  it('predicts, splits a canary, switches blue-green, scores a batch, and loses no logged prediction across a reload', async () => {
    const s = await openSession(app);
    const { page } = s;
    page.setDefaultTimeout(30_000);

    // Nothing registered: the page says what to do.
    await page.goto(app.origin + '/?seed=none#/serve');
    await page.waitForSelector('[data-testid=serve-empty]');
    expect(await page.textContent('[data-testid=serve-empty]')).toContain('Register a model and set an alias on the Registry page');
    await shot(page, 'empty');

    await page.goto(app.origin + '/?seed=none#/data');
    await importSample(page, 'breast-cancer', 569);
    const dataUrl = page.url();

    // v1 (logistic regression) becomes champion; v2 (decision tree) challenger.
    await trainAndRegister(page, dataUrl, 'logistic-regression', 'serve-logistic', 'cancer', true);
    await page.click('[data-testid=promote-champion]');
    await page.waitForSelector('[data-testid=version-alias] >> text=@champion');
    await trainAndRegister(page, dataUrl, 'decision-tree', 'serve-tree', 'cancer', false);
    await page.fill('[data-testid=alias-input]', 'challenger');
    await page.click('[data-testid=alias-set]');
    await page.waitForSelector('[data-testid=version-alias] >> text=@challenger');

    // Endpoints: one per alias.
    await page.goto(app.origin + '/?seed=none#/serve');
    await page.waitForSelector('[data-testid=endpoints] tr[data-endpoint="cancer@challenger"]');
    expect(await page.locator('[data-testid=endpoints] tbody tr').count()).toBe(2);
    await shot(page, 'endpoints');

    // Playground: the form holds the input example; Predict answers with probabilities.
    await page.click('[data-testid=endpoints] tr[data-endpoint="cancer@champion"] [data-testid=try-endpoint]');
    await page.waitForSelector('[data-testid=signature-form] [data-field="mean radius"] input');
    expect(await page.locator('[data-testid=signature-form] [data-field]').count()).toBe(30);
    expect(await page.inputValue('[data-testid=signature-form] [data-field="mean radius"] input')).not.toBe('');
    await page.click('[data-testid=predict]');
    await page.waitForSelector('[data-testid=prediction]');
    expect(await page.textContent('[data-testid=prediction-value]')).toMatch(/^(benign|malignant)$/);
    expect(await page.getAttribute('[data-testid=prediction]', 'data-version')).toBe('1');
    expect(await page.locator('[data-testid=proba] li').count()).toBe(2);
    // A value out of the training range is predicted and reported.
    await page.fill('[data-testid=signature-form] [data-field="mean radius"] input', '1000');
    await page.click('[data-testid=predict]');
    await page.waitForSelector('[data-testid=violations] >> text=mean radius');
    // A required value left empty: the request is refused, and the violation named.
    await page.fill('[data-testid=signature-form] [data-field="mean texture"] input', '');
    await page.click('[data-testid=predict]');
    await page.waitForSelector('[data-testid=refusal] >> text=mean texture');
    expect(await page.textContent('[data-testid=predict-error]')).toContain('SIGNATURE_VIOLATION');
    await page.click('button:text-is("Reset")');
    await shot(page, 'playground');

    // Canary at 30% to the challenger: 200 random requests split about 30/70.
    await page.click('[data-testid=tab-overview]');
    await page.selectOption('[data-testid=dep-alias]', 'champion');
    await page.check('[data-testid=strategy-canary]');
    await page.selectOption('[data-testid=dep-candidate]', 'alias:challenger');
    await page.fill('[data-testid=deployment-form] input[aria-label="Canary percent"]', '30');
    await page.fill('[data-testid=dep-name]', 'canary-30');
    await page.click('[data-testid=create-deployment]');
    await page.waitForSelector('[data-testid=deployment-view] [data-testid=canary-share] >> text=30%');
    await sendTraffic(page, 200);
    const primary = await armCount(page, '[data-testid=traffic-arms]', 'primary');
    const candidate = await armCount(page, '[data-testid=traffic-arms]', 'candidate');
    expect(primary + candidate).toBe(200);
    // 30% of 200 = 60, standard deviation 6.5: ±25 is beyond 3.8 sd.
    expect(candidate).toBeGreaterThan(35);
    expect(candidate).toBeLessThan(85);
    // The per-arm figures read from the log agree with what was answered.
    await page.waitForFunction((n) => document.querySelector('[data-testid=arm-metrics] tr[data-arm=candidate]')?.getAttribute('data-requests') === String(n), candidate);
    expect(Number(await page.getAttribute('[data-testid=arm-metrics] tr[data-arm=primary]', 'data-requests'))).toBe(primary);
    expect(await page.getAttribute('[data-testid=arm-metrics] tr[data-arm=candidate]', 'data-version')).toBe('2');
    await shot(page, 'canary');

    // A second active deployment on the same endpoint is refused with the backend's reason.
    await page.click('[data-testid=new-deployment]');
    await page.check('[data-testid=strategy-blue-green]');
    await page.click('[data-testid=create-deployment]');
    await page.waitForSelector('[data-testid=deployment-error]');
    expect(await page.textContent('[data-testid=deployment-error]')).toMatch(/already has an active deployment/);

    // Stop the canary; blue-green on the champion endpoint: switch to green, then roll back.
    await page.click('[data-testid=deployments] [data-testid=open-deployment] >> text=canary-30');
    await page.click('[data-testid=dep-stop]');
    await page.waitForSelector('[data-testid=deployment-view][data-status=stopped]');
    await page.click('[data-testid=new-deployment]');
    await page.check('[data-testid=strategy-blue-green]');
    await page.selectOption('[data-testid=dep-candidate]', 'alias:challenger');
    await page.fill('[data-testid=dep-name]', 'blue-green');
    await page.click('[data-testid=create-deployment]');
    await page.waitForSelector('[data-testid=deployment-view][data-live=blue] [data-testid=bg-switch]');
    await page.click('[data-testid=bg-switch]');
    await page.waitForSelector('[data-testid=deployment-view][data-live=green]');
    await sendTraffic(page, 20);
    expect(await armCount(page, '[data-testid=traffic-arms]', 'green')).toBe(20);
    await page.click('[data-testid=bg-rollback]');
    await page.waitForSelector('[data-testid=deployment-view][data-live=blue]');
    const actions = await page.locator('[data-testid=history] tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual(['rollback', 'switch', 'create']);
    await shot(page, 'blue-green');

    // Batch scoring of the raw dataset version, downloaded as CSV.
    await page.click('[data-testid=tab-batch]');
    await page.waitForSelector('[data-testid=batch-version] option[value]', { state: 'attached' });
    await page.click('[data-testid=batch-run]');
    await page.waitForSelector('[data-testid=batch-outcome]', { timeout: 60_000 });
    expect(await page.getAttribute('[data-testid=batch-outcome]', 'data-rows')).toBe('569');
    expect(await page.getAttribute('[data-testid=batch-outcome]', 'data-refused')).toBe('0');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=batch-download]')]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv.length).toBe(570);
    expect(csv[0]).toContain('mean radius');
    expect(csv[0]).toMatch(/prediction/);
    expect(csv[0]).toMatch(/benign/);
    // A dropped CSV: a row whose value is not a number is refused, with the reason, and kept in the file.
    const sample = readFileSync('public/samples/breast-cancer.csv', 'utf8').trim().split('\n').slice(0, 4);
    sample[2] = sample[2].replace(/^[^,]+/, 'abc');
    await page.setInputFiles('[data-testid=batch-file]', { name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(sample.join('\n')) });
    await page.click('[data-testid=batch-run]');
    await page.waitForSelector('[data-testid=batch-outcome][data-rows="3"]');
    expect(await page.getAttribute('[data-testid=batch-outcome]', 'data-refused')).toBe('1');
    expect(await page.textContent('[data-testid=batch-refused] tbody tr')).toMatch(/^2.*mean radius/);
    await shot(page, 'batch');

    // A reload in the middle of a stream: every answered prediction is in the log after it.
    await page.click('[data-testid=tab-overview]');
    await page.fill('[data-testid=traffic-n]', '5000');
    await page.click('[data-testid=traffic-send]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=traffic-figures]')?.getAttribute('data-answered')) > 150);
    // The count the page had when it went away (no page script runs after pagehide).
    await page.evaluate(() => addEventListener('pagehide', () => sessionStorage.setItem('answered', document.querySelector('[data-testid=traffic-figures]')!.getAttribute('data-answered')!)));
    await page.reload();
    const answered = Number(await page.evaluate(() => sessionStorage.getItem('answered')));
    expect(answered).toBeGreaterThan(150);
    expect(answered).toBeLessThan(5000);
    await page.waitForSelector('[data-testid=deployment-view]');
    await page.click('[data-testid=tab-log]');
    await page.waitForSelector('[data-testid=log-total]');
    // Before the reload this deployment answered 20 requests; then `answered` of the stream. A request in
    // flight when the page went away may be logged without its answer reaching the page.
    const total = Number(await page.getAttribute('[data-testid=log-total]', 'data-total'));
    expect(total).toBeGreaterThanOrEqual(20 + answered);
    expect(total).toBeLessThanOrEqual(20 + answered + 1);
    await shot(page, 'log');

    // Labels for the shown predictions (and one unknown id) from a CSV.
    const ids = await page.locator('[data-testid=log-table] tbody tr').evaluateAll((rows) => rows.slice(0, 50).map((r) => r.getAttribute('data-id')));
    const labels = ['id,label', ...ids.map((id, i) => `${id},${i % 2 ? 'malignant' : 'benign'}`), 'no-such-id,benign'].join('\n');
    await page.setInputFiles('[data-testid=labels-file]', { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from(labels) });
    await page.waitForSelector('[data-testid=labels-result]');
    expect(await page.getAttribute('[data-testid=labels-result]', 'data-attached')).toBe('50');
    expect(await page.getAttribute('[data-testid=labels-result]', 'data-unknown')).toBe('1');
    await page.click('[data-testid=tab-overview]');
    await page.waitForSelector('[data-testid=arm-metrics] [data-testid=arm-score] >> text=%');
    await shot(page, 'labelled');

    // Shadow on the challenger endpoint: only the primary answers; the copies are compared live.
    await page.click('[data-testid=new-deployment]');
    await page.selectOption('[data-testid=dep-alias]', 'challenger');
    await page.check('[data-testid=strategy-shadow]');
    await page.selectOption('[data-testid=dep-candidate]', 'alias:champion');
    await page.fill('[data-testid=dep-name]', 'shadow');
    await page.click('[data-testid=create-deployment]');
    await page.waitForSelector('[data-testid=deployment-view] [data-testid=strategy-controls][data-strategy=shadow]');
    await sendTraffic(page, 100);
    expect(await page.locator('[data-testid=traffic-arms] tbody tr').count()).toBe(1);
    expect(await armCount(page, '[data-testid=traffic-arms]', 'primary')).toBe(100);
    await page.waitForSelector('[data-testid=shadow-agreement][data-pairs="100"]');
    await page.waitForSelector('[data-testid=arm-metrics] tr[data-arm=shadow][data-requests="100"]');
    const rate = Number(await page.getAttribute('[data-testid=shadow-agreement]', 'data-rate'));
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThanOrEqual(1);
    await shot(page, 'shadow');

    // The API note names the endpoint's URL.
    await page.click('[data-testid=tab-api]');
    expect(await page.textContent('[data-testid=api-code]')).toContain('/api/v1/models/cancer@challenger/predict');
    await shot(page, 'api');
    expect(s.errors).toEqual([]);
    await s.context.close();
  }, 300_000);

  it('builds the playground form for a dated multiclass model: a date input, five class probabilities', async () => {
    const s = await openSession(app);
    const { page } = s;
    page.setDefaultTimeout(30_000);
    await importSample(page, 'seattle-weather', 1461);
    await trainAndRegister(page, page.url(), 'logistic-regression', 'weather-logistic', 'weather', true, 'weather', 'date');
    await page.click('[data-testid=promote-champion]');
    await page.waitForSelector('[data-testid=version-alias] >> text=@champion');
    await page.goto(app.origin + '/?seed=none#/serve');
    await page.click('[data-testid=tab-playground]');
    const date = page.locator('[data-testid=signature-form] [data-field=date] input[type=date]');
    expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await date.getAttribute('min')).toBe('2012-01-01');
    await date.fill('2014-07-04');
    await page.click('[data-testid=predict]');
    await page.waitForSelector('[data-testid=prediction]');
    expect(await page.locator('[data-testid=proba] li').count()).toBe(5);
    await shot(page, 'playground-weather');
    expect(s.errors).toEqual([]);
    await s.context.close();
  }, 120_000);
});
