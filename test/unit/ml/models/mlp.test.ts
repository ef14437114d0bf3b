/**
 * mlp (TensorFlow.js, CPU backend in Node) against scikit-learn 1.2's MLPClassifier/MLPRegressor
 * (test/fixtures/mlp_reference.json, made by make_mlp_reference.py on the linear fixtures' data),
 * plus reproducibility, the JSON round trip, cancelling, tensor leaks and parameter errors.
 *
 * Tolerances: the two libraries draw different initial weights and batch orders from different
 * generators, so the fitted nets differ; what must match is quality. On the test rows, accuracy
 * may be lower than scikit-learn's by at most 2 rows (iris 30 rows, breast cancer 114), and R² by
 * at most 0.03 (diabetes, 89 rows). Being better is fine. For scale: over seeds 0-4 this MLP
 * scores iris 0.967-1.000 (scikit-learn 0.967), breast cancer 0.956-0.965 (0.956), diabetes
 * R² 0.204-0.246 (0.218); the tests use seed 0.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/lib/data/split';
import { errorInfo } from '../../../../src/lib/errors';
import { setBackend } from '../../../../src/lib/ml/backend';
import type { HyperParams, Task, TrainData } from '../../../../src/lib/ml/model';
import { mlp } from '../../../../src/lib/ml/models/mlp';

interface Data { features: string[]; classes?: string[]; X: number[][]; y: number[]; train: number[]; test: number[] }
interface Ref { n_iter: number; loss: number; accuracy?: number; r2?: number; predict: number[] }
interface Reference { sklearn: string; [name: string]: { data: string; models: Record<string, Ref> } | string }
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const ref = load<Reference>('mlp_reference.json');

function rows(fx: Data, idx: number[]): { X: Float64Array; n: number } {
  const d = fx.X[0].length, X = new Float64Array(idx.length * d);
  idx.forEach((r, i) => X.set(fx.X[r], i * d));
  return { X, n: idx.length };
}

/** Test accuracy or R² of the MLP fitted on a fixture's training rows with scikit-learn's settings. */
async function score(name: string, params: HyperParams = {}): Promise<{ got: number; want: number; test: number }> {
  const entry = ref[name] as { data: string; models: Record<string, Ref> };
  const fx = load<Data>(entry.data), task: Task = !fx.classes ? 'regression' : fx.classes.length === 2 ? 'binary' : 'multiclass';
  const cls = task !== 'regression';
  const train: TrainData = { ...rows(fx, fx.train), d: fx.X[0].length, featureNames: fx.features, classes: fx.classes, y: cls ? Int32Array.from(fx.train, (i) => fx.y[i]) : Float64Array.from(fx.train, (i) => fx.y[i]) };
  const model = await mlp.fit(train, task, { hidden_layer_sizes: '32', max_iter: 500, ...params }, { seed: 0 });
  const t = rows(fx, fx.test), pred = await mlp.predict(model, t.X, t.n);
  mlp.dispose(model);
  const y = fx.test.map((i) => fx.y[i]);
  const want = params.early_stopping ? entry.models.early_stopping : entry.models.default;
  if (cls) return { got: y.filter((v, i) => pred[i] === v).length / y.length, want: want.accuracy!, test: y.length };
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const ssRes = y.reduce((s, v, i) => s + (v - pred[i]) ** 2, 0), ssTot = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { got: 1 - ssRes / ssTot, want: want.r2!, test: y.length };
}

/** A small learnable problem (seeded): 3 classes or a regression target from 4 features. */
function problem(task: Task, n = 240, seed = 5): TrainData {
  const r = mulberry32(seed), d = 4, X = Float64Array.from({ length: n * d }, () => r() * 2 - 1);
  const s = (i: number) => Math.sin(2 * X[i * d]) + X[i * d + 1] * X[i * d + 2];
  if (task === 'regression') return { X, n, d, y: Float64Array.from({ length: n }, (_, i) => s(i)), featureNames: ['a', 'b', 'c', 'd'] };
  const y = Int32Array.from({ length: n }, (_, i) => (task === 'binary' ? (s(i) > 0 ? 1 : 0) : s(i) < -0.3 ? 0 : s(i) < 0.3 ? 1 : 2));
  return { X, n, d, y, classes: task === 'binary' ? ['no', 'yes'] : ['lo', 'mid', 'hi'], featureNames: ['a', 'b', 'c', 'd'] };
}
const quick: HyperParams = { hidden_layer_sizes: '16,8', max_iter: 30, batch_size: 64 };

beforeAll(async () => { await setBackend('cpu'); });

describe('mlp against scikit-learn 1.2 (hidden (32,), max_iter 500)', () => {
  it('uses a fixture made with scikit-learn 1.2', () => expect(ref.sklearn).toMatch(/^1\.2\./));
  for (const [name, params] of [['iris', {}], ['breast_cancer', {}], ['breast_cancer', { early_stopping: true }]] as const) {
    it(`${name}${'early_stopping' in params ? ' with early stopping' : ''}: test accuracy at most 2 rows below scikit-learn's`, async () => {
      const { got, want, test } = await score(name, params);
      expect(got).toBeGreaterThanOrEqual(want - 2 / test - 1e-12);
    });
  }
  it('diabetes (features and target standardized, as TransformedTargetRegressor): test R² at most 0.03 below', async () => {
    const { got, want } = await score('diabetes');
    expect(got).toBeGreaterThanOrEqual(want - 0.03);
  });
});

describe('mlp behaviour', () => {
  it('is reproducible from the seed, and another seed gives another model', async () => {
    const data = problem('multiclass');
    const fit = async (seed: number) => {
      const m = await mlp.fit(data, 'multiclass', { ...quick, dropout: 0.1 }, { seed });
      const p = await mlp.predictProba(m, data.X, data.n);
      mlp.dispose(m);
      return Array.from(p);
    };
    const a = await fit(7);
    expect(await fit(7)).toEqual(a);
    expect(await fit(8)).not.toEqual(a);
  });

  it('survives a JSON round trip with identical predictions and probabilities', async () => {
    for (const task of ['regression', 'binary', 'multiclass'] as const) {
      const data = problem(task);
      const m = await mlp.fit(data, task, quick, { seed: 1 });
      const back = mlp.fromJSON(JSON.parse(JSON.stringify(mlp.toJSON(m))));
      expect(Array.from(await mlp.predict(back, data.X, data.n))).toEqual(Array.from(await mlp.predict(m, data.X, data.n)));
      if (task !== 'regression') expect(Array.from(await mlp.predictProba(back, data.X, data.n))).toEqual(Array.from(await mlp.predictProba(m, data.X, data.n)));
      mlp.dispose(m);
      mlp.dispose(back);
    }
  });

  it('reports progress every epoch and learns each task', async () => {
    for (const task of ['regression', 'binary', 'multiclass'] as const) {
      const data = problem(task, 300);
      const seen: number[] = [];
      const m = await mlp.fit(data, task, { hidden_layer_sizes: '32', max_iter: 100, learning_rate_init: 0.01 }, { seed: 2, progress: (done, total, metrics) => { seen.push(done); expect(total).toBe(100); expect(Number.isFinite(metrics?.loss)).toBe(true); } });
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
      const pred = await mlp.predict(m, data.X, data.n);
      mlp.dispose(m);
      if (task === 'regression') {
        const y = Array.from(data.y), mean = y.reduce((s, v) => s + v, 0) / data.n;
        const r2 = 1 - y.reduce((s, v, i) => s + (v - pred[i]) ** 2, 0) / y.reduce((s, v) => s + (v - mean) ** 2, 0);
        expect(r2).toBeGreaterThan(0.9);
      } else {
        expect(pred.filter((v, i) => v === data.y[i]).length / data.n).toBeGreaterThan(0.85);
      }
    }
  });

  it('stops early on a validation share, reporting its score, and keeps the best weights', async () => {
    const data = problem('binary', 400), scores: number[] = [];
    const m = await mlp.fit(data, 'binary', { hidden_layer_sizes: '32', max_iter: 500, early_stopping: true, n_iter_no_change: 5 }, { seed: 3, progress: (_d, _t, metrics) => scores.push(metrics!.val_accuracy) });
    expect(m.info.stopped).toBe('early_stopping');
    expect(scores.length).toBeLessThan(500);
    expect(m.info.best_validation_score).toBe(Math.max(...scores.map((s) => Math.fround(s))));
    mlp.dispose(m);
  });

  it('trains with sgd and rmsprop too', async () => {
    const data = problem('binary', 300);
    for (const optimizer of ['sgd', 'rmsprop']) {
      const m = await mlp.fit(data, 'binary', { hidden_layer_sizes: '32', max_iter: 100, optimizer, learning_rate_init: 0.01 }, { seed: 4 });
      const pred = await mlp.predict(m, data.X, data.n);
      mlp.dispose(m);
      expect(pred.filter((v, i) => v === data.y[i]).length / data.n, optimizer).toBeGreaterThan(0.85);
    }
  });

  it('class_weight balanced changes the fit on an imbalanced set towards the rare class', async () => {
    const r = mulberry32(9), n = 400, X = Float64Array.from({ length: n * 2 }, () => r() * 2 - 1);
    const y = Int32Array.from({ length: n }, (_, i) => (X[i * 2] + (r() - 0.5) > 0.8 ? 1 : 0));
    const data: TrainData = { X, n, d: 2, y, classes: ['common', 'rare'], featureNames: ['a', 'b'] };
    const rareCalls = async (class_weight: string) => {
      const m = await mlp.fit(data, 'binary', { hidden_layer_sizes: '8', max_iter: 200, learning_rate_init: 0.01, class_weight }, { seed: 1 });
      const pred = await mlp.predict(m, X, n);
      mlp.dispose(m);
      return { calls: pred.filter((v) => v === 1).length, hits: pred.filter((v, i) => v === 1 && y[i] === 1).length };
    };
    const plain = await rareCalls('none'), balanced = await rareCalls('balanced');
    expect(balanced.calls).toBeGreaterThan(plain.calls * 1.5); // 57 rare rows of 400: 51 calls → 114
    expect(balanced.hits).toBeGreaterThan(plain.hits);
  });

  it('cancels with a CancelledError and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    let polls = 0;
    const err = await mlp.fit(problem('multiclass'), 'multiclass', quick, { seed: 1, cancelled: () => ++polls > 12 }).then(() => null, (e: unknown) => e);
    expect(errorInfo(err).code).toBe('CANCELLED');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('20 trainings (with predictions and dispose) leave the tensor count unchanged', async () => {
    const data = problem('multiclass', 120), before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const m = await mlp.fit(data, 'multiclass', { hidden_layer_sizes: '8', max_iter: 3, early_stopping: i % 2 === 0, alpha: i % 3 === 0 ? 0 : 1e-4, dropout: i % 4 === 0 ? 0.2 : 0 }, { seed: i });
      await mlp.predictProba(m, data.X, data.n);
      mlp.dispose(m);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad parameters naming the parameter and its valid range', async () => {
    const data = problem('binary', 50);
    const message = (params: HyperParams) => mlp.fit(data, 'binary', params).then(() => '', (e: unknown) => errorInfo(e).message);
    for (const bad of ['0', 'a,b', '', '64,,32', '5000', 64.5]) {
      expect(await message({ hidden_layer_sizes: bad })).toMatch(/hidden_layer_sizes = .* whole numbers from 1 to 4096/);
    }
    expect(await message({ dropout: 1.5 })).toMatch(/dropout = 1\.5 must be at most 0\.9/);
    expect(await message({ activation: 'gelu' })).toMatch(/activation = "gelu" must be one of relu, tanh, logistic, identity/);
    expect(await message({ hidden_layer_sizes: '64, 32', max_iter: 1 })).toBe('');
  });

  it('rejects a malformed model document', () => {
    expect(() => mlp.fromJSON({ format: 'benchtop-mlp-v1', model: 'mlp', task: 'regression', featureNames: ['a'], activation: 'relu', output: 'identity', layers: [] })).toThrow(/layers must be a non-empty list/);
  });
});
