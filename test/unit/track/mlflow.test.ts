/**
 * The MLflow push against a stand-in tracking server (node:http) that records every request and
 * answers the way MLflow's REST API 2.0 does.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import type { RunRecord } from '../../../src/lib/store/track-schema';
import type { RunBundle } from '../../../src/lib/track/exchange-bundle';
import { logBatches } from '../../../src/lib/track/mlflow-batch';
import { pushRunBundles } from '../../../src/lib/track/mlflow';

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Answers like MLflow: get-by-name 404 until the experiment is created, ids for creates, {} otherwise. */
async function standIn(failOn?: string): Promise<{ url: string; requests: Recorded[]; server: Server }> {
  const requests: Recorded[] = [];
  const experiments = new Map<string, string>();
  let runs = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const json = req.headers['content-type'] === 'application/json';
      const body = json ? JSON.parse(raw.toString('utf8')) : raw;
      const url = new URL(req.url!, 'http://x');
      requests.push({ method: req.method!, path: url.pathname + url.search, headers: req.headers, body });
      const answer = (status: number, payload: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload));
      if (failOn && url.pathname.endsWith(failOn)) return answer(500, { error_code: 'INTERNAL_ERROR', message: 'database is locked' });
      if (url.pathname === '/api/2.0/mlflow/experiments/get-by-name') {
        const id = experiments.get(url.searchParams.get('experiment_name')!);
        if (!id) return answer(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Could not find experiment' });
        return answer(200, { experiment: { experiment_id: id, name: url.searchParams.get('experiment_name'), lifecycle_stage: 'active' } });
      }
      if (url.pathname === '/api/2.0/mlflow/experiments/create') {
        const id = String(experiments.size + 1);
        experiments.set((body as { name: string }).name, id);
        return answer(200, { experiment_id: id });
      }
      if (url.pathname === '/api/2.0/mlflow/runs/create') {
        const runId = (++runs).toString(16).padStart(32, 'a');
        const exp = (body as { experiment_id: string }).experiment_id;
        return answer(200, { run: { info: { run_id: runId, experiment_id: exp, artifact_uri: `mlflow-artifacts:/${exp}/${runId}/artifacts`, status: 'RUNNING' } } });
      }
      answer(200, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const T0 = 1_735_689_600_000;
function bundle(id: string, over: Partial<RunRecord>, metrics: RunBundle['metrics'], artifacts: RunBundle['artifacts'] = []): RunBundle {
  const run: RunRecord = {
    id, experimentId: 'e1', parentId: null, name: `run-${id.slice(0, 4)}`, status: 'FINISHED', start: T0, end: T0 + 90_000, params: {}, tags: {},
    note: '', inputs: [], env: {}, metrics: {}, lifecycle: 'active', ...over,
  };
  return { run, experimentName: 'churn', metrics, artifacts, datasetNames: { ds1: 'customers' } };
}

const parentId = 'a'.repeat(32);
const childId = 'b'.repeat(32);
const params = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`p${i}`, String(i)]));
const loss = Array.from({ length: 2500 }, (_, step) => ({ key: 'loss', step, value: 1 / (step + 1), timestamp: T0 + step }));
const weights = new Uint8Array([0, 1, 2, 250, 255]).buffer;
const parent = bundle(
  parentId,
  {
    params, tags: { team: 'risk', 'model.kind': 'mlp' }, note: 'first try', env: { backend: 'wasm', cores: 8 },
    inputs: [{ datasetId: 'ds1', versionId: 'f'.repeat(64), digest: 'f'.repeat(64), context: 'training', recipeId: null, rows: 5000 }],
  },
  [...loss, { key: 'accuracy', step: 0, value: 0.91, timestamp: T0 }],
  [{ path: 'model/weights.bin', mediaType: 'application/octet-stream', data: weights, size: 5, created: T0 }],
);
const child = bundle(childId, { parentId, params: { C: '1' } }, [{ key: 'accuracy', step: 0, value: 0.9, timestamp: T0 + 5 }]);

let open: Server | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

describe('pushRunBundles against an MLflow stand-in', () => {
  it('creates the experiment, pushes parent then child in MLflow’s documented shapes and limits', async () => {
    const { url, requests, server } = await standIn();
    open = server;
    const progress: [number, number][] = [];
    const result = await pushRunBundles([child, parent], { server: `${url}/`, token: 'secret', progress: (d, t) => progress.push([d, t]) });
    expect(result.pushed.map((p) => p.runId)).toEqual([parentId, childId]);
    const [pMl, cMl] = result.pushed.map((p) => p.mlflowRunId);

    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn' });
    expect(requests[1]).toMatchObject({ method: 'POST', path: '/api/2.0/mlflow/experiments/create', body: { name: 'churn' } });
    expect(requests[2]).toMatchObject({ method: 'POST', path: '/api/2.0/mlflow/runs/create', body: { experiment_id: '1', run_name: parent.run.name, start_time: T0 } });
    for (const r of requests) expect(r.headers.authorization).toBe('Bearer secret');
    for (const r of requests.filter((q) => q.method === 'POST')) expect(r.headers['content-type']).toBe('application/json');

    const batches = requests.filter((r) => r.path === '/api/2.0/mlflow/runs/log-batch').map((r) => r.body as { run_id: string; metrics: { key: string; value: unknown; timestamp: unknown; step: unknown }[]; params: { key: string; value: unknown }[]; tags: { key: string; value: string }[] });
    for (const b of batches) {
      expect(b.metrics.length).toBeLessThanOrEqual(1000);
      expect(b.params.length + b.tags.length).toBeLessThanOrEqual(100);
      expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(1000);
      for (const m of b.metrics) {
        expect(typeof m.value).toBe('number');
        expect(Number.isInteger(m.step) && Number.isInteger(m.timestamp)).toBe(true);
        expect(m.timestamp as number).toBeGreaterThan(1e12);
      }
      for (const p of b.params) expect(typeof p.value).toBe('string');
    }
    const ofParent = batches.filter((b) => b.run_id === pMl);
    expect(ofParent.flatMap((b) => b.metrics)).toHaveLength(2501);
    expect(ofParent.flatMap((b) => b.metrics).find((m) => m.key === 'loss' && m.step === 9)).toEqual({ key: 'loss', value: 0.1, timestamp: T0 + 9, step: 9 });
    expect(Object.fromEntries(ofParent.flatMap((b) => b.params).map((p) => [p.key, p.value]))).toEqual(params);
    expect(ofParent.flatMap((b) => b.tags)).toEqual(expect.arrayContaining([
      { key: 'team', value: 'risk' }, { key: 'mlflow.note.content', value: 'first try' }, { key: 'benchtop.env.cores', value: '8' },
    ]));
    expect(ofParent.length).toBe(4); // 100 params | 20 params + 5 tags + 975 metrics | 1000 | 526

    const inputs = requests.find((r) => r.path === '/api/2.0/mlflow/runs/log-inputs');
    expect(inputs?.body).toMatchObject({
      run_id: pMl,
      datasets: [{ dataset: { name: 'customers', digest: 'f'.repeat(36), source_type: 'benchtop' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] }],
    });
    expect(typeof (inputs?.body as { datasets: { dataset: { source: unknown } }[] }).datasets[0].dataset.source).toBe('string');

    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/api/2.0/mlflow-artifacts/artifacts/1/${pMl}/artifacts/model/weights.bin`);
    expect([...(put?.body as Buffer)]).toEqual([0, 1, 2, 250, 255]);
    expect(put?.headers['content-type']).toBe('application/octet-stream');

    const childCreate = requests.filter((r) => r.path === '/api/2.0/mlflow/runs/create')[1];
    expect((childCreate.body as { tags: unknown[] }).tags).toContainEqual({ key: 'mlflow.parentRunId', value: pMl });
    expect((requests[2].body as { tags: { key: string }[] }).tags.map((t) => t.key)).not.toContain('mlflow.parentRunId');

    const lastOf = (id: string) => requests.filter((r) => (r.body as { run_id?: string })?.run_id === id || r.path.includes(id)).at(-1)!;
    for (const [id, rec] of [[pMl, parent], [cMl, child]] as const) {
      expect(lastOf(id)).toMatchObject({ path: '/api/2.0/mlflow/runs/update', body: { run_id: id, status: 'FINISHED', end_time: rec.run.end } });
    }
    expect(requests.at(-1)?.path).toBe('/api/2.0/mlflow/runs/update');
    expect(requests.filter((r) => r.path.includes('get-by-name'))).toHaveLength(1);
    expect(progress.at(-1)).toEqual([requests.length - 2, requests.length - 2]);
  });

  it('shows the server’s error_code and message, and marks the half-pushed run FAILED', async () => {
    const { url, requests, server } = await standIn('/runs/log-batch');
    open = server;
    const err = errorInfo(await pushRunBundles([parent], { server: url }).catch((e) => e));
    expect(err.code).toBe('MLFLOW_ERROR');
    expect(err.message).toContain('INTERNAL_ERROR');
    expect(err.message).toContain('database is locked');
    expect(err.message).toContain('HTTP 500');
    expect(requests.at(-1)).toMatchObject({ path: '/api/2.0/mlflow/runs/update', body: { status: 'FAILED' } });
    expect(requests.some((r) => r.headers.authorization)).toBe(false);
  });

  it('explains a server it cannot reach (down, or blocked by CORS)', async () => {
    const { url, server } = await standIn();
    await new Promise((r) => server.close(r));
    const err = errorInfo(await pushRunBundles([parent], { server: url }).catch((e) => e));
    expect(err.code).toBe('SERVER_UNREACHABLE');
    expect(err.message).toContain(url);
    expect(err.message).toMatch(/blocked|reach/);
    expect(err.message).toContain('CORS');
    expect(err.message).toContain('--cors-allowed-origins');
  });

  it('refuses a bad server address, and a cancelled push, before any request', async () => {
    let calls = 0;
    const spy: typeof fetch = async () => (calls++, new Response('{}'));
    for (const server of ['localhost:5000', 'ftp://host/x', 'not a url', 'http://user:pw@host:5000', '']) {
      const err = errorInfo(await pushRunBundles([parent], { server, fetch: spy }).catch((e) => e));
      expect(err.code).toBe('BAD_SERVER_URL');
      expect(err.message).toContain('http://');
    }
    const ac = new AbortController();
    ac.abort();
    expect(errorInfo(await pushRunBundles([parent], { server: 'http://h:5000', fetch: spy, signal: ac.signal }).catch((e) => e)).code).toBe('CANCELLED');
    expect(calls).toBe(0);
  });
});

describe('logBatches', () => {
  it('packs params and tags (≤100 together) and metrics (≤1000, ≤1000 entities) into few requests', () => {
    const kv = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ key: `${p}${i}`, value: 'v' }));
    const metric = (n: number) => Array.from({ length: n }, (_, step) => ({ key: 'm', value: step, timestamp: T0, step }));
    expect(logBatches([], [], [])).toEqual([]);
    const sizes = logBatches(kv(150, 'p'), kv(60, 't'), metric(2000)).map((b) => [b.params.length, b.tags.length, b.metrics.length]);
    expect(sizes).toEqual([[100, 0, 0], [50, 50, 0], [0, 10, 990], [0, 0, 1000], [0, 0, 10]]);
    // Long values: the 1 MB request limit cuts before the count limits do.
    const big = logBatches([], Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: 'é'.repeat(8000) })), []);
    expect(big.length).toBeGreaterThan(1);
    for (const b of big) expect(new TextEncoder().encode(JSON.stringify(b)).byteLength).toBeLessThan(1_000_000);
  });
});
