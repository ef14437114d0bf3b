// The same-origin prediction API served by the site's service worker (workers/sw.ts), end to end in
// the built app: a logistic regression fitted here in Node is registered straight into IndexedDB
// (no UI), then called with fetch from the app's page and from the demo page (public/api-demo.html):
// every status, the JSON error bodies, predictions equal to the model's own, and the prediction log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logisticRegression } from '../../src/lib/ml/models/logistic-regression';
import type { ModelVersionRecord, RegisteredModelRecord } from '../../src/lib/registry/types';
import { openSession, startApp, type App } from './harness';

const NAME = 'e2e-clf';
const FEATURES = ['x1', 'x2'];
const CLASSES = ['no', 'yes'];

/** y = yes when x1 + 0.5·x2 > 7 (with a few flipped labels), x1, x2 in [0, 10]. */
function fitted() {
  let s = 7;
  const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const n = 300, X = new Float64Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = 10 * rand();
    X[2 * i + 1] = 10 * rand();
    y[i] = (X[2 * i] + 0.5 * X[2 * i + 1] > 7) !== rand() < 0.05 ? 1 : 0;
  }
  return logisticRegression.fit({ X, n, d: 2, y, classes: CLASSES, featureNames: FEATURES }, 'binary', { C: 1, max_iter: 200 });
}

function records(): { model: RegisteredModelRecord; version: ModelVersionRecord } {
  const now = Date.now();
  const m = fitted();
  const version: ModelVersionRecord = {
    name: NAME, version: 1, description: 'e2e', tags: {}, stage: 'Production',
    source: { kind: 'run', runId: null, experimentId: null },
    lineage: { runId: null, experimentId: null, datasetId: null, datasetVersion: 'e2e-data', recipeIds: [] },
    model: { format: 'benchtop-model-v1', model: 'logistic-regression', task: 'binary', target: 'label', features: FEATURES, classes: CLASSES, imputed: [], params: { C: 1 }, datasetVersion: 'e2e-data', weights: logisticRegression.toJSON(m) },
    recipes: [],
    signature: {
      inputs: FEATURES.map((name) => ({ name, type: 'float' as const, required: true, min: 0, max: 10 })),
      output: { name: 'label', task: 'binary', classes: CLASSES },
    },
    inputExample: [{ x1: 5, x2: 5 }],
    metrics: {},
    card: { intendedUse: '', limitations: '', ethics: '', notes: '', computed: { algorithm: 'logistic-regression', task: 'binary', trainingData: { datasetId: null, datasetName: null, versionId: 'e2e-data', rows: 300, trainRows: 300, testRows: null, recipeIds: [] }, metrics: [], slices: null, params: { C: 1 } } },
    created: now, updated: now,
  };
  return { model: { name: NAME, description: 'e2e', tags: {}, aliases: { champion: 1 }, latestVersion: 1, created: now, updated: now }, version };
}

/** Writes a store's records into the page's IndexedDB 'benchtop' (already opened and upgraded by the app). */
async function putRecords(page: Page, store: string, values: unknown[]): Promise<void> {
  await page.evaluate(async ({ store, values }) => {
    const db = await new Promise<IDBDatabase>((res, rej) => Object.assign(indexedDB.open('benchtop'), { onsuccess(this: IDBRequest<IDBDatabase>) { res(this.result); }, onerror: rej }));
    const tx = db.transaction(store, 'readwrite');
    for (const v of values) tx.objectStore(store).put(v);
    await new Promise((res, rej) => Object.assign(tx, { oncomplete: res, onerror: rej }));
    db.close();
  }, { store, values });
}

async function readAll<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (store) => {
    const db = await new Promise<IDBDatabase>((res, rej) => Object.assign(indexedDB.open('benchtop'), { onsuccess(this: IDBRequest<IDBDatabase>) { res(this.result); }, onerror: rej }));
    const req = db.transaction(store).objectStore(store).getAll();
    const all = await new Promise<unknown[]>((res, rej) => Object.assign(req, { onsuccess: () => res(req.result), onerror: rej }));
    db.close();
    return all;
  }, store) as Promise<T[]>;
}

interface Answer { status: number; type: string | null; allow: string | null; corp: string | null; json: any }
/** fetch from the page (relative to the site root); `body` is sent as is. */
function api(page: Page, method: string, path: string, body?: string): Promise<Answer> {
  return page.evaluate(async ({ method, path, body }) => {
    const r = await fetch(new URL(path, location.origin + '/'), { method, body, headers: body === undefined ? {} : { 'Content-Type': 'application/json' } });
    const text = await r.text();
    return { status: r.status, type: r.headers.get('content-type'), allow: r.headers.get('allow'), corp: r.headers.get('cross-origin-resource-policy'), json: text ? JSON.parse(text) : null };
  }, { method, path, body });
}

const PREDICT = `api/v1/models/${NAME}@champion/predict`;

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('prediction API (service worker), end to end', () => {
  it('serves a registered model: lists it, predicts like the model, answers every error status, logs predictions', async () => {
    const s = await openSession(app);
    const { page } = s;
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30_000 });
    const { model, version } = records();
    await putRecords(page, 'modelVersions', [version]);
    await putRecords(page, 'registeredModels', [model]);

    const list = await api(page, 'GET', 'api/v1/models');
    expect(list.status).toBe(200);
    expect(list.type).toMatch(/^application\/json/);
    const served = list.json.models.find((m: { name: string }) => m.name === NAME);
    expect(served.aliases).toEqual({ champion: 1 });
    expect(served.versions[0].signature).toEqual(version.signature);
    expect(served.endpoints[0]).toMatchObject({ endpoint: `${NAME}@champion`, version: 1, predict: `/${PREDICT}` });

    // Predictions equal the model's own (fitted in Node), probabilities per class.
    const rows = [{ x1: 9, x2: 8 }, { x1: 1, x2: 2 }, { x1: 5.5, x2: 3 }];
    const ok = await api(page, 'POST', PREDICT, JSON.stringify({ records: rows }));
    expect(ok.status).toBe(200);
    expect(ok.corp).toBe('same-origin');
    const m = logisticRegression.fromJSON(version.model.weights);
    const X = Float64Array.from(rows.flatMap((r) => [r.x1, r.x2]));
    const proba = logisticRegression.predictProba!(m, X, 3), pred = logisticRegression.predict(m, X, 3);
    expect(ok.json).toMatchObject({ model: NAME, alias: 'champion', version: 1, strategy: 'single' });
    expect(ok.json.ids).toHaveLength(3);
    expect(new Set(ok.json.ids).size).toBe(3);
    expect(ok.json.latency_ms).toBeGreaterThanOrEqual(0);
    ok.json.predictions.forEach((p: { prediction: string; probabilities: Record<string, number> }, i: number) => {
      expect(p.prediction).toBe(CLASSES[pred[i]]);
      expect(p.probabilities.no).toBeCloseTo(proba[2 * i], 12);
      expect(p.probabilities.yes).toBeCloseTo(proba[2 * i + 1], 12);
    });
    expect(ok.json.predictions.map((p: { prediction: string }) => p.prediction)).toEqual(['yes', 'no', 'yes']);
    // The other accepted shapes.
    expect((await api(page, 'POST', PREDICT, JSON.stringify(rows))).status).toBe(200);
    expect((await api(page, 'POST', PREDICT, JSON.stringify({ dataframe_split: { columns: ['x1', 'x2'], data: [[9, 8]] } }))).json.predictions[0].prediction).toBe('yes');

    const expectError = (a: Answer, status: number, code: string) => {
      expect(a.status, JSON.stringify(a.json)).toBe(status);
      expect(a.type).toMatch(/^application\/json/);
      expect(a.json.error.code).toBe(code);
      expect(a.json.error.message.length).toBeGreaterThan(10);
      expect(typeof a.json.error.detail).toBe('object');
    };
    expectError(await api(page, 'POST', PREDICT, '{"records": [{"x1": 1,'), 400, 'BAD_REQUEST');
    expectError(await api(page, 'POST', PREDICT, JSON.stringify({ rows: [{ x1: 1, x2: 2 }] })), 400, 'BAD_REQUEST');
    expectError(await api(page, 'POST', PREDICT, JSON.stringify({ records: 'x1=1' })), 400, 'BAD_REQUEST');
    expectError(await api(page, 'POST', 'api/v1/models/no-such-model@champion/predict', JSON.stringify({ records: rows })), 404, 'UNKNOWN_MODEL');
    expectError(await api(page, 'POST', `api/v1/models/${NAME}@challenger/predict`, JSON.stringify({ records: rows })), 404, 'UNKNOWN_MODEL');
    const missing = await api(page, 'POST', PREDICT, JSON.stringify({ records: [{ x1: 1, x2: 2 }, { x1: 3 }] }));
    expectError(missing, 422, 'SIGNATURE_VIOLATION');
    expect(JSON.stringify(missing.json.error.detail)).toMatch(/"row":1/);
    expect(JSON.stringify(missing.json.error.detail)).toMatch(/x2/);
    const text = await api(page, 'POST', PREDICT, JSON.stringify({ records: [{ x1: 'abc', x2: 2 }] }));
    expectError(text, 422, 'SIGNATURE_VIOLATION');
    expect(JSON.stringify(text.json.error.detail)).toMatch(/x1/);
    const get = await api(page, 'GET', PREDICT);
    expectError(get, 405, 'METHOD_NOT_ALLOWED');
    expect(get.allow).toBe('POST');
    expectError(await api(page, 'GET', 'api/v1/nothing/here'), 404, 'NOT_FOUND');
    expectError(await api(page, 'POST', PREDICT, JSON.stringify({ records: [{ x1: 1, x2: 'y'.repeat(11 * 1024 * 1024) }] })), 413, 'PAYLOAD_TOO_LARGE');

    // Requests outside the API still reach the network.
    expect(await page.evaluate(async () => (await fetch('./manifest.webmanifest')).status)).toBe(200);

    // Feedback, then the log: the predictions (and the label) are in IndexedDB once flushed.
    const fb = await api(page, 'POST', 'api/v1/feedback', JSON.stringify({ labels: [{ id: ok.json.ids[0], label: 'yes' }, { id: 'nope', label: 'no' }] }));
    expect(fb).toMatchObject({ status: 200, json: { attached: 1, unknown: ['nope'] } });
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (e) => (e.data.ok ? resolve() : reject(new Error(e.data.error)));
      navigator.serviceWorker.controller!.postMessage({ type: 'benchtop:flush' }, [port2]);
    }));
    const batches = await readAll<{ model: string; ids: string[]; output: unknown[] }>(page, 'predictions');
    const logged = new Map(batches.filter((b) => b.model === NAME).flatMap((b) => b.ids.map((id, i) => [id, b.output[i]] as const)));
    ok.json.ids.forEach((id: string, i: number) => expect(logged.get(id)).toBe(ok.json.predictions[i].prediction));
    const labels = await readAll<{ id: string; label: string }>(page, 'labels');
    expect(labels.find((l) => l.id === ok.json.ids[0])?.label).toBe('yes');

    // The demo page: lists the model with its signature, posts the prefilled body, shows the answer.
    await page.goto(app.origin + '/api-demo.html');
    await page.waitForSelector('[data-testid=api-status][data-state=ready]');
    expect(await page.textContent('[data-testid=models]')).toContain(`${NAME}@champion`);
    expect(await page.textContent('[data-testid=models]')).toContain('x2');
    expect(JSON.parse(await page.inputValue('[data-testid=body]'))).toEqual({ records: [{ x1: 5, x2: 5 }] });
    expect(await page.textContent('[data-testid=snippet]')).toContain(`fetch("${app.origin}/${PREDICT}"`);
    await page.fill('[data-column=x1]', '9');
    await page.click('[data-testid=send]');
    await page.waitForSelector('[data-testid=http-status][data-status="200"]');
    const shown = JSON.parse(await page.textContent('[data-testid=response]') ?? '');
    expect(shown.predictions[0].prediction).toBe('yes');
    expect(shown.model).toBe(NAME);
    await page.screenshot({ path: 'test/e2e/screenshots/api-demo.png', fullPage: true });
    await page.fill('[data-testid=body]', '{"records": [');
    await page.click('[data-testid=send]');
    await page.waitForSelector('[data-testid=http-status][data-status="400"]');
    expect(await page.textContent('[data-testid=response]')).toContain('BAD_REQUEST');
    // The browser logs every 4xx answer as a failed resource load; those were asked for. Nothing else.
    expect(s.errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|404|405|413|422)/.test(e))).toEqual([]);
    await s.context.close();
  });

  it('the demo page installs the service worker itself on a first visit and says when nothing is served', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.origin + '/api-demo.html');
    await page.waitForSelector('[data-testid=api-status][data-state=ready]');
    await page.waitForSelector('[data-testid=no-models]');
    expect(await page.isDisabled('[data-testid=send]')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
