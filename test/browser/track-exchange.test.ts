/**
 * Export and import of runs on real IndexedDB: a JSON round trip into a fresh database gives the
 * same records, histories and artifacts; bad files are refused whole; CSV has the documented columns.
 */
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../src/lib/errors';
import { openBenchtopDB, type DB } from '../../src/lib/store';
import { ensureExperiment, getArtifact, getRun, listArtifacts, listExperiments, metricHistory, startRun } from '../../src/lib/track';
import { exportRunsCsv, exportRunsJson, importRunsJson, type RunsFile } from '../../src/lib/track/exchange';
import { pushRuns } from '../../src/lib/track/mlflow';

const fresh = () => openBenchtopDB({}, `track-exchange-${crypto.randomUUID()}`);
const KEYS = ['loss', 'accuracy', 'grad_norm'];

/** Two runs, a parent and a failed child, written through the tracking API. */
async function writeRuns(db: DB): Promise<[string, string]> {
  const parent = await startRun(db, { experiment: 'exp-x', name: 'search', params: { C: 1, note: 'a, "b"' }, tags: { team: 'risk' }, env: { backend: 'wasm', cores: 8 } });
  for (let step = 0; step < 1500; step++) parent.logMetric('loss', 1 / (step + 1), step);
  parent.logMetrics({ accuracy: 0.9, grad_norm: Infinity });
  await parent.logArtifact('evaluation.json', '{"a":1}', 'application/json');
  await parent.logArtifact('model/weights.bin', new Uint8Array([0, 1, 2, 128, 255]).buffer, 'application/octet-stream');
  const child = await startRun(db, {
    experiment: 'exp-x', parentId: parent.id, params: { C: 0.5 },
    inputs: [{ datasetId: 'd1', versionId: 'f'.repeat(64), digest: 'f'.repeat(64), context: 'training', recipeId: null, rows: 100 }],
  });
  child.logMetric('accuracy', 0.8, 0);
  await child.end('FAILED', { code: 'BAD_TRAINING_INPUT', message: 'no rows' });
  await parent.end('FINISHED');
  return [parent.id, child.id];
}

async function counts(db: DB): Promise<number[]> {
  return Promise.all((['experiments', 'runs', 'metrics', 'artifacts'] as const).map((s) => db.count(s)));
}

const refusal = async (p: Promise<unknown>) => errorInfo(await p.then(() => 'no error', (e) => e));

describe('runs export and import on real IndexedDB', () => {
  it('round-trips runs, metric histories and artifacts into a fresh database, then skips them', async () => {
    const src = await fresh();
    const ids = await writeRuns(src);
    const text = await exportRunsJson(src, ids);
    expect(JSON.parse(text)).toMatchObject({ format: 'benchtop-runs-v1', experiments: [{ name: 'exp-x' }] });
    const dst = await fresh();
    expect(await importRunsJson(dst, text)).toEqual({ runs: 2, experiments: 1, skipped: 0 });
    expect(await listExperiments(dst)).toEqual(await listExperiments(src));
    for (const id of ids) {
      expect(await getRun(dst, id)).toEqual(await getRun(src, id));
      for (const key of KEYS) expect(await metricHistory(dst, id, key)).toEqual(await metricHistory(src, id, key));
      expect(await listArtifacts(dst, id)).toEqual(await listArtifacts(src, id));
      for (const { path } of await listArtifacts(src, id)) expect(await getArtifact(dst, id, path)).toEqual(await getArtifact(src, id, path));
    }
    expect((await metricHistory(dst, ids[0], 'loss')).length).toBe(1500);
    expect((await getRun(dst, ids[0]))?.metrics.grad_norm).toBe(Infinity);
    const bin = await getArtifact(dst, ids[0], 'model/weights.bin');
    expect([...new Uint8Array(bin!.data as ArrayBuffer)]).toEqual([0, 1, 2, 128, 255]);
    expect(await counts(dst)).toEqual(await counts(src));
    expect(await importRunsJson(dst, text)).toEqual({ runs: 0, experiments: 0, skipped: 2 });
    src.close();
    dst.close();
  });

  it('matches experiments by name, and refuses a changed run unless replace (all or nothing)', async () => {
    const src = await fresh();
    const ids = await writeRuns(src);
    const file = JSON.parse(await exportRunsJson(src, ids)) as RunsFile;
    const dst = await fresh();
    const here = await ensureExperiment(dst, 'exp-x');
    expect(await importRunsJson(dst, JSON.stringify({ ...file, runs: [file.runs[1]] }))).toEqual({ runs: 1, experiments: 0, skipped: 0 });
    expect((await getRun(dst, ids[1]))?.experimentId).toBe(here.id);
    file.runs[1].run.name = 'renamed';
    const before = await counts(dst);
    const err = await refusal(importRunsJson(dst, JSON.stringify(file)));
    expect(err.code).toBe('IMPORT_CONFLICT');
    expect(err.message).toContain(ids[1]);
    expect(err.message).toContain('replace');
    expect(await counts(dst)).toEqual(before); // the parent, valid and new, was not written either
    expect(await importRunsJson(dst, JSON.stringify(file), { replace: true })).toEqual({ runs: 2, experiments: 0, skipped: 0 });
    expect((await getRun(dst, ids[1]))?.name).toBe('renamed');
    expect((await metricHistory(dst, ids[1], 'accuracy')).map((m) => m.value)).toEqual([0.8]);
    src.close();
    dst.close();
  });

  it('refuses a truncated file, another tool’s file and a bad record clearly, writing nothing', async () => {
    const src = await fresh();
    const ids = await writeRuns(src);
    const text = await exportRunsJson(src, ids);
    const dst = await fresh();
    const cases: [string, string | RegExp][] = [
      [text.slice(0, Math.floor(text.length / 2)), 'not valid JSON'],
      [JSON.stringify({ format: 'mlflow', runs: [] }), "format is 'mlflow'; Benchtop imports 'benchtop-runs-v1' files"],
      ['[1, 2]', 'expected a JSON object'],
    ];
    const mutate = (fn: (f: RunsFile) => void): string => {
      const f = JSON.parse(text) as RunsFile;
      fn(f);
      return JSON.stringify(f);
    };
    cases.push([mutate((f) => ((f.runs[1].run as { status: string }).status = 'DONE')), "runs[1].run.status is 'DONE'; statuses are RUNNING, FINISHED, FAILED, KILLED"]);
    cases.push([mutate((f) => (f.runs[0].run.params['bad:key'] = '1')), 'runs[0].run.params["bad:key"]: The param key']);
    cases.push([mutate((f) => (f.runs[0].metrics[3].step = 1.5)), 'runs[0].metrics[3].step is 1.5; expected a whole number']);
    cases.push([mutate((f) => (f.runs[0].artifacts[1].data = '%%%')), 'runs[0].artifacts[1].data']);
    cases.push([mutate((f) => (f.runs[0].artifacts[0].size = 99)), 'the data holds 7 bytes']);
    cases.push([mutate((f) => (f.runs[1].run.experimentId = 'nope')), "runs[1].run.experimentId is 'nope'"]);
    for (const [bad, message] of cases) {
      const err = await refusal(importRunsJson(dst, bad));
      expect(err.code).toBe('BAD_IMPORT');
      expect(err.message).toContain('nothing was changed');
      if (typeof message === 'string') expect(err.message).toContain(message);
    }
    expect(await counts(dst)).toEqual([0, 0, 0, 0]);
    src.close();
    dst.close();
  });

  it('exports runs as CSV with the documented header and RFC 4180 quoting', async () => {
    const db = await fresh();
    const ids = await writeRuns(db);
    const runs = await Promise.all(ids.map(async (id) => (await getRun(db, id))!));
    const lines = exportRunsCsv(runs).split('\r\n');
    expect(lines[0]).toBe('run_id,name,experiment_id,status,start_time,end_time,duration_s,params.C,params.note,metrics.accuracy,metrics.grad_norm,metrics.loss,tags.team');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const [parent, child] = runs;
    expect(lines[1]).toBe(
      [parent.id, 'search', parent.experimentId, 'FINISHED', new Date(parent.start).toISOString(), new Date(parent.end!).toISOString(), String((parent.end! - parent.start) / 1000), '1', '"a, ""b"""', '0.9', 'Infinity', String(1 / 1500), 'risk'].join(','),
    );
    expect(lines[2]).toBe([child.id, child.name, child.experimentId, 'FAILED', new Date(child.start).toISOString(), new Date(child.end!).toISOString(), String((child.end! - child.start) / 1000), '0.5', '', '0.8', '', '', ''].join(','));
    db.close();
  });

  it('pushes stored runs to MLflow through a given fetch: the child after its parent, with its final status', async () => {
    const db = await fresh();
    const [parentId, childId] = await writeRuns(db);
    const sent: { method: string; path: string; body: unknown }[] = [];
    const fake: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
      sent.push({ method: init?.method ?? 'GET', path: url.pathname, body });
      if (url.pathname.endsWith('/experiments/get-by-name')) return Response.json({ experiment: { experiment_id: '7', lifecycle_stage: 'active' } });
      if (url.pathname.endsWith('/runs/create')) return Response.json({ run: { info: { run_id: `${sent.length}`.padStart(32, '0') } } });
      return Response.json({});
    };
    const { pushed } = await pushRuns(db, [childId, parentId], { server: 'http://mlflow.test:5000', fetch: fake });
    expect(pushed.map((p) => p.runId)).toEqual([parentId, childId]);
    const creates = sent.filter((r) => r.path.endsWith('/runs/create')).map((r) => r.body as { experiment_id: string; tags: { key: string; value: string }[] });
    expect(creates.map((c) => c.experiment_id)).toEqual(['7', '7']);
    expect(creates[1].tags).toContainEqual({ key: 'mlflow.parentRunId', value: pushed[0].mlflowRunId });
    expect(sent.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      `/api/2.0/mlflow-artifacts/artifacts/7/${pushed[0].mlflowRunId}/artifacts/evaluation.json`,
      `/api/2.0/mlflow-artifacts/artifacts/7/${pushed[0].mlflowRunId}/artifacts/model/weights.bin`,
    ]);
    const updates = sent.filter((r) => r.path.endsWith('/runs/update')).map((r) => r.body);
    expect(updates).toMatchObject([{ run_id: pushed[0].mlflowRunId, status: 'FINISHED' }, { run_id: pushed[1].mlflowRunId, status: 'FAILED' }]);
    const childTags = sent.filter((r) => r.path.endsWith('/runs/log-batch') && (r.body as { run_id: string }).run_id === pushed[1].mlflowRunId).flatMap((r) => (r.body as { tags: unknown[] }).tags);
    expect(childTags).toContainEqual({ key: 'benchtop.error.code', value: 'BAD_TRAINING_INPUT' });
    const metrics = sent.filter((r) => r.path.endsWith('/runs/log-batch')).flatMap((r) => (r.body as { metrics: { key: string; value: unknown }[] }).metrics);
    expect(metrics.filter((m) => m.key === 'loss')).toHaveLength(1500);
    expect(metrics.find((m) => m.key === 'grad_norm')?.value).toBe('Infinity');
    db.close();
  });
});
