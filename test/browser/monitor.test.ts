/**
 * The monitoring stage end to end on real IndexedDB and real workers: a model trained on raw data
 * through a recipe is registered and served as @champion; the page logs predictions through
 * ServingService (a stationary stream, then a shifted one); the monitoring worker computes its
 * windows (no drift, then drift), fires the alert after the configured consecutive windows, follows
 * new predictions incrementally, shows performance falling once labels arrive, builds the
 * "reference + labelled production" version, retrains on a new version (a candidate @challenger in
 * shadow), runs the gate, and writes a self-contained report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestBridge } from '../../src/bridge/ingest';
import { MonitorBridge } from '../../src/bridge/monitor';
import { PrepBridge } from '../../src/bridge/prep';
import { RegistryBridge } from '../../src/bridge/registry';
import { TrainBridge } from '../../src/bridge/train';
import { errorInfo } from '../../src/lib/errors';
import type { TrainSpec } from '../../src/lib/ml/spec';
import type { MonitorRecord, WindowResult } from '../../src/lib/monitor/types';
import type { Recipe } from '../../src/lib/recipe/recipe';
import { ServingService } from '../../src/lib/serve';
import { openBenchtopDB, type DB } from '../../src/lib/store';

const ingest = new IngestBridge();
const prep = new PrepBridge();
const train = new TrainBridge();
const registry = new RegistryBridge();
const monitors = new MonitorBridge();
let db: DB;
let serving: ServingService;
afterAll(() => { ingest.dispose(); prep.dispose(); train.dispose(); registry.dispose(); monitors.dispose(); serving?.dispose(); db?.close(); });

const MODEL = `mon-${crypto.randomUUID().slice(0, 8)}`;

async function importCsv(text: string, name: string) {
  const file = new File([text], `${name}.csv`, { type: 'text/csv' });
  const p = await ingest.preview(file);
  return ingest.importFile(crypto.randomUUID(), file, { name, format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: false }, { fileName: p.fileName, size: p.size, sourceSample: p.sourceSample }, () => {});
}

function rng(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Rows of x1, x2, noise, group; `shift` moves x1 and x2 and skews the groups; `cut` is where the label turns 'pos'. */
function rows(n: number, seed: number, shift = 0, cut = 0) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const x1 = r() * 4 - 2 + shift, x2 = r() * 4 - 2 + shift, noise = r();
    const group = shift ? (r() < 0.8 ? 'c' : 'a') : ['a', 'b', 'c'][i % 3];
    return { x1: Number(x1.toFixed(4)), x2: Number(x2.toFixed(4)), noise: Number(noise.toFixed(4)), group, label: x1 + 0.5 * x2 + (r() - 0.5) > cut ? 'pos' : 'neg' };
  });
}
const csv = (rs: ReturnType<typeof rows>) => ['x1,x2,noise,group,label', ...rs.map((x) => `${x.x1},${x.x2},${x.noise},${x.group},${x.label}`)].join('\n');

const recipe: Recipe = { version: 1, steps: [{ type: 'standardize', params: { columns: ['x1', 'x2'] } }, { type: 'one-hot', params: { columns: ['group'] } }] };
const spec = (datasetId: string, versionId: string): TrainSpec => ({
  datasetId, versionId, target: 'label', features: ['x1', 'x2', 'noise', 'group=a', 'group=b', 'group=c'], task: 'binary', model: 'logistic-regression', params: {},
  holdOut: { kind: 'column' }, missing: 'error', seed: 7, backend: 'cpu', experiment: 'monitor-tests',
});

/** Sends rows to model@champion in requests of 50, 2 ms apart (so requests never share an instant); answers ids and true labels. */
async function stream(rs: ReturnType<typeof rows>): Promise<{ id: string; label: string }[]> {
  const out: { id: string; label: string }[] = [];
  for (let i = 0; i < rs.length; i += 50) {
    const part = rs.slice(i, i + 50);
    const r = await serving.predict(MODEL, 'champion', part.map(({ label: _l, ...x }) => x));
    r.ids.forEach((id, k) => out.push({ id, label: part[k].label }));
    await new Promise((res) => setTimeout(res, 3));
  }
  await serving.flush();
  return out;
}

let src: { datasetId: string; versionId: string };
let monitor: MonitorRecord;
let calm: { id: string; label: string }[] = [];
let shifted: { id: string; label: string }[] = [];

beforeAll(async () => {
  db = await openBenchtopDB();
  serving = new ServingService(async () => db);
  src = await importCsv(csv(rows(800, 11)), `${MODEL}-source`);
  const derived = await prep.apply(crypto.randomUUID(), src.versionId, recipe, 'scale + one-hot', { method: 'random', test: 0.25, validation: 0, seed: 5 }, () => {});
  const runId = (await train.train(crypto.randomUUID(), spec(src.datasetId, derived.versionId), () => {}, () => {})).runId;
  await registry.registerRun({ runId, name: MODEL });
  await registry.setAlias(MODEL, 'champion', 1, { reason: 'first champion' });
}, 120_000);

const complete = (rs: WindowResult[]) => rs.filter((r) => !r.partial);

describe('monitoring through the monitoring worker', () => {
  it('refuses bad settings with the field and the valid choices', async () => {
    const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('accepted'); }, errorInfo);
    expect(await fail(monitors.createMonitor({ deployment: 'no-such-deployment' }))).toMatchObject({ code: 'BAD_MONITOR', detail: { field: 'deployment' } });
    expect((await fail(monitors.createMonitor({ deployment: `endpoint:${MODEL}@champion`, columns: [{ column: 'label' }] }))).message).toMatch(/not a watchable input .* inputs are x1, x2, noise, group/);
    expect((await fail(monitors.createMonitor({ deployment: `endpoint:${MODEL}@champion`, columns: [{ column: 'group', method: 'ks' }] }))).detail).toMatchObject({ field: 'method', column: 'group' });
    expect((await fail(monitors.createMonitor({ deployment: `endpoint:${MODEL}@champion`, window: { kind: 'last', n: 0 } }))).detail).toMatchObject({ field: 'window' });
    expect((await fail(monitors.createMonitor({ deployment: `endpoint:${MODEL}@champion`, rules: [{ metric: 'accuracy', op: '<', threshold: 0.8, windows: 0 }] }))).detail).toMatchObject({ field: 'windows' });
    expect(await monitors.listMonitors({ model: MODEL })).toEqual([]);
    const cat = await monitors.catalog();
    expect(cat.tests.map((t) => t.id)).toEqual(expect.arrayContaining(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']));
    expect(cat.detectors.map((d) => d.id)).toEqual(['ddm', 'eddm', 'adwin', 'page-hinkley', 'kswin']);
  });

  it('a stationary stream does not drift; a shifted one does, and the alert fires after 2 consecutive windows', async () => {
    monitor = await monitors.createMonitor({
      name: 'churn watch', deployment: `endpoint:${MODEL}@champion`, window: { kind: 'last', n: 100 },
      rules: [{ metric: 'dataset_drift_share', op: '>=', threshold: 0.5, windows: 2 }, { metric: 'accuracy', op: '<', threshold: 0.7, windows: 2 }],
    });
    expect(monitor.columns.map((c) => c.column)).toEqual(['x1', 'x2', 'noise', 'group']);
    expect((await monitors.watchableColumns(monitor.deployment)).inputs.map((i) => i.name)).toEqual(['x1', 'x2', 'noise', 'group']);
    calm = await stream(rows(300, 21));
    let rs = await monitors.compute(monitor.id);
    expect(rs.map((r) => r.rows)).toEqual([100, 100, 100]);
    for (const r of rs) {
      expect(r.columns.map((c) => [c.column, c.method, c.threshold])).toEqual([['x1', 'ks', 0.05], ['x2', 'ks', 0.05], ['noise', 'ks', 0.05], ['group', 'chisquare', 0.05]]);
      expect(r.datasetDrift.drifted).toBe(false);
      expect(r.predictionDrift?.drifted).toBe(false);
      // The same uniform ranges: at most a value or two just past the reference's min or max.
      expect(r.quality.outOfRange).toBeLessThanOrEqual(2);
      expect(r.performance).toBeNull();
      expect(r.software.p95).toBeGreaterThanOrEqual(0);
      expect(r.multivariate).toMatchObject({ error: expect.any(Number), threshold: expect.any(Number) });
    }
    expect(await monitors.alerts({ monitor: monitor.id })).toEqual([]);

    shifted = await stream(rows(300, 22, 1.5, 2));
    rs = await monitors.compute(monitor.id);
    expect(rs).toHaveLength(6);
    expect(rs.slice(3).map((r) => r.datasetDrift.drifted)).toEqual([true, true, true]);
    for (const r of rs.slice(3)) {
      expect(r.columns.filter((c) => c.drifted).map((c) => c.column)).toEqual(expect.arrayContaining(['x1', 'x2', 'group']));
      expect(r.quality.outOfRange).toBeGreaterThan(20);
      expect(r.predictionDrift?.drifted).toBe(true);
    }
    const alerts = await monitors.alerts({ monitor: monitor.id });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: monitor.rules[0].id, metric: 'dataset_drift_share', threshold: 0.5, acknowledged: null, window: rs[4].start });
    // Recomputing fires nothing new: one streak, one alert.
    await monitors.compute(monitor.id);
    expect(await monitors.alerts({ monitor: monitor.id })).toHaveLength(1);
    // Acknowledged, the same streak still does not fire again.
    const ack = await monitors.acknowledgeAlert(alerts[0].id, 'seen: new traffic');
    expect(ack.actions.map((a) => a.step)).toEqual(['fired', 'acknowledged']);
    await monitors.compute(monitor.id);
    expect(await monitors.alerts({ monitor: monitor.id, open: true })).toEqual([]);
  });

  it('follows new predictions incrementally while watching', async () => {
    await monitors.watch();
    const before = (await monitors.results(monitor.id)).reduce((s, r) => s + r.rows, 0);
    await stream(rows(100, 23, 1.5, 2));
    await expect.poll(async () => (await monitors.results(monitor.id)).reduce((s, r) => s + r.rows, 0), { timeout: 10_000, interval: 200 }).toBe(before + 100);
    const rs = await monitors.results(monitor.id);
    expect(rs).toHaveLength(7);
    expect(rs.at(-1)!.datasetDrift.drifted).toBe(true);
    await monitors.unwatch();
  });

  it('labels make performance fall on the shifted windows (and fire the accuracy rule)', async () => {
    const att = await serving.attachLabels([...calm, ...shifted].map(({ id, label }) => ({ id, label })));
    expect(att).toEqual({ attached: 600, unknown: [] });
    const rs = complete(await monitors.compute(monitor.id));
    const acc = rs.map((r) => r.performance?.metrics.accuracy ?? null);
    expect(acc.slice(0, 3).every((a) => a !== null && a > 0.85)).toBe(true);
    expect(acc.slice(3, 6).every((a) => a !== null && a < 0.7)).toBe(true);
    expect(rs[0].performance!.reference.accuracy).toBeGreaterThan(0.85);
    // Target drift is scored once labels exist (the label shares barely move here: the concept moved with the inputs).
    expect(rs.slice(0, 6).map((r) => r.targetDrift?.method)).toEqual(['z', 'z', 'z', 'z', 'z', 'z']);
    expect(rs[6].targetDrift).toBeNull();
    expect(rs.slice(3, 6).some((r) => r.detections.some((d) => d.stream === 'error' && d.level === 'drift'))).toBe(true);
    const fired = (await monitors.alerts({ monitor: monitor.id, open: true })).map((a) => a.metric);
    expect(fired).toEqual(['accuracy']);
  });

  it('builds the reference plus labelled production data as a new dataset version', async () => {
    const lv = await monitors.labelledVersion(monitor.id);
    expect(lv).toMatchObject({ datasetId: src.datasetId, referenceRows: 800, labelled: 600, rows: 1400, existed: false });
    const v = (await db.get('datasetVersions', lv.versionId))!;
    expect(v.parent).toBe(src.versionId);
    expect(v.columns.map((c) => c.name)).toEqual(['x1', 'x2', 'noise', 'group', 'label']);
    expect(v.rows).toBe(1400);
  });

  it('retrains on a new version: same recipe and algorithm, a candidate @challenger deployed in shadow, every step recorded', async () => {
    const fresh = await importCsv(csv(rows(800, 31, 1.5, 2)), `${MODEL}-fresh`);
    const out = await monitors.retrain({ monitor: monitor.id, versionId: fresh.versionId, reason: 'traffic moved' });
    expect(out.candidate).toEqual({ name: MODEL, version: 2 });
    expect(out.promoted).toBe(false);
    const model = (await db.get('registeredModels', MODEL))!;
    expect(model.aliases).toEqual({ champion: 1, challenger: 2 });
    const v2 = (await db.get('modelVersions', [MODEL, 2]))!;
    expect(v2.model.model).toBe('logistic-regression');
    // The new data has no group "b": the refitted one-hot makes no group=b column, so the features follow.
    expect((await db.get('modelVersions', [MODEL, 1]))!.model.features).toEqual(['x1', 'x2', 'noise', 'group=a', 'group=b', 'group=c']);
    expect(v2.model.features).toEqual(['x1', 'x2', 'noise', 'group=a', 'group=c']);
    expect(v2.recipes.map((r) => r.steps.map((s) => s.type))).toEqual([['standardize', 'one-hot']]);
    expect(v2.lineage.recipeIds).toHaveLength(1);
    expect(v2.lineage.datasetVersion).toBe(out.trainingVersion);
    const trained = await db.get('datasetVersions', out.trainingVersion);
    expect(trained?.parent).toBe(fresh.versionId);
    const d = (await db.get('deployments', out.deployment!))!;
    expect(d).toMatchObject({ model: MODEL, alias: 'champion', strategy: 'shadow', primary: { alias: 'champion' }, candidate: { alias: 'challenger' }, status: 'active' });
    const rec = (await monitors.alerts({ monitor: monitor.id })).find((a) => a.id === out.record)!;
    expect(rec.rule).toBe('retrain');
    expect(rec.actions.map((a) => a.step)).toEqual(['requested', 'data', 'prepared', 'trained', 'registered', 'shadow', 'waiting']);
    // Shadow traffic: the candidate answers in copy, the monitor keeps following the endpoint.
    expect((await monitors.monitor(monitor.id))!.deployment).toBe(d.id);
    await expect.poll(async () => (await serving.predict(MODEL, 'champion', [{ x1: 2, x2: 2, noise: 0.5, group: 'c' }])).shadow?.version, { timeout: 3000 }).toBe(2);
    await serving.flush();
    const extra = (await monitors.results(monitor.id)).length;
    expect(extra).toBeGreaterThan(0);
    const rs = await monitors.compute(monitor.id);
    const shadowed = (await db.getAll('predictions')).filter((p) => p.model === MODEL).reduce((s, p) => s + p.ids.length, 0);
    expect(shadowed - rs.reduce((s, x) => s + x.rows, 0)).toBeGreaterThan(0); // shadow copies are not monitored
    expect(rs.reduce((s, x) => s + x.rows, 0)).toBeGreaterThanOrEqual(701);
  });

  it('goes as far as the gate and promotes only when it passes', async () => {
    const fresh = await importCsv(csv(rows(800, 41, 1.5, 2)), `${MODEL}-fresh2`);
    const out = await monitors.retrain({ monitor: monitor.id, versionId: fresh.versionId, reason: 'automatic run', until: 'promote' });
    expect(out.gate).not.toBeNull();
    // The new model fits the new concept; the champion (old concept) does not.
    expect(out.gate!.passed).toBe(true);
    expect(out.promoted).toBe(true);
    expect((await db.get('registeredModels', MODEL))!.aliases).toMatchObject({ champion: 3, challenger: 3 });
    const rec = (await monitors.alerts({ monitor: monitor.id })).find((a) => a.id === out.record)!;
    expect(rec.actions.map((a) => a.step)).toEqual(['requested', 'data', 'prepared', 'trained', 'registered', 'shadow', 'gate', 'promoted']);
  });

  it("automation 'suggest': a fired alert prepares a candidate by itself and waits, every step on the alert", async () => {
    const fresh = await importCsv(csv(rows(600, 51, 1.5, 2)), `${MODEL}-fresh3`);
    const d = (await monitors.monitor(monitor.id))!.deployment;
    const auto = await monitors.createMonitor({
      name: 'auto', deployment: d, window: { kind: 'last', n: 100 }, automation: 'suggest', retrainVersion: fresh.versionId,
      rules: [{ metric: 'drift:x1', op: '<', threshold: 0.05, windows: 2 }],
    });
    await monitors.compute(auto.id);
    await monitors.idle();
    const [alert] = await monitors.alerts({ monitor: auto.id });
    expect(alert.metric).toBe('drift:x1');
    expect(alert.actions.map((a) => a.step)).toEqual(['fired', 'retrain', 'data', 'prepared', 'trained', 'registered', 'waiting']);
    const model = (await db.get('registeredModels', MODEL))!;
    expect(model.aliases).toMatchObject({ champion: 3, challenger: 4 });
    expect((await db.get('modelVersions', [MODEL, 4]))!.tags['benchtop.retrain.monitor']).toBe(auto.id);
    await monitors.deleteMonitor(auto.id);
    expect(await monitors.alerts({ monitor: auto.id })).toEqual([]);
    expect(await monitors.results(auto.id)).toEqual([]);
  });

  it('writes a self-contained report (HTML and JSON)', async () => {
    const html = await monitors.reportHTML(monitor.id);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|\bsrc=|\bhref=/i);
    expect(html).toContain('churn watch');
    const json = JSON.parse(await monitors.reportJSON(monitor.id));
    expect(json.format).toBe('benchtop-monitor-report-v1');
    expect(json.windows.length).toBeGreaterThanOrEqual(7);
    expect(json.alerts.length).toBeGreaterThanOrEqual(2);
  });
});
