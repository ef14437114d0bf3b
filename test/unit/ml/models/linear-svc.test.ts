/**
 * linear-svc against scikit-learn 1.2 LinearSVC on test/fixtures/linear_binary.json (breast cancer,
 * standardized), linear_multiclass.json (iris, standardized) and linear_multiclass_raw.json (raw iris),
 * made by test/fixtures/make_linear_reference.py. Test accuracy within 1 point of scikit-learn's; the
 * visiting order of liblinear's coordinate descent cannot be reproduced, so coefficients are only
 * checked loosely (within 1e-3 of the largest) where both sides converged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../../src/lib/errors';
import type { Task, TrainData } from '../../../../src/lib/ml/model';
import { linearSvc as svc } from '../../../../src/lib/ml/models/linear-svc';

interface Fitted { coef: number[][]; intercept: number[]; accuracy: number; n_iter: number; converged: boolean }
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

function accuracy(fx: Fixture, m: ReturnType<typeof svc.fit>): number {
  const t = rows(fx, fx.test), pred = svc.predict(m, t.X, t.n);
  return fx.test.filter((r, i) => pred[i] === fx.y[r]).length / t.n;
}

it('uses fixtures made with scikit-learn 1.2', () => {
  for (const fx of [binary, multi, raw]) expect(fx.sklearn).toMatch(/^1\.2\./);
});

describe.each([
  ['breast cancer', binary, 'svc', {}],
  ['breast cancer', binary, 'svc_hinge', { loss: 'hinge' }],
  ['breast cancer', binary, 'svc_balanced', { class_weight: 'balanced' }],
  ['iris', multi, 'svc', {}],
  ['raw iris', raw, 'svc', {}],
] as const)('%s %s', (_, fx, key, params) => {
  const ref = fx.models[key];

  it.each([0, 1, 2])('seed %i: test accuracy within 1 point of scikit-learn', (seed) => {
    // scikit-learn 1.2's LinearSVC solves the dual: so does dual 'true'.
    const m = svc.fit(trainData(fx), taskOf(fx), { ...params, dual: 'true' }, { seed });
    expect(Math.abs(accuracy(fx, m) - ref.accuracy)).toBeLessThanOrEqual(0.01);
    expect(m.info.converged).toBe(ref.converged);
    if (ref.converged) {
      const e = [...ref.coef.flat(), ...ref.intercept], a = [...m.coef, ...m.intercept];
      const big = Math.max(...e.map(Math.abs));
      e.forEach((v, i) => expect(Math.abs(a[i] - v)).toBeLessThan(1e-3 * big));
    }
  });

  if (!('loss' in params)) {
    it('the primal (dual auto: more rows than features) reaches the same optimum', () => {
      const m = svc.fit(trainData(fx), taskOf(fx), params, {});
      expect(m.info.solver).toBe('primal');
      expect(Math.abs(accuracy(fx, m) - ref.accuracy)).toBeLessThanOrEqual(0.01);
      if (ref.converged) {
        const e = [...ref.coef.flat(), ...ref.intercept], a = [...m.coef, ...m.intercept];
        const big = Math.max(...e.map(Math.abs));
        e.forEach((v, i) => expect(Math.abs(a[i] - v)).toBeLessThan(1e-3 * big));
      }
    });
  }
});

describe('behaviour', () => {
  it('is reproducible: the same seed gives the same model, another seed stops elsewhere', () => {
    const dual = { dual: 'true' };
    const a = svc.fit(trainData(binary), 'binary', dual, { seed: 7 });
    const b = svc.fit(trainData(binary), 'binary', dual, { seed: 7 });
    const c = svc.fit(trainData(binary), 'binary', dual, { seed: 8 });
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(b.intercept[0]).toBe(a.intercept[0]);
    expect(Array.from(c.coef)).not.toEqual(Array.from(a.coef));
  });

  it('fits one-vs-rest rows for three classes and has no predictProba', () => {
    const m = svc.fit(trainData(multi), 'multiclass', {});
    expect([m.rows, m.coef.length, m.intercept.length]).toEqual([3, 12, 3]);
    expect(svc.predictProba).toBeUndefined();
  });

  it('reports progress per epoch, stops on cancel, refuses one class and NaN', () => {
    const seen: number[] = [];
    svc.fit(trainData(multi), 'multiclass', {}, { progress: (done, total) => { expect(total).toBe(3000); seen.push(done); } });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(3000);
    let polls = 0;
    expect(errorInfo(catchError(() => svc.fit(trainData(binary), 'binary', {}, { cancelled: () => ++polls > 5 }))).code).toBe('CANCELLED');
    expect(() => svc.fit({ ...trainData(binary), y: new Int32Array(455) }, 'binary', {})).toThrow(/at least two classes.*only "malignant"/);
    const nan = trainData(binary);
    nan.X[30 * 4] = NaN;
    expect(() => svc.fit(nan, 'binary', {})).toThrow(/NaN\) at row 4, feature "mean radius"/);
    expect(() => svc.fit(trainData(binary), 'regression', {})).toThrow(/does not do regression; it does binary, multiclass/);
  });

  it('round-trips through JSON text with identical predictions', () => {
    for (const fx of [binary, multi]) {
      const m = svc.fit(trainData(fx), taskOf(fx), {}, { seed: 3 });
      const json = JSON.parse(JSON.stringify(svc.toJSON(m))) as Record<string, unknown>;
      expect(json).toMatchObject({ format: 'benchtop-linear-v1', model: 'linear-svc', task: taskOf(fx) });
      const back = svc.fromJSON(json), t = rows(fx, fx.test);
      expect(svc.predict(back, t.X, t.n)).toEqual(svc.predict(m, t.X, t.n));
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
