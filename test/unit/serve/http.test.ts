// The prediction API's HTTP mapping (src/lib/serve/http.ts) over a fake Serving: routes, bodies,
// every error status and the JSON error shape; the candidate's shadow answers never leak.
import { describe, expect, it } from 'vitest';
import { BenchtopError } from '../../../src/lib/errors';
import type { InputRecord, RowPrediction, ServeResult, ServedModel, Serving } from '../../../src/lib/serve/contract';
import { apiRoute, handleApiRequest } from '../../../src/lib/serve/http';

const SIGNATURE = {
  inputs: [{ name: 'x', type: 'float' as const, required: true, min: 0, max: 10 }],
  output: { name: 'y', task: 'binary' as const, classes: ['no', 'yes'] },
};

/** A served model 'iris' with alias champion → 2; predicts 'yes' when x > 5; refuses rows without a numeric x. */
class FakeServing implements Serving {
  calls: { model: string; alias: string; records: readonly InputRecord[]; source?: string }[] = [];
  labels: { id: string; label: string | number }[] = [];
  failWith: unknown = null;
  async predict(model: string, alias: string, records: readonly InputRecord[], opts?: { source?: string }): Promise<ServeResult> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ model, alias, records, source: opts?.source });
    if (model !== 'iris') throw new BenchtopError('UNKNOWN_MODEL', `No registered model "${model}"; models: iris.`, { model });
    if (alias !== 'champion') throw new BenchtopError('UNKNOWN_MODEL', `iris has no alias "${alias}"; aliases: champion.`, { model, alias });
    const predictions: RowPrediction[] = records.map((r) => {
      if (typeof r.x !== 'number') return { output: null, proba: null, violations: [{ column: 'x', kind: r.x === undefined ? 'missing' : 'type', message: `x must be a number, got ${JSON.stringify(r.x)}` }] };
      const p = r.x > 5 ? 0.9 : 0.2;
      return { output: p > 0.5 ? 'yes' : 'no', proba: [1 - p, p], violations: r.x > 10 ? [{ column: 'x', kind: 'range', message: 'x above 10' }] : [] };
    });
    const shadow = { version: 3, predictions: predictions.map(() => ({ output: 'SHADOW', proba: [0.5, 0.5], violations: [] })) };
    return { endpoint: `${model}@${alias}`, deployment: 'd1', strategy: 'shadow', version: 2, arm: 'primary', ids: records.map((_, i) => `id-${i}`), predictions, classes: ['no', 'yes'], latencyMs: 0.25, shadow };
  }
  async listModels(): Promise<ServedModel[]> {
    return [{ name: 'iris', aliases: { champion: 2 }, deployments: [{ alias: 'champion', id: 'd1', name: 'iris shadow', strategy: 'shadow' }], versions: [{ version: 2, stage: 'Production', signature: SIGNATURE }] }];
  }
  async attachLabels(labels: readonly { id: string; label: string | number }[]) {
    this.labels.push(...labels);
    const unknown = labels.filter((l) => !l.id.startsWith('id-')).map((l) => l.id);
    return { attached: labels.length - unknown.length, unknown };
  }
  invalidate(): void {}
  async flush(): Promise<void> {}
  dispose(): void {}
}

const ORIGIN = 'https://bench.example';
async function call(serving: FakeServing, method: string, path: string, body?: string | unknown, base = '/') {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await handleApiRequest(new Request(ORIGIN + base + 'api/v1/' + path, init), async () => serving, { base, maxBytes: 1000 });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

describe('prediction API routes', () => {
  it('matches only URLs under <base>api/v1/', () => {
    expect(apiRoute(new URL(ORIGIN + '/api/v1/models'), '/')).toBe('models');
    expect(apiRoute(new URL(ORIGIN + '/app/api/v1/models/a@b/predict'), '/app/')).toBe('models/a@b/predict');
    expect(apiRoute(new URL(ORIGIN + '/api/v1'), '/')).toBe('');
    expect(apiRoute(new URL(ORIGIN + '/api/v2/models'), '/')).toBeNull();
    expect(apiRoute(new URL(ORIGIN + '/api/v1/models'), '/app/')).toBeNull();
    expect(apiRoute(new URL(ORIGIN + '/index.html'), '/')).toBeNull();
  });

  it('lists what is served with endpoints and signatures', async () => {
    const r = await call(new FakeServing(), 'GET', 'models', undefined, '/app/');
    expect(r.status).toBe(200);
    expect(r.json.models[0]).toMatchObject({ name: 'iris', aliases: { champion: 2 }, versions: [{ version: 2, signature: SIGNATURE }] });
    expect(r.json.models[0].endpoints).toEqual([{ endpoint: 'iris@champion', alias: 'champion', version: 2, predict: '/app/api/v1/models/iris@champion/predict' }]);
    expect((await call(new FakeServing(), 'GET', 'models/iris')).json.name).toBe('iris');
    expect((await call(new FakeServing(), 'GET', 'models/nope')).status).toBe(404);
  });

  it('predicts from each accepted body shape; the shadow answers are never returned', async () => {
    const bodies = [{ records: [{ x: 7 }, { x: 1 }] }, { dataframe_records: [{ x: 7 }, { x: 1 }] }, { inputs: [{ x: 7 }, { x: 1 }] }, [{ x: 7 }, { x: 1 }], { dataframe_split: { columns: ['x'], data: [[7], [1]] } }];
    for (const body of bodies) {
      const s = new FakeServing();
      const r = await call(s, 'POST', 'models/iris@champion/predict', body);
      expect(r.status).toBe(200);
      expect(s.calls[0]).toEqual({ model: 'iris', alias: 'champion', records: [{ x: 7 }, { x: 1 }], source: 'api' });
      expect(r.json).toEqual({
        model: 'iris', alias: 'champion', version: 2, deployment: 'd1', strategy: 'shadow', arm: 'primary', ids: ['id-0', 'id-1'], latency_ms: 0.25,
        predictions: [{ prediction: 'yes', probabilities: { no: expect.closeTo(0.1, 12), yes: 0.9 } }, { prediction: 'no', probabilities: { no: 0.8, yes: 0.2 } }],
      });
      expect(JSON.stringify(r.json)).not.toContain('SHADOW');
    }
  });

  it('reports soft violations with the prediction', async () => {
    const r = await call(new FakeServing(), 'POST', 'models/iris@champion/predict', { records: [{ x: 11 }] });
    expect(r.status).toBe(200);
    expect(r.json.predictions[0].violations).toEqual([{ column: 'x', kind: 'range', message: 'x above 10' }]);
  });

  it('attaches feedback labels', async () => {
    const s = new FakeServing();
    const r = await call(s, 'POST', 'feedback', { labels: [{ id: 'id-0', label: 'yes' }, { id: 'zz', label: 1 }] });
    expect(r).toMatchObject({ status: 200, json: { attached: 1, unknown: ['zz'] } });
    expect(s.labels).toEqual([{ id: 'id-0', label: 'yes' }, { id: 'zz', label: 1 }]);
    expect((await call(s, 'POST', 'feedback', { labels: [{ id: 'a' }] })).status).toBe(400);
  });
});

describe('prediction API errors', () => {
  const expectError = (r: { status: number; json: { error: { code: string; message: string; detail: unknown } } }, status: number, code: string) => {
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(typeof r.json.error.message).toBe('string');
    expect(typeof r.json.error.detail).toBe('object');
  };
  const P = 'models/iris@champion/predict';

  it('400 for bad JSON, an empty body and wrong shapes', async () => {
    expectError(await call(new FakeServing(), 'POST', P, '{"records": [ {"x": 1}'), 400, 'BAD_REQUEST');
    expectError(await call(new FakeServing(), 'POST', P, ''), 400, 'BAD_REQUEST');
    for (const body of [{ rows: [] }, { records: {} }, { records: [] }, { records: [1, 2] }, 'null', 42, { dataframe_split: { columns: ['x'], data: [[1, 2]] } }]) {
      expectError(await call(new FakeServing(), 'POST', P, body), 400, 'BAD_REQUEST');
    }
    const r = await call(new FakeServing(), 'POST', P, { records: [{ x: 1 }, [3]] });
    expect(r.json.error.detail).toEqual({ field: 'records', row: 1 });
  });

  it('404 for unknown models, aliases, names that cannot exist and unknown paths', async () => {
    expectError(await call(new FakeServing(), 'POST', 'models/nope@champion/predict', { records: [{ x: 1 }] }), 404, 'UNKNOWN_MODEL');
    expectError(await call(new FakeServing(), 'POST', 'models/iris@staging/predict', { records: [{ x: 1 }] }), 404, 'UNKNOWN_MODEL');
    const s = new FakeServing();
    expectError(await call(s, 'POST', 'models/iris/predict', { records: [{ x: 1 }] }), 404, 'UNKNOWN_MODEL');
    expectError(await call(s, 'POST', 'models/iris@Bad Alias/predict', { records: [{ x: 1 }] }), 404, 'UNKNOWN_MODEL');
    expect(s.calls).toEqual([]);
    expectError(await call(s, 'GET', 'nothing/here'), 404, 'NOT_FOUND');
    expectError(await call(s, 'GET', ''), 404, 'NOT_FOUND');
  });

  it('405 with Allow for a wrong method', async () => {
    const r = await call(new FakeServing(), 'GET', P);
    expectError(r, 405, 'METHOD_NOT_ALLOWED');
    expect(r.headers.get('allow')).toBe('POST');
    expect((await call(new FakeServing(), 'DELETE', 'models')).headers.get('allow')).toBe('GET, HEAD');
  });

  it('413 for a body over the limit, before the model runs', async () => {
    const s = new FakeServing();
    expectError(await call(s, 'POST', P, { records: Array.from({ length: 200 }, () => ({ x: 1 })) }), 413, 'PAYLOAD_TOO_LARGE');
    expect(s.calls).toEqual([]);
  });

  it('422 listing row, column and violation when records break the signature', async () => {
    const r = await call(new FakeServing(), 'POST', P, { records: [{ x: 1 }, { y: 2 }, { x: 'seven' }] });
    expectError(r, 422, 'SIGNATURE_VIOLATION');
    expect(r.json.error.detail.violations).toEqual([
      { row: 1, column: 'x', kind: 'missing', message: 'x must be a number, got undefined' },
      { row: 2, column: 'x', kind: 'type', message: 'x must be a number, got "seven"' },
    ]);
    const s = new FakeServing();
    s.failWith = new BenchtopError('SIGNATURE_VIOLATION', 'bad', { rows: [{ row: 0 }] });
    expect((await call(s, 'POST', P, { records: [{ x: 1 }] })).json.error).toEqual({ code: 'SIGNATURE_VIOLATION', message: 'bad', detail: { rows: [{ row: 0 }] } });
  });

  it('503 while storage is blocked, 500 for anything else', async () => {
    const s = new FakeServing();
    s.failWith = new BenchtopError('DB_BLOCKED', 'another tab');
    const r = await call(s, 'POST', P, { records: [{ x: 1 }] });
    expectError(r, 503, 'UNAVAILABLE');
    expect(r.headers.get('retry-after')).toBe('5');
    s.failWith = new TypeError('boom');
    const e = await call(s, 'POST', P, { records: [{ x: 1 }] });
    expectError(e, 500, 'INTERNAL');
    expect(e.json.error.message).toBe('boom');
  });
});
