/**
 * linear-regression (OLS by QR) and ridge (Cholesky) pinned to scikit-learn 1.2 LinearRegression and
 * Ridge(alpha=1.0) on load_diabetes, test/fixtures/linear_regression.json (made by
 * test/fixtures/make_linear_reference.py): coefficients, intercepts and test predictions within 1e-6
 * relative, with and without intercept and sample weights; the rank-deficient case is lstsq's
 * minimum-norm solution.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrainData } from '../../../../src/lib/ml/model';
import { linearRegression, ridge } from '../../../../src/lib/ml/models/linear-regression';
import { errorInfo } from '../../../../src/lib/errors';

interface Fitted { coef: number[][]; intercept: number[]; predict: number[] }
interface Fixture { sklearn: string; features: string[]; X: number[][]; y: number[]; train: number[]; test: number[]; sample_weight: number[]; models: Record<string, Fitted>; rank_deficient: Fitted }
const fx = JSON.parse(readFileSync(new URL('../../../fixtures/linear_regression.json', import.meta.url), 'utf8')) as Fixture;

function rows(idx: number[], X: number[][] = fx.X): { X: Float64Array; n: number; d: number } {
  const d = X[0].length, out = new Float64Array(idx.length * d);
  idx.forEach((r, i) => out.set(X[r], i * d));
  return { X: out, n: idx.length, d };
}
const trainData = (X: number[][] = fx.X, names = fx.features): TrainData =>
  ({ ...rows(fx.train, X), y: Float64Array.from(fx.train, (i) => fx.y[i]), featureNames: names });
const test = rows(fx.test);

/** Every |a - e| ≤ rel · |e|. */
function expectRel(actual: ArrayLike<number>, expected: readonly number[], rel: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) expect.fail(`${what}[${i}]: got ${actual[i]}, scikit-learn ${expected[i]} (tolerance ${tol})`);
  }
}

it('uses the fixture made with scikit-learn 1.2 (diabetes, 80/20 split)', () => {
  expect(fx.sklearn).toMatch(/^1\.2\./);
  expect([fx.train.length, fx.test.length, fx.X[0].length]).toEqual([353, 89, 10]);
});

describe.each([
  ['ols', linearRegression, {}],
  ['ridge', ridge, { alpha: 1.0 }],
] as const)('%s = scikit-learn', (name, def, params) => {
  it.each([
    ['', true, false],
    ['_nointercept', false, false],
    ['_weighted', true, true],
    ['_weighted_nointercept', false, true],
  ])(`${name}%s: coefficients, intercept and test predictions within 1e-6`, (tag, fitIntercept, weighted) => {
    const ref = fx.models[`${name}${tag}`];
    const data = { ...trainData(), sampleWeight: weighted ? Float64Array.from(fx.sample_weight) : undefined };
    const m = def.fit(data, 'regression', { ...params, fit_intercept: fitIntercept });
    expectRel(m.coef, ref.coef[0], 1e-6, 'coef');
    if (fitIntercept) expectRel(m.intercept, ref.intercept, 1e-6, 'intercept');
    else expect(m.intercept[0]).toBe(0);
    expectRel(def.predict(m, test.X, test.n), ref.predict, 1e-6, 'predict');
  });
});

describe('linear-regression', () => {
  it('gives the minimum-norm solution (as lstsq) when a column is a sum of two others', () => {
    const X = fx.X.map((r) => [...r, r[0] + r[1]]);
    const m = linearRegression.fit(trainData(X, [...fx.features, 'dup']), 'regression', {});
    expect(m.info.rank).toBe(10);
    expectRel(m.coef, fx.rank_deficient.coef[0], 1e-6, 'coef');
    expectRel(m.intercept, fx.rank_deficient.intercept, 1e-6, 'intercept');
  });

  it('interpolates when there are more features than rows (rank = rows, minimum norm)', () => {
    const idx = fx.train.slice(0, 6);
    const data: TrainData = { ...rows(idx), y: Float64Array.from(idx, (i) => fx.y[i]), featureNames: fx.features };
    const m = linearRegression.fit(data, 'regression', { fit_intercept: false });
    expect(m.info.rank).toBe(6);
    const fitted = linearRegression.predict(m, data.X, data.n);
    for (let i = 0; i < 6; i++) expect(fitted[i]).toBeCloseTo(data.y[i], 8);
  });

  it('gives a constant column a zero coefficient (centred away) instead of failing', () => {
    const X = fx.X.map((r) => [...r, 3]);
    const m = linearRegression.fit(trainData(X, [...fx.features, 'const']), 'regression', {});
    expect(m.info.rank).toBe(10);
    expect(Math.abs(m.coef[10])).toBeLessThan(1e-9);
    expectRel(m.coef.subarray(0, 10), fx.models.ols.coef[0], 1e-6, 'coef');
  });

  it('integer sample weights equal repeating rows', () => {
    const idx = fx.train.slice(0, 40), reps = idx.map((_, i) => 1 + (i % 3));
    const weighted: TrainData = { ...rows(idx), y: Float64Array.from(idx, (i) => fx.y[i]), featureNames: fx.features, sampleWeight: Float64Array.from(reps) };
    const rep = idx.flatMap((r, i) => Array<number>(reps[i]).fill(r));
    const repeated: TrainData = { ...rows(rep), y: Float64Array.from(rep, (i) => fx.y[i]), featureNames: fx.features };
    for (const def of [linearRegression, ridge]) {
      const a = def.fit(weighted, 'regression', {}), b = def.fit(repeated, 'regression', {});
      expectRel(a.coef, Array.from(b.coef), 1e-8, `${def.id} coef`);
    }
  });
});

describe('checks and JSON', () => {
  it('names the row and feature of a NaN in X', () => {
    const data = trainData();
    data.X[5 * 10 + 2] = NaN;
    const err = errorInfo(catchError(() => linearRegression.fit(data, 'regression', {})));
    expect(err.code).toBe('BAD_TRAINING_INPUT');
    expect(err.message).toMatch(/NaN.*row 5, feature "bmi"/);
  });

  it('rejects a classification task, an unknown parameter and an out-of-range alpha with the choices', () => {
    expect(() => linearRegression.fit(trainData(), 'binary', {})).toThrow(/does not do binary; it does regression/);
    expect(() => ridge.fit(trainData(), 'regression', { lambda: 1 })).toThrow(/unknown parameter "lambda"; parameters are alpha, fit_intercept/);
    expect(() => ridge.fit(trainData(), 'regression', { alpha: -1 })).toThrow(/alpha = -1 must be at least/);
    expect(() => linearRegression.fit({ ...trainData(), sampleWeight: new Float64Array(353).fill(-1) }, 'regression', {})).toThrow(/weights must be finite and ≥ 0/);
  });

  it('round-trips through JSON text with identical predictions', () => {
    for (const def of [linearRegression, ridge]) {
      const m = def.fit(trainData(), 'regression', {});
      const json = JSON.parse(JSON.stringify(def.toJSON(m))) as Record<string, unknown>;
      expect(json).toMatchObject({ format: 'benchtop-linear-v1', model: def.id, task: 'regression', classes: null, labels: null });
      const back = def.fromJSON(json);
      expect(def.predict(back, test.X, test.n)).toEqual(def.predict(m, test.X, test.n));
    }
  });

  it('refuses JSON of another model or format', () => {
    const json = linearRegression.toJSON(linearRegression.fit(trainData(), 'regression', {})) as Record<string, unknown>;
    expect(() => ridge.fromJSON(json)).toThrow(/Not a ridge model.*model is "linear-regression"/);
    expect(() => linearRegression.fromJSON({ ...json, format: 'v0' })).toThrow(/format is "v0"/);
    expect(() => linearRegression.fromJSON({ ...json, coef: [[1, 2]] })).toThrow(/coef must be 1 row\(s\) of 10 finite numbers/);
  });

  it('calls progress once and honours cancel', () => {
    const calls: number[][] = [];
    linearRegression.fit(trainData(), 'regression', {}, { progress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([[1, 1]]);
    expect(errorInfo(catchError(() => ridge.fit(trainData(), 'regression', {}, { cancelled: () => true }))).code).toBe('CANCELLED');
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
