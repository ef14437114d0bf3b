/**
 * logistic-regression pinned to scikit-learn 1.2 LogisticRegression(solver='lbfgs') on
 * test/fixtures/linear_binary.json (load_breast_cancer, standardized) and linear_multiclass.json
 * (load_iris, standardized), made by test/fixtures/make_linear_reference.py: coefficients within
 * 1e-3 relative, equal test accuracy, test log loss within 1e-4. On raw iris (linear_multiclass_raw.json)
 * both stop at max_iter = 100 before converging, so only accuracy and log loss are pinned there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../../src/lib/errors';
import type { Task, TrainData } from '../../../../src/lib/ml/model';
import { logisticRegression as lr } from '../../../../src/lib/ml/models/logistic-regression';

interface Fitted { coef: number[][]; intercept: number[]; predict: number[]; accuracy: number; proba: number[][]; log_loss: number; n_iter: number; converged: boolean }
interface Fixture { sklearn: string; features: string[]; classes: string[]; X: number[][]; y: number[]; train: number[]; test: number[]; models: Record<string, Fitted> }
const load = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../../../fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;
const binary = load('linear_binary'), multi = load('linear_multiclass'), raw = load('linear_multiclass_raw');

function rows(fx: Fixture, idx: number[]): { X: Float64Array; n: number; d: number } {
  const d = fx.X[0].length, X = new Float64Array(idx.length * d);
  idx.forEach((r, i) => X.set(fx.X[r], i * d));
  return { X, n: idx.length, d };
}
const trainData = (fx: Fixture): TrainData =>
  ({ ...rows(fx, fx.train), y: Int32Array.from(fx.train, (i) => fx.y[i]), classes: fx.classes, featureNames: fx.features });
const taskOf = (fx: Fixture): Task => (fx.classes.length === 2 ? 'binary' : 'multiclass');

/** Test accuracy and log loss of a fitted model. */
function score(fx: Fixture, m: ReturnType<typeof lr.fit>): { accuracy: number; logLoss: number } {
  const t = rows(fx, fx.test), k = fx.classes.length;
  const pred = lr.predict(m, t.X, t.n), proba = lr.predictProba!(m, t.X, t.n);
  let hits = 0, loss = 0;
  fx.test.forEach((r, i) => {
    if (pred[i] === fx.y[r]) hits++;
    loss -= Math.log(proba[i * k + fx.y[r]]);
  });
  return { accuracy: hits / t.n, logLoss: loss / t.n };
}

/** Every |a - e| ≤ rel · |e|. */
function expectRel(actual: ArrayLike<number>, expected: readonly number[], rel: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) expect.fail(`${what}[${i}]: got ${actual[i]}, scikit-learn ${expected[i]} (tolerance ${tol})`);
  }
}

it('uses fixtures made with scikit-learn 1.2 (breast cancer 455/114, iris 120/30)', () => {
  for (const fx of [binary, multi, raw]) expect(fx.sklearn).toMatch(/^1\.2\./);
  expect([binary.train.length, binary.test.length, binary.X[0].length]).toEqual([455, 114, 30]);
  expect([multi.train.length, multi.test.length, multi.classes.length]).toEqual([120, 30, 3]);
});

describe.each([
  ['binary', binary, 'logistic', {}],
  ['binary', binary, 'logistic_balanced', { class_weight: 'balanced' }],
  ['binary', binary, 'logistic_c01', { C: 0.1 }],
  ['binary', binary, 'logistic_tight', { tol: 1e-10, max_iter: 10000 }],
  ['multiclass', multi, 'logistic', {}],
  ['multiclass', multi, 'logistic_tight', { tol: 1e-10, max_iter: 10000 }],
] as const)('%s %s = scikit-learn', (_, fx, key, params) => {
  const ref = fx.models[key];
  const m = lr.fit(trainData(fx), taskOf(fx), params);

  it('coefficients and intercepts within 1e-3 relative; converged', () => {
    expect(ref.converged).toBe(true);
    expect(m.info.converged).toBe(true);
    expectRel(m.coef, ref.coef.flat(), 1e-3, 'coef');
    expectRel(m.intercept, ref.intercept, 1e-3, 'intercept');
  });

  it('equal test accuracy, log loss within 1e-4, probabilities within 1e-4', () => {
    const s = score(fx, m);
    expect(s.accuracy).toBe(ref.accuracy);
    expect(Math.abs(s.logLoss - ref.log_loss)).toBeLessThan(1e-4);
    const t = rows(fx, fx.test);
    const proba = lr.predictProba!(m, t.X, t.n), k = fx.classes.length;
    ref.proba.flat().forEach((p, i) => expect(Math.abs(proba[i] - p)).toBeLessThan(1e-4));
    for (let i = 0; i < t.n; i++) expect(proba.subarray(i * k, i * k + k).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });
});

describe('raw iris (both stop at max_iter 100, not converged)', () => {
  const ref = raw.models.logistic;
  const m = lr.fit(trainData(raw), 'multiclass', {});

  it('reports the unconverged fit and matches accuracy and log loss', () => {
    expect(ref.converged).toBe(false);
    expect(m.info).toMatchObject({ converged: false, iterations: 100 });
    const s = score(raw, m);
    expect(s.accuracy).toBe(ref.accuracy);
    expect(Math.abs(s.logLoss - ref.log_loss)).toBeLessThan(1e-4);
  });

  it('coefficients within 1e-2 of the largest (the iterates differ before convergence)', () => {
    const e = ref.coef.flat(), big = Math.max(...e.map(Math.abs));
    e.forEach((v, i) => expect(Math.abs(m.coef[i] - v)).toBeLessThan(1e-2 * big));
  });
});

describe('behaviour', () => {
  it('reports progress every iteration with a falling loss, and is deterministic', () => {
    const seen: { done: number; total: number; loss: number }[] = [];
    const a = lr.fit(trainData(binary), 'binary', {}, { progress: (done, total, metrics) => seen.push({ done, total, loss: metrics!.loss }) });
    expect(seen.length).toBe(a.info.iterations);
    expect(seen.map((s) => s.done)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.every((s) => s.total === 100)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i].loss).toBeLessThanOrEqual(seen[i - 1].loss);
    const b = lr.fit(trainData(binary), 'binary', {});
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
  });

  it('stops with a CancelledError when hooks.cancelled turns true', () => {
    let calls = 0;
    const err = errorInfo(catchError(() => lr.fit(trainData(multi), 'multiclass', {}, { cancelled: () => ++calls > 3 })));
    expect(err.code).toBe('CANCELLED');
  });

  it('refuses a single-class target and a NaN with clear messages', () => {
    const one = { ...trainData(binary), y: new Int32Array(455).fill(1) };
    expect(() => lr.fit(one, 'binary', {})).toThrow(/needs at least two classes in the target; the training rows hold only "benign"/);
    const nan = trainData(multi);
    nan.X[7] = NaN;
    expect(() => lr.fit(nan, 'multiclass', {})).toThrow(/NaN\) at row 1, feature "petal width \(cm\)"/);
    expect(() => lr.fit(trainData(multi), 'binary', {})).toThrow(/binary task with 3 classes/);
    expect(() => lr.fit(trainData(multi), 'multiclass', { class_weight: 'auto' })).toThrow(/must be one of none, balanced/);
  });

  it('gives probability 0 to a class absent from training, and predicts present classes only', () => {
    const data = { ...trainData(multi), classes: [...multi.classes, 'unseen'] };
    const m = lr.fit(data, 'multiclass', {});
    const t = rows(multi, multi.test), p = lr.predictProba!(m, t.X, t.n);
    expect(p.length).toBe(t.n * 4);
    for (let i = 0; i < t.n; i++) expect(p[i * 4 + 3]).toBe(0);
    expect(lr.predict(m, t.X, t.n).every((c) => c < 3)).toBe(true);
  });

  it('round-trips through JSON text with identical predictions and probabilities', () => {
    for (const fx of [binary, multi]) {
      const m = lr.fit(trainData(fx), taskOf(fx), {});
      const json = JSON.parse(JSON.stringify(lr.toJSON(m))) as Record<string, unknown>;
      expect(json).toMatchObject({ format: 'benchtop-linear-v1', model: 'logistic-regression', classes: fx.classes, labels: fx.classes.map((_, i) => i) });
      expect((json.coef as number[][]).length).toBe(fx.classes.length === 2 ? 1 : 3);
      const back = lr.fromJSON(json), t = rows(fx, fx.test);
      expect(lr.predict(back, t.X, t.n)).toEqual(lr.predict(m, t.X, t.n));
      expect(lr.predictProba!(back, t.X, t.n)).toEqual(lr.predictProba!(m, t.X, t.n));
    }
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return expect.fail('expected an error');
}
