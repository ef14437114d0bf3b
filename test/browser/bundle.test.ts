/**
 * Model bundles in Chromium:
 * - an MLP fitted here (TensorFlow.js, CPU backend) is exported; the bundle's tfjs/model.json loads
 *   with plain tf.loadLayersModel, both from File objects (tf.io.browserFiles, as from an
 *   <input type=file>) and over HTTP-style fetches of blob URLs, and predicts the MLP's own
 *   probabilities / values within 1e-5, for binary, multiclass and regression;
 * - import on a fresh IndexedDB database gives version 1 with the bundle as its source, the lineage
 *   as declared, and identical predictions from raw records through the serving predictor;
 * - a refused import (tampered bundle) writes nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorInfo } from '../../src/lib/errors';
import type { Task } from '../../src/lib/ml/model';
import { mlp } from '../../src/lib/ml/models/mlp';
import type { MlpModel } from '../../src/lib/ml/models/mlp-model';
import { exportBundle, importBundle } from '../../src/lib/registry/bundle';
import { getVersion } from '../../src/lib/registry/versions';
import { loadPredictor } from '../../src/lib/serve/predictor';
import { openBenchtopDB, type DB } from '../../src/lib/store/db';
import { versionRecord } from '../unit/registry/bundle-fixture';

type Fixture = Awaited<ReturnType<typeof versionRecord>>;
const fixtures: Partial<Record<Task, Fixture>> = {};
const params = { hidden_layer_sizes: '16,8', max_iter: 40, batch_size: 32, learning_rate_init: 0.01 };

let db: DB;
const dbName = `benchtop-bundle-test-${crypto.randomUUID()}`;
beforeAll(async () => { db = await openBenchtopDB({}, dbName); });
afterAll(async () => {
  db.close();
  await new Promise((resolve) => { const r = indexedDB.deleteDatabase(dbName); r.onsuccess = r.onerror = resolve; });
  for (const f of Object.values(fixtures)) mlp.dispose(f!.model as MlpModel);
});

async function fixture(task: Task): Promise<Fixture> {
  return (fixtures[task] ??= await versionRecord(mlp, task, params, 150));
}

/** What the MLP itself answers: P(labels[1]) for two classes, probabilities in label order, or values. */
async function own(f: Fixture, task: Task): Promise<number[][]> {
  const m = f.model as MlpModel, { X, n } = f.data;
  if (task === 'regression') return Array.from(await mlp.predict(m, X, n), (v) => [v]);
  const p = await mlp.predictProba(m, X, n), k = m.classes!.length, labels = Array.from(m.labels!);
  return Array.from({ length: n }, (_, i) => (labels.length === 2 ? [p[i * k + labels[1]]] : labels.map((c) => p[i * k + c])));
}

async function predictWith(model: tfl.LayersModel, f: Fixture): Promise<number[][]> {
  const x = tf.tensor2d(Float32Array.from(f.data.X), [f.data.n, f.data.d]);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.array()) as number[][];
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

function expectClose(got: number[][], want: number[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => {
    expect(row.length).toBe(want[i].length);
    row.forEach((v, j) => expect(Math.abs(v - want[i][j]), `row ${i}, column ${j}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i][j]))));
  });
}

describe('the exported MLP loads with plain tf.loadLayersModel and predicts the same', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    it(task, async () => {
      const f = await fixture(task);
      const files = unzipSync(await exportBundle(f.v));
      const want = await own(f, task);

      const asFiles = [new File([files['tfjs/model.json']], 'model.json'), new File([files['tfjs/group1-shard1of1.bin']], 'group1-shard1of1.bin')];
      expectClose(await predictWith(await tfl.loadLayersModel(tf.io.browserFiles(asFiles)), f), want);

      const urls = new Map(Object.entries(files).map(([path, data]) => [path, URL.createObjectURL(new Blob([data]))]));
      try {
        const fetchFunc = ((url: RequestInfo | URL) => fetch(urls.get(String(url)) ?? 'blob:missing')) as typeof fetch;
        expectClose(await predictWith(await tfl.loadLayersModel('tfjs/model.json', { fetchFunc }), f), want);
      } finally {
        for (const u of urls.values()) URL.revokeObjectURL(u);
      }
    });
  }
});

describe('import on a fresh database', () => {
  const counts = async () => ({ models: await db.count('registeredModels'), versions: await db.count('modelVersions'), transitions: await db.count('transitions') });

  it('a refused import writes nothing', async () => {
    const f = await fixture('binary');
    const files = unzipSync(await exportBundle(f.v));
    files['model/model.json'][100] ^= 4;
    const before = await counts();
    const e = await importBundle(db, zipSync(files), { fileName: 'tampered.zip' }).then(() => null, errorInfo);
    expect(e?.code).toBe('BAD_BUNDLE');
    expect(e?.message).toMatch(/model\/model\.json: checksum mismatch/);
    await expect(importBundle(db, strToU8('not a zip at all, not at all'), { fileName: 'x.zip' })).rejects.toMatchObject({ code: 'BAD_BUNDLE' });
    expect(await counts()).toEqual(before);
  });

  it('stores version 1 with the bundle as source and the declared lineage; it predicts identically', async () => {
    const f = await fixture('multiclass');
    const v = await importBundle(db, await exportBundle(f.v), { fileName: 'toy-model-v3.zip' });
    expect(v).toMatchObject({ name: 'toy-model', version: 1, stage: 'None', description: f.v.description, tags: f.v.tags });
    expect(v.source).toEqual({ kind: 'bundle', runId: 'run-1', experimentId: 'exp-1', fileName: 'toy-model-v3.zip' });
    const stored = (await getVersion(db, 'toy-model', 1))!;
    for (const k of ['lineage', 'model', 'recipes', 'signature', 'inputExample', 'metrics', 'card'] as const) expect(stored[k], k).toEqual(f.v[k]);

    const records = f.records.slice(0, 40).map(({ y: _y, ...raw }) => raw);
    const [a, b] = await Promise.all([loadPredictor(f.v), loadPredictor(stored)]);
    try {
      expect(await b.predictRecords(records)).toEqual(await a.predictRecords(records));
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('numbers a second import 2, and registers under another name when asked', async () => {
    const f = await fixture('regression');
    const bytes = await exportBundle(f.v);
    expect((await importBundle(db, bytes, { fileName: 'again.zip' })).version).toBe(2);
    const other = await importBundle(db, bytes, { fileName: 'again.zip', name: 'toy-copy' });
    expect(other).toMatchObject({ name: 'toy-copy', version: 1 });
  });
});
