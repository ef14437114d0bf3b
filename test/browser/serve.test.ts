/**
 * The serving service on real IndexedDB (a database of its own per test file): registry records
 * are written straight into the stores, then requests are resolved, routed, predicted and logged.
 * Canary split, shadow never answering with the candidate, blue-green switch and rollback heard by
 * another service through the registry channel, refusals, labels, and no prediction lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorInfo } from '../../src/lib/errors';
import { notifyRegistry } from '../../src/lib/registry/tx';
import type { RegisteredModelRecord } from '../../src/lib/registry/types';
import { openBenchtopDB, type DB } from '../../src/lib/store/db';
import {
  attachLabels, countPredictions, createDeployment, loadPredictor, predictionStats, PredictionLog, readPredictionBatches, readPredictions,
  rollbackDeployment, ServingService, setCanaryPercent, stopDeployment, switchLive, type LogRow,
} from '../../src/lib/serve';
import { mulberry32 } from '../../src/lib/data/split';
import { makeVersion, records } from '../unit/serve/fixtures';

const DB_NAME = `serve-test-${crypto.randomUUID()}`;
let db: DB;
const open = () => openBenchtopDB({}, DB_NAME);
const services: ServingService[] = [];
const service = (opts: ConstructorParameters<typeof ServingService>[1] = {}) => {
  const s = new ServingService(async () => db, opts);
  services.push(s);
  return s;
};

async function register(name: string): Promise<void> {
  const v1 = await makeVersion('logistic-regression', 'binary', { name, version: 1, seed: 1 });
  const v2 = await makeVersion('logistic-regression', 'binary', { name, version: 2, seed: 2, params: { C: 0.01 } });
  const now = Date.now();
  const m: RegisteredModelRecord = { name, description: '', tags: {}, aliases: { champion: 1, challenger: 2 }, latestVersion: 2, created: now, updated: now };
  await db.put('registeredModels', m);
  await db.put('modelVersions', v1.version);
  await db.put('modelVersions', v2.version);
}

beforeAll(async () => {
  db = await open();
  for (const name of ['churn', 'canary', 'shadow', 'bg', 'labels', 'lost']) await register(name);
});
afterAll(async () => {
  for (const s of services) s.dispose();
  db.close();
  indexedDB.deleteDatabase(DB_NAME);
});

describe('endpoints without a deployment', () => {
  it('answers model@alias with the alias version, logs every row, and follows an alias move', async () => {
    const s = service();
    const recs = records(3);
    const r = await s.predict('churn', 'champion', recs);
    expect(r).toMatchObject({ endpoint: 'churn@champion', deployment: null, strategy: 'single', version: 1, arm: 'primary' });
    const p1 = await loadPredictor((await db.get('modelVersions', ['churn', 1]))!);
    expect(r.classes).toEqual(p1.classes);
    expect(r.predictions).toEqual(await p1.predictRecords(recs));
    expect(r.ids).toHaveLength(3);
    expect(new Set(r.ids).size).toBe(3);
    await s.flush();
    const logged = await readPredictions(db, { deployment: 'endpoint:churn@champion' });
    expect(logged.map((l) => l.id)).toEqual(r.ids);
    expect(logged[0]).toMatchObject({ arm: 'primary', version: 1, model: 'churn', inputs: recs[0], output: r.predictions[0].output, shadowOf: null });
    // The registry moves the alias in another context and posts on the channel.
    const m = (await db.get('registeredModels', 'churn'))!;
    await db.put('registeredModels', { ...m, aliases: { ...m.aliases, champion: 2 } });
    notifyRegistry('churn');
    await expect.poll(async () => (await s.predict('churn', 'champion', recs)).version, { timeout: 2000 }).toBe(2);
  });

  it('refuses unknown models and aliases (listing the valid ones), bad requests and signature violations', async () => {
    const s = service();
    const err = async (p: Promise<unknown>) => errorInfo(await p.then(() => expect.fail('should fail'), (e: unknown) => e));
    expect(await err(s.predict('nope', 'champion', [{}]))).toMatchObject({ code: 'UNKNOWN_MODEL', detail: { model: 'nope', aliases: [] } });
    const alias = await err(s.predict('churn', 'prod', [{ x1: 1 }]));
    expect(alias).toMatchObject({ code: 'UNKNOWN_MODEL', detail: { model: 'churn', alias: 'prod', aliases: ['champion', 'challenger'] } });
    expect(alias.message).toMatch(/no alias "prod"; its aliases are champion \(v\d\), challenger \(v2\)/);
    expect((await err(s.predict('churn', 'challenger', {} as never))).code).toBe('BAD_REQUEST');
    expect((await err(s.predict('churn', 'challenger', []))).code).toBe('BAD_REQUEST');
    expect((await err(s.predict('churn', 'challenger', [1, 2] as never))).code).toBe('BAD_REQUEST');
    const recs = records(3);
    recs[1] = { color: 'red' };
    const v = await err(s.predict('churn', 'challenger', recs));
    expect(v.code).toBe('SIGNATURE_VIOLATION');
    expect(v.detail.rows).toEqual([{ row: 1, violations: [expect.objectContaining({ column: 'x1', kind: 'missing' })] }]);
    expect(v.message).toMatch(/1 of 3 records .* record 2 \(index 1\): 'x1' is required/);
    // Refused requests are still counted in the log (the refused row with a null output).
    await s.flush();
    const rows = await readPredictions(db, { deployment: 'endpoint:churn@challenger' });
    expect(rows.filter((x) => x.output === null)).toHaveLength(1);
  });
});

describe('deployments', () => {
  it('canary: 20% of 2,000 requests to the candidate, counted per arm in the stats', async () => {
    const d = await createDeployment(db, { model: 'canary', alias: 'champion', strategy: 'canary', primary: { alias: 'champion' }, candidate: { alias: 'challenger' }, canaryPercent: 20 });
    const s = service({ random: mulberry32(11) });
    const N = 2000, recs = records(1);
    let candidate = 0;
    for (let i = 0; i < N; i++) {
      const r = await s.predict('canary', 'champion', recs);
      expect(r.deployment).toBe(d.id);
      if (r.arm === 'candidate') { candidate++; expect(r.version).toBe(2); } else expect(r.version).toBe(1);
    }
    expect(Math.abs(candidate - 0.2 * N)).toBeLessThanOrEqual(4 * Math.sqrt(N * 0.2 * 0.8));
    await s.flush();
    const st = await predictionStats(db, { deployment: d.id });
    expect(st.total).toBe(N);
    expect(st.arms.map((a) => [a.arm, a.version, a.count])).toEqual([['primary', 1, N - candidate], ['candidate', 2, candidate]]);
    expect(st.latencyP50).toBeGreaterThanOrEqual(0);
    // Share 0 (a canary rollback): everything to the primary, heard through the channel.
    await rollbackDeployment(db, d.id);
    await expect.poll(async () => { for (let i = 0; i < 50; i++) if ((await s.predict('canary', 'champion', recs)).arm === 'candidate') return false; return true; }, { timeout: 2000 }).toBe(true);
    await setCanaryPercent(db, d.id, 100);
    await expect.poll(async () => (await s.predict('canary', 'champion', recs)).arm, { timeout: 2000 }).toBe('candidate');
    const history = (await db.get('deployments', d.id))!.history.map((e) => e.action);
    expect(history).toEqual(['create', 'rollback', 'share']);
    await expect(createDeployment(db, { model: 'canary', alias: 'champion', strategy: 'single', primary: { version: 1 } })).rejects.toThrow(/already has an active deployment/);
    await expect(createDeployment(db, { model: 'canary', alias: 'beta', strategy: 'canary', primary: { version: 1 } })).rejects.toThrow(/needs a candidate/);
    await expect(createDeployment(db, { model: 'canary', alias: 'beta', strategy: 'canary', primary: { version: 1 }, candidate: { version: 9 } })).rejects.toThrow(/no version 9/);
    await expect(createDeployment(db, { model: 'canary', alias: 'beta', strategy: 'canary', primary: { version: 1 }, candidate: { version: 2 }, canaryPercent: 120 })).rejects.toThrow(/0 to 100/);
    await expect(createDeployment(db, { model: 'canary', alias: 'beta', strategy: 'canary', primary: { version: 1 }, candidate: { version: 2 }, stickyKey: 'user' })).rejects.toThrow(/sticky key "user" is not an input/);
  });

  it('shadow: the primary answers, the candidate copy is logged (shadowOf) and never returned; agreement in the stats', async () => {
    const d = await createDeployment(db, { model: 'shadow', alias: 'champion', strategy: 'shadow', primary: { alias: 'champion' }, candidate: { version: 2 } });
    const s = service();
    const p1 = await loadPredictor((await db.get('modelVersions', ['shadow', 1]))!);
    const p2 = await loadPredictor((await db.get('modelVersions', ['shadow', 2]))!);
    const recs = records(40, 5);
    const r = await s.predict('shadow', 'champion', recs);
    expect(r).toMatchObject({ strategy: 'shadow', version: 1, arm: 'primary' });
    expect(r.predictions).toEqual(await p1.predictRecords(recs));
    expect(r.shadow?.version).toBe(2);
    expect(r.shadow?.predictions).toEqual(await p2.predictRecords(recs));
    // The two versions differ somewhere (C = 0.01 vs 1), so returning the candidate would be caught.
    expect(r.predictions.map((p) => p.proba)).not.toEqual(r.shadow?.predictions.map((p) => p.proba));
    await s.flush();
    const rows = await readPredictions(db, { deployment: d.id });
    expect(rows).toHaveLength(80);
    const shadows = rows.filter((x) => x.arm === 'shadow');
    expect(shadows.map((x) => x.shadowOf)).toEqual(r.ids);
    expect(shadows.every((x) => x.version === 2 && !r.ids.includes(x.id))).toBe(true);
    const st = await predictionStats(db, { deployment: d.id });
    const agreed = r.predictions.filter((p, i) => p.output === r.shadow!.predictions[i].output).length;
    expect(st.shadow).toMatchObject({ compared: 40, agreed, rate: agreed / 40 });
  });

  it('blue-green: switch and roll back, recorded, heard by another service through the registry channel', async () => {
    const d = await createDeployment(db, { model: 'bg', alias: 'champion', strategy: 'blue-green', primary: { version: 1 }, candidate: { version: 2 } });
    const s = service(), recs = records(2);
    expect(await s.predict('bg', 'champion', recs)).toMatchObject({ arm: 'blue', version: 1 });
    await expect(rollbackDeployment(db, d.id)).rejects.toThrow(/never switched/);
    await switchLive(db, d.id);
    await expect.poll(async () => (await s.predict('bg', 'champion', recs)).version, { timeout: 2000 }).toBe(2);
    expect((await s.predict('bg', 'champion', recs)).arm).toBe('green');
    await rollbackDeployment(db, d.id);
    await expect.poll(async () => (await s.predict('bg', 'champion', recs)).arm, { timeout: 2000 }).toBe('blue');
    const rec = (await db.get('deployments', d.id))!;
    expect(rec.history.map((e) => [e.action, e.detail])).toEqual([
      ['create', 'blue-green on bg@champion: primary v1, candidate v2'], ['switch', 'live blue → green (v2)'], ['rollback', 'rolled back: live green → blue (v1)'],
    ]);
    await stopDeployment(db, d.id);
    await expect.poll(async () => (await s.predict('bg', 'champion', recs)).deployment, { timeout: 2000 }).toBeNull();
  });
});

describe('prediction log', () => {
  it('labels attach to known ids only; per-arm accuracy follows', async () => {
    const s = service();
    const r = await s.predict('labels', 'champion', records(10));
    const labels = r.predictions.map((p, i) => ({ id: r.ids[i], label: i < 6 ? (p.output as string) : p.output === 'yes' ? 'no' : 'yes' }));
    const out = await s.attachLabels([...labels, { id: 'not-a-prediction', label: 'yes' }]);
    expect(out).toEqual({ attached: 10, unknown: ['not-a-prediction'] });
    expect((await db.get('labels', r.ids[0]))?.label).toBe(labels[0].label);
    const st = await predictionStats(db, { deployment: 'endpoint:labels@champion' });
    expect(st.arms[0]).toMatchObject({ labelled: 10, accuracy: 0.6 });
    await expect(attachLabels(db, [{ id: r.ids[0], label: { a: 1 } as never }])).rejects.toThrow(/must be a string or a finite number/);
  });

  it('no prediction lost: 300 concurrent requests (3,000 rows), flush, reopen the database, count = 3,000', async () => {
    const s = service();
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => s.predict('lost', 'champion', records(10, i + 1))));
    const ids = new Set(results.flatMap((r) => r.ids));
    expect(ids.size).toBe(3000);
    await s.flush();
    expect(s.log!.pending).toBe(0);
    // Group commit: far fewer transactions than requests.
    expect(s.log!.stats.transactions).toBeLessThan(300);
    const again = await open();
    try {
      expect(await countPredictions(again, { deployment: 'endpoint:lost@champion' })).toBe(3000);
      const stored = new Set((await readPredictionBatches(again, { deployment: 'endpoint:lost@champion' })).flatMap((b) => b.ids));
      expect([...ids].every((id) => stored.has(id))).toBe(true);
    } finally {
      again.close();
    }
  });

  it('sustains well over 20,000 logged predictions a second (figure printed, not asserted on time)', async () => {
    const log = new PredictionLog(async () => db);
    const N = 100_000, row = (i: number): LogRow => ({
      id: crypto.randomUUID(), time: Date.now(), arm: 'primary', version: 1, latency: 0.05, input: { x1: i / N, x2: 3.5, color: 'red' },
      output: 'yes', proba: [0.3, 0.7], classes: ['no', 'yes'], violations: [], shadowOf: null,
    });
    const t0 = performance.now();
    for (let i = 0; i < N; i += 100) {
      log.append('bench', 'bench', Array.from({ length: 100 }, (_, k) => row(i + k)));
      if (i % 5000 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    await log.flush();
    const s = (performance.now() - t0) / 1000;
    console.log(`prediction log: ${N} rows in ${s.toFixed(2)} s = ${Math.round(N / s)} rows/s, ${log.stats.transactions} transactions`);
    expect(await countPredictions(db, { deployment: 'bench' })).toBe(N);
    // Labels find their predictions by scanning the log: 100k+ logged rows.
    const last = (await readPredictions(db, { deployment: 'bench', limit: 2 })).map((r) => r.id);
    const t1 = performance.now();
    expect(await attachLabels(db, [{ id: last[0], label: 'yes' }, { id: last[1], label: 'no' }, { id: 'missing', label: 'no' }])).toEqual({ attached: 2, unknown: ['missing'] });
    console.log(`labels: 3 ids looked up over ${N} logged predictions in ${(performance.now() - t1).toFixed(0)} ms`);
  });
});
