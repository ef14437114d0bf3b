/**
 * Hyperparameter search. Pinned to scikit-learn 1.2 GridSearchCV (test/fixtures/search_reference.json,
 * made by make_search_reference.py): LogisticRegression over C on standardized breast cancer with
 * the fixture's StratifiedKFold(5) folds; fold scores, mean/std and ranks by accuracy and neg_log_loss.
 * Then candidates (grid order, random draws, every validation), folds, subset, ranks, async models.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import type { Fold } from '../../../src/lib/data/folds';
import type { HyperParams, ModelDef, TrainData } from '../../../src/lib/ml/model';
import { decisionTree } from '../../../src/lib/ml/models/decision-tree';
import { linearRegression } from '../../../src/lib/ml/models/linear-regression';
import { linearSvc } from '../../../src/lib/ml/models/linear-svc';
import { logisticRegression } from '../../../src/lib/ml/models/logistic-regression';
import { candidates, cvFolds, meanStd, rankCandidates, scoreCandidate, subset } from '../../../src/lib/ml/search';
import type { SearchSpec } from '../../../src/lib/ml/spec';

interface Scored { split_scores: number[][]; mean_test_score: number[]; std_test_score: number[]; rank_test_score: number[]; best_index: number; best_params: { C: number } }
interface Ref {
  sklearn: string; train: number[]; grid: { C: number[] }; folds: { train: number[]; test: number[] }[];
  searches: Record<'default' | 'tight', { params: HyperParams; converged: boolean[][]; scores: Record<'accuracy' | 'neg_log_loss', Scored> }>;
}
interface Linear { X: number[][]; y: number[]; train: number[]; classes: string[]; features: string[] }
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')) as T;
const ref = load<Ref>('search_reference'), lin = load<Linear>('linear_binary');

const d = lin.X[0].length;
const data: TrainData = {
  X: Float64Array.from(ref.train.flatMap((r) => lin.X[r])), n: ref.train.length, d,
  y: Int32Array.from(ref.train, (r) => lin.y[r]), classes: lin.classes, featureNames: lin.features,
};
const folds: Fold[] = ref.folds.map((f) => ({ train: Int32Array.from(f.train), test: Int32Array.from(f.test) }));
const spec = (over: Partial<SearchSpec>): SearchSpec => ({ mode: 'grid', space: {}, folds: 5, scoring: 'accuracy', parallelism: 1, ...over });

function caught(fn: () => unknown): ReturnType<typeof errorInfo> {
  try { fn(); } catch (e) { return errorInfo(e); }
  return expect.fail('expected an error');
}

describe('scoreCandidate = scikit-learn GridSearchCV (LogisticRegression, breast cancer, StratifiedKFold(5))', () => {
  it('uses the training rows of linear_binary.json', () => {
    expect(ref.sklearn).toMatch(/^1\.2\./);
    expect(ref.train).toEqual(lin.train);
    expect(folds.map((f) => f.test.length)).toEqual([91, 91, 91, 91, 91]);
    // With the default max_iter, scikit-learn's C = 100 fits stop unconverged on 4 of 5 folds.
    expect(ref.searches.default.converged.map((c) => c.filter((v) => !v).length)).toEqual([0, 0, 0, 0, 4]);
    expect(ref.searches.tight.converged.flat().every(Boolean)).toBe(true);
  });

  /**
   * Accuracy: every fold predicts the same classes, so the scores are equal to the last bit.
   * Log loss: within 1e-9 for C ≤ 10 (measured: 2e-12). At C = 100 the penalty barely binds and
   * the objective is flat along a near-separating direction, so the two L-BFGS runs end at
   * different points (default settings: scikit-learn at max_iter on 4 of 5 folds; tol 1e-10: both
   * on scipy's relative-reduction test, factr 1e7·ε): the fold scores differ by up to 1.1e-4
   * (measured). Ranks and the best C are still the same.
   */
  const tolerance = (scoring: string, C: number): number => (scoring === 'accuracy' ? 0 : C < 100 ? 1e-9 : 2e-4);
  for (const name of ['default', 'tight'] as const) {
    for (const scoring of ['accuracy', 'neg_log_loss'] as const) {
      it(`${name} solver, ${scoring}: fold scores, mean, std, ranks and best C`, async () => {
        const s = ref.searches[name], expected = s.scores[scoring];
        const cands = candidates(spec({ space: { C: ref.grid.C }, scoring }), logisticRegression, s.params, 0, 'binary');
        expect(cands.map((c) => c.C)).toEqual(ref.grid.C);
        const results = [];
        for (const params of cands) results.push(await scoreCandidate(logisticRegression, data, 'binary', params, folds, scoring));
        results.forEach((r, c) => {
          const tol = tolerance(scoring, ref.grid.C[c]), what = `C=${ref.grid.C[c]}`;
          r.scores.forEach((v, f) => expect(Math.abs(v - expected.split_scores[c][f]), `${what} fold ${f}`).toBeLessThanOrEqual(tol));
          expect(Math.abs(r.mean - expected.mean_test_score[c]), what).toBeLessThanOrEqual(tol);
          expect(Math.abs(r.std - expected.std_test_score[c]), what).toBeLessThanOrEqual(tol);
          if (tol === 0) expect([r.mean, r.std]).toEqual([expected.mean_test_score[c], expected.std_test_score[c]]);
        });
        const ranked = rankCandidates(results);
        expect(ranked.ranks).toEqual(expected.rank_test_score);
        expect(ranked.best).toBe(expected.best_index);
        expect(cands[ranked.best].C).toBe(expected.best_params.C);
      });
    }
  }
});

describe('candidates', () => {
  it('grid: the cartesian product in parameter order, last varying fastest; others from base, then defaults', () => {
    const c = candidates(spec({ space: { class_weight: ['none', 'balanced'], C: [0.1, 1, 10] } }), logisticRegression, { max_iter: 300 }, 0);
    expect(c.map((p) => [p.C, p.class_weight])).toEqual([[0.1, 'none'], [0.1, 'balanced'], [1, 'none'], [1, 'balanced'], [10, 'none'], [10, 'balanced']]);
    for (const p of c) expect(p).toMatchObject({ max_iter: 300, tol: 1e-4, fit_intercept: true });
    expect(Object.keys(c[0]).sort()).toEqual(logisticRegression.params.map((p) => p.name).sort());
    expect(candidates(spec({}), logisticRegression, {}, 0)).toEqual([{ C: 1, max_iter: 100, tol: 1e-4, class_weight: 'none', fit_intercept: true }]);
  });

  it('random: seeded draws within the ranges, log-uniform on log ranges, whole numbers for integer params', () => {
    const s = spec({ mode: 'random', candidates: 400, space: { C: { min: 1e-3, max: 1e3, log: true }, max_iter: { min: 50, max: 60 }, class_weight: ['none', 'balanced'] } });
    const a = candidates(s, logisticRegression, {}, 7), b = candidates(s, logisticRegression, {}, 7), c = candidates(s, logisticRegression, {}, 8);
    expect(a).toHaveLength(400);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const Cs = a.map((p) => p.C as number), iters = a.map((p) => p.max_iter as number);
    expect(Cs.every((v) => v >= 1e-3 && v <= 1e3)).toBe(true);
    // Log-uniform: about half the draws below the geometric mean 1, a sixth per decade.
    const below = Cs.filter((v) => v < 1).length;
    expect(below).toBeGreaterThan(160);
    expect(below).toBeLessThan(240);
    expect(Cs.filter((v) => v < 1e-2).length).toBeGreaterThan(40);
    expect(iters.every((v) => Number.isInteger(v) && v >= 50 && v <= 60)).toBe(true);
    expect(new Set(iters).size).toBe(11); // both ends reachable
    expect(new Set(a.map((p) => p.class_weight))).toEqual(new Set(['none', 'balanced']));
  });

  it('random over lists only: distinct grid points, or the whole grid when it is no larger', () => {
    const space = { C: [0.1, 1, 10, 100], class_weight: ['none', 'balanced'] };
    const few = candidates(spec({ mode: 'random', candidates: 5, space }), logisticRegression, {}, 3);
    expect(new Set(few.map((p) => `${p.C}/${p.class_weight}`)).size).toBe(5);
    const all = candidates(spec({ mode: 'random', candidates: 50, space }), logisticRegression, {}, 3);
    expect(all).toEqual(candidates(spec({ space }), logisticRegression, {}, 3));
  });

  it('rejects a bad space before any work, naming the param, value and range', () => {
    const lr = logisticRegression;
    const cases: [Partial<SearchSpec>, RegExp, Record<string, unknown>][] = [
      [{ space: { alpha: [1] } }, /names 'alpha', which Logistic regression does not have; its parameters are 'C', 'max_iter', 'tol', 'class_weight', 'fit_intercept'/, { param: 'alpha' }],
      [{ space: { C: [1, 0] } }, /Search space of C: C = 0 is out of range: C takes 0.000001 to 1000000\./, { param: 'C', value: 0 }],
      [{ space: { max_iter: [10.5] } }, /max_iter = 10\.5 must be a whole number/, { param: 'max_iter' }],
      [{ space: { class_weight: ['auto'] } }, /class_weight = "auto" is not one of 'none', 'balanced'/, { param: 'class_weight', choices: ['none', 'balanced'] }],
      [{ space: { C: [] } }, /lists no values for C/, { param: 'C', count: 0 }],
      [{ space: { C: { min: 0.1, max: 10 } } }, /a range is for random search; list the values/, { param: 'C' }],
      [{ mode: 'random', candidates: 5, space: { C: { min: 10, max: 1 } } }, /range 10 \.\. 1 is empty/, { param: 'C' }],
      [{ mode: 'random', candidates: 5, space: { C: { min: 1e-9, max: 1 } } }, /C = 1e-9 is out of range/, { param: 'C' }],
      [{ mode: 'random', candidates: 5, space: { class_weight: { min: 0, max: 1 } } }, /class_weight is enum, not numeric/, { param: 'class_weight' }],
      [{ mode: 'random', candidates: 0 }, /number of candidates from 1 to 9,999; got 0/, { value: 0 }],
      [{ mode: 'random', candidates: 10_000 }, /from 1 to 9,999; got 10000/, {}],
      [{ mode: 'random' }, /got undefined/, {}],
      [{ folds: 1 }, /whole number of folds from 2 up; got 1/, { value: 1 }],
      [{ scoring: 'r2' }, /Unknown scorer 'r2' for binary classification; scorers are 'accuracy', 'balanced_accuracy', 'precision'/, { value: 'r2' }],
    ];
    for (const [over, message, detail] of cases) {
      const e = caught(() => candidates(spec(over), lr, {}, 0, 'binary'));
      expect(e.code, message.source).toBe('BAD_TRAINING_INPUT');
      expect(e.message).toMatch(message);
      expect(e.detail).toMatchObject(detail);
    }
    expect(caught(() => candidates(spec({}), lr, { C: -1 }, 0)).message).toMatch(/C = -1 is out of range/);
    expect(caught(() => candidates(spec({}), lr, { gamma: 1 }, 0)).detail).toMatchObject({ param: 'gamma' });
  });

  it('caps a grid at 9,999 candidates', () => {
    const values = (k: number) => Array.from({ length: k }, (_, i) => 1 + i);
    const e = caught(() => candidates(spec({ space: { n_estimators: values(125), max_depth: values(100) } }), decisionTreeLike, {}, 0));
    expect(e.message).toBe('The grid max_depth (100) × n_estimators (125) gives 12,500 candidates; the limit is 9,999: remove values or use random search.');
    expect(e.detail).toMatchObject({ count: 12_500 });
    expect(candidates(spec({ space: { n_estimators: values(99), max_depth: values(101) } }), decisionTreeLike, {}, 0)).toHaveLength(9999);
  });

  it('knows which scorers a model can use: probability scorers need predictProba', () => {
    const e = caught(() => candidates(spec({ scoring: 'roc_auc' }), linearSvc, {}, 0, 'binary'));
    expect(e.message).toMatch(/^The scorer 'roc_auc' needs predicted probabilities, which Linear SVM does not give; choose one of 'accuracy', /);
    expect(e.detail.choices).not.toContain('roc_auc');
    expect(candidates(spec({ scoring: 'neg_log_loss' }), logisticRegression, {}, 0, 'binary')).toHaveLength(1);
    expect(candidates(spec({ scoring: 'roc_auc_ovr' }), logisticRegression, {}, 0, 'multiclass')).toHaveLength(1);
    expect(caught(() => candidates(spec({ scoring: 'accuracy' }), linearRegression, {}, 0, 'regression')).message)
      .toMatch(/Unknown scorer 'accuracy' for regression; scorers are 'neg_mean_absolute_error', 'neg_mean_squared_error', 'neg_root_mean_squared_error', 'r2'/);
    // Without a task: valid for one of the model's tasks.
    expect(candidates(spec({ scoring: 'r2' }), decisionTree, {}, 0)).toHaveLength(1);
  });
});

/** A model with wide integer params, to build a large grid. */
const decisionTreeLike: ModelDef = {
  ...decisionTree,
  params: [
    { name: 'max_depth', kind: 'integer', default: 0, min: 0, max: 1000, help: '' },
    { name: 'n_estimators', kind: 'integer', default: 10, min: 1, max: 1000, help: '' },
  ],
};

describe('cvFolds and subset', () => {
  it('stratified folds for classification: each fold keeps the class shares', () => {
    const y = Int32Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : i < 90 ? 1 : 2));
    const f = cvFolds(y, 'multiclass', 5, 1);
    expect(f).toHaveLength(5);
    for (const fold of f) {
      const count = [0, 0, 0];
      for (const r of fold.test) count[y[r]]++;
      expect(count).toEqual([14, 4, 2]);
      expect(fold.train.length + fold.test.length).toBe(100);
    }
    expect(cvFolds(y, 'multiclass', 5, 1)).toEqual(f);
    const all = f.flatMap((fold) => Array.from(fold.test)).sort((a, b) => a - b);
    expect(all).toEqual([...Array(100).keys()]);
  });

  it('plain folds for regression, sizes within 1', () => {
    const f = cvFolds(new Float64Array(23), 'regression', 4, 0);
    expect(f.map((fold) => fold.test.length)).toEqual([6, 6, 6, 5]);
  });

  it('rejects more folds than rows, or than the rows of the smallest class', () => {
    let e = caught(() => cvFolds(new Float64Array(4), 'regression', 5, 0));
    expect(e.message).toBe('5 folds need at least 5 training rows; there are 4. Use at most 4 folds.');
    const y = Int32Array.from({ length: 50 }, (_, i) => (i < 47 ? 0 : 1));
    e = caught(() => cvFolds(y, 'binary', 5, 0, ['no', 'yes']));
    expect(e.code).toBe('BAD_TRAINING_INPUT');
    expect(e.message).toMatch(/The class 'yes' has 3 training rows, fewer than the 5 folds: .* Use at most 3 folds/);
    expect(e.detail).toMatchObject({ value: 5, count: 3, class: 'yes' });
    expect(caught(() => cvFolds(y, 'binary', 1, 0)).message).toMatch(/from 2 up; got 1/);
    expect(cvFolds(y, 'binary', 3, 0)).toHaveLength(3);
  });

  it('subset copies the rows asked for, in that order', () => {
    const small: TrainData = { X: Float64Array.of(1, 2, 3, 4, 5, 6), n: 3, d: 2, y: Int32Array.of(0, 1, 0), classes: ['a', 'b'], featureNames: ['u', 'v'], sampleWeight: Float64Array.of(1, 2, 3) };
    const s = subset(small, Int32Array.of(2, 0));
    expect(s).toEqual({ X: Float64Array.of(5, 6, 1, 2), n: 2, d: 2, y: Int32Array.of(0, 0), classes: ['a', 'b'], featureNames: ['u', 'v'], sampleWeight: Float64Array.of(3, 1) });
    expect(subset({ ...small, y: Float64Array.of(0.5, 1.5, 2.5), classes: undefined, sampleWeight: undefined }, Int32Array.of(1)).y).toEqual(Float64Array.of(1.5));
  });
});

describe('rankCandidates and meanStd', () => {
  it('ranks as rank_test_score: ties share the lowest rank, NaN ties with the worst', () => {
    expect(rankCandidates([{ mean: 0.5 }, { mean: 0.9 }, { mean: 0.5 }, { mean: 0.7 }])).toEqual({ ranks: [3, 1, 3, 2], best: 1 });
    expect(rankCandidates([{ mean: 0.8 }, { mean: 0.8 }])).toEqual({ ranks: [1, 1], best: 0 });
    expect(rankCandidates([{ mean: NaN }, { mean: 0.2 }, { mean: 0.4 }])).toEqual({ ranks: [3, 2, 1], best: 2 });
    expect(rankCandidates([{ mean: NaN }, { mean: NaN }])).toEqual({ ranks: [1, 1], best: -1 });
  });

  it('population std (np.std)', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });
});

describe('scoreCandidate with an asynchronous model', () => {
  const reg: TrainData = { X: Float64Array.from({ length: 40 }, (_, i) => i), n: 40, d: 1, y: Float64Array.from({ length: 40 }, (_, i) => 2 * i + 1), featureNames: ['x'] };
  /** Least squares through a promise, as a tensor model; records disposals. */
  function asyncLinear(disposed: number[]): ModelDef<{ a: number; b: number; id: number }> {
    let next = 0;
    type M = { a: number; b: number; id: number };
    return {
      id: 'async-linear', label: 'Async line', description: 'Least squares on one feature, behind promises.', tasks: ['regression'], params: [],
      toJSON: (m) => m, fromJSON: (json) => json as M,
      async fit(data) {
        await new Promise((r) => setTimeout(r, 1));
        let sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (let i = 0; i < data.n; i++) { sx += data.X[i]; sy += data.y[i]; sxx += data.X[i] ** 2; sxy += data.X[i] * data.y[i]; }
        const a = (data.n * sxy - sx * sy) / (data.n * sxx - sx * sx);
        return { a, b: (sy - a * sx) / data.n, id: next++ };
      },
      async predict(m, X, n) { return Float64Array.from({ length: n }, (_, i) => m.a * X[i] + m.b); },
      dispose(m) { disposed.push(m.id); },
    };
  }

  it('awaits fit and predict, scores each fold, disposes of each fold model, reports folds', async () => {
    const disposed: number[] = [], seen: number[] = [];
    const folds = cvFolds(reg.y, 'regression', 4, 0);
    const r = await scoreCandidate(asyncLinear(disposed), reg, 'regression', {}, folds, 'neg_mean_absolute_error', { onFold: (done) => seen.push(done) });
    expect(r.scores).toHaveLength(4);
    for (const s of r.scores) expect(Math.abs(s)).toBeLessThan(1e-9);
    expect(r.mean).toBeLessThanOrEqual(0);
    expect(r.fitMs).toBeGreaterThan(0);
    expect(disposed).toEqual([0, 1, 2, 3]);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('stops with CANCELLED when hooks.cancelled turns true, and rejects a bad scorer first', async () => {
    let calls = 0;
    const folds = cvFolds(reg.y, 'regression', 4, 0);
    const err = await scoreCandidate(asyncLinear([]), reg, 'regression', {}, folds, 'r2', { cancelled: () => ++calls > 2 }).catch((e: unknown) => errorInfo(e));
    expect(err).toMatchObject({ code: 'CANCELLED' });
    const bad = await scoreCandidate(asyncLinear([]), reg, 'regression', {}, folds, 'accuracy').catch((e: unknown) => errorInfo(e));
    expect(bad).toMatchObject({ code: 'BAD_TRAINING_INPUT', detail: { value: 'accuracy' } });
  });
});
