/**
 * The serving workers through src/bridge/serve.ts: predictions (equal to the predictor run on the
 * page), a deployment change taking effect at once, the log read back, batch scoring of a CSV and
 * of an imported dataset version (refused rows reported in the CSV), and cancelling a batch job.
 * Writes registry records into the app's database under model names of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestBridge } from '../../src/bridge/ingest';
import { ServeBridge } from '../../src/bridge/serve';
import { errorInfo } from '../../src/lib/errors';
import { openBenchtopDB, type DB } from '../../src/lib/store/db';
import { loadPredictor } from '../../src/lib/serve/predictor';
import { makeVersion, records } from '../unit/serve/fixtures';

const serve = new ServeBridge();
const ingest = new IngestBridge();
const NAME = `worker-${crypto.randomUUID().slice(0, 8)}`;
let db: DB;

beforeAll(async () => {
  db = await openBenchtopDB();
  const v1 = await makeVersion('logistic-regression', 'multiclass', { name: NAME, version: 1 });
  const v2 = await makeVersion('decision-tree', 'multiclass', { name: NAME, version: 2 });
  const now = Date.now();
  await db.put('registeredModels', { name: NAME, description: '', tags: {}, aliases: { champion: 1, challenger: 2 }, latestVersion: 2, created: now, updated: now });
  await db.put('modelVersions', v1.version);
  await db.put('modelVersions', v2.version);
});
afterAll(() => { serve.dispose(); ingest.dispose(); db.close(); });

const csvOf = (recs: Record<string, unknown>[]) => ['x1,x2,color', ...recs.map((r) => `${r.x1 ?? ''},${r.x2 ?? ''},${r.color ?? ''}`)].join('\n');

describe('serving worker', () => {
  it('predicts what the predictor says, and logs it', async () => {
    const recs = records(5);
    const r = await serve.predict(NAME, 'champion', recs);
    const p = await loadPredictor((await db.get('modelVersions', [NAME, 1]))!);
    expect(r.version).toBe(1);
    expect(r.predictions).toEqual(await p.predictRecords(recs));
    const rows = await serve.readPredictions({ deployment: `endpoint:${NAME}@champion` });
    expect(rows.map((x) => x.id)).toEqual(r.ids);
    const models = await serve.listModels();
    expect(models.find((m) => m.name === NAME)).toMatchObject({ aliases: { champion: 1, challenger: 2 }, deployments: [] });
    // Single-row latency through the worker (a figure for the record; the benchmark measures it properly).
    const t: number[] = [];
    for (let i = 0; i < 200; i++) { const t0 = performance.now(); await serve.predict(NAME, 'champion', [recs[i % 5]]); t.push(performance.now() - t0); }
    t.sort((a, b) => a - b);
    console.log(`single-row predict through the worker: p50 ${t[100].toFixed(3)} ms, p99 ${t[198].toFixed(3)} ms`);
  });

  it('a deployment change through the worker takes effect on the next request; errors keep their code', async () => {
    const d = await serve.createDeployment({ model: NAME, alias: 'champion', strategy: 'blue-green', primary: { alias: 'champion' }, candidate: { alias: 'challenger' } });
    expect((await serve.predict(NAME, 'champion', records(1))).arm).toBe('blue');
    await serve.switchLive(d.id);
    expect(await serve.predict(NAME, 'champion', records(1))).toMatchObject({ arm: 'green', version: 2 });
    expect((await serve.deployments({ model: NAME })).map((x) => x.live)).toEqual(['green']);
    await serve.stopDeployment(d.id);
    expect((await serve.predict(NAME, 'champion', records(1))).deployment).toBeNull();
    const e = errorInfo(await serve.predict(NAME, 'nope', records(1)).catch((x: unknown) => x));
    expect(e).toMatchObject({ code: 'UNKNOWN_MODEL', detail: { aliases: ['champion', 'challenger'] } });
    const stats = await serve.predictionStats({ deployment: d.id });
    expect(stats.arms.map((a) => a.arm)).toEqual(['blue', 'green']);
  });
});

describe('batch scoring worker', () => {
  it('scores a CSV: input columns, prediction, a probability per class, refused rows reported with the reason', async () => {
    const recs = records(25);
    recs[7] = { x1: 'abc', x2: 1, color: 'red' };
    const progress: number[] = [];
    const out = await serve.batchScore('job-1', { model: NAME, alias: 'champion', source: { kind: 'csv', text: csvOf(recs) }, chunkRows: 10 }, (p) => progress.push(p.done));
    expect(out).toMatchObject({ version: 1, path: 'raw', rows: 25, predicted: 24, refusedCount: 1 });
    expect(out.refused).toEqual([{ row: 7, violations: [expect.objectContaining({ kind: 'type', column: 'x1' })] }]);
    expect(progress).toEqual(expect.arrayContaining([10, 20, 25]));
    const lines = (await out.csv.text()).trim().split('\n');
    const p = await loadPredictor((await db.get('modelVersions', [NAME, 1]))!);
    expect(lines[0]).toBe(`x1,x2,color,prediction,${p.classes!.map((c) => `proba_${c}`).join(',')},error`);
    expect(lines).toHaveLength(26);
    const want = await p.predictRecords(recs.filter((_, i) => i !== 7).map((r) => ({ ...r, x1: Number(r.x1), ...(r.x2 === undefined ? {} : { x2: Number(r.x2) }) })));
    const got = lines.slice(1).filter((_, i) => i !== 7).map((l) => l.split(',')[3]);
    expect(got).toEqual(want.map((w) => w.output));
    expect(lines[8]).toBe(`abc,1,red,,,,,"'x1' must be a number; got ""abc""."`);
    expect(out.logged).toEqual({ deployment: `batch:${NAME}@1`, rows: 25, sampled: false });
  });

  it('scores an imported dataset version through the raw path', async () => {
    const recs = records(40, 3);
    const file = new File([csvOf(recs)], 'batch.csv', { type: 'text/csv' });
    const pv = await ingest.preview(file);
    const src = await ingest.importFile(crypto.randomUUID(), file, { name: `batch-${NAME}`, format: pv.format, delimiter: pv.delimiter, columns: pv.columns, fixed: pv.columns.map(() => false), skipMalformed: false }, { fileName: pv.fileName, size: pv.size, sourceSample: pv.sourceSample }, () => {});
    const out = await serve.batchScore('job-2', { model: NAME, version: 2, source: { kind: 'dataset', versionId: src.versionId }, log: false }, () => {});
    expect(out).toMatchObject({ version: 2, path: 'raw', rows: 40, predicted: 40, refusedCount: 0, logged: null });
    const p2 = await loadPredictor((await db.get('modelVersions', [NAME, 2]))!);
    const want = (await p2.predictRecords(recs)).map((w) => w.output);
    expect((await out.csv.text()).trim().split('\n').slice(1).map((l) => l.split(',')[3])).toEqual(want);
  });

  it('scores an MLP batch on tfjs WASM in the batch worker, with the answers of the plain-JS pass', async () => {
    const made = await makeVersion('mlp', 'multiclass', { name: NAME, version: 3, params: { hidden_layer_sizes: '16', max_iter: 20 } });
    await db.put('modelVersions', made.version);
    const recs = records(6000, 8);
    const out = await serve.batchScore('job-mlp', { model: NAME, version: 3, source: { kind: 'csv', text: csvOf(recs) }, log: false }, () => {});
    expect(out).toMatchObject({ rows: 6000, predicted: 6000 });
    const p = await loadPredictor(made.version);
    const want = (await p.predictRecords(recs)).map((w) => w.output);
    expect((await out.csv.text()).trim().split('\n').slice(1).map((l) => l.split(',')[3])).toEqual(want);
  });

  it('cancels a running batch job between chunks', async () => {
    const recs = records(60_000, 4);
    const job = serve.batchScore('job-3', { model: NAME, alias: 'champion', source: { kind: 'csv', text: csvOf(recs) }, chunkRows: 500, log: false }, (p) => {
      if (p.phase === 'score' && p.done >= 1000) void serve.cancelBatch('job-3');
    });
    const e = errorInfo(await job.then(() => null, (x: unknown) => x));
    expect(e.code).toBe('CANCELLED');
    // The prediction worker was never blocked by the batch worker.
    expect((await serve.predict(NAME, 'challenger', records(1))).version).toBe(2);
  });
});
