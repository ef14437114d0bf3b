/**
 * Each fitting transform pinned to scikit-learn 1.2 (and pandas for the IQR/z-score/quantile rules)
 * on test/fixtures/recipe_reference.json, made once by test/fixtures/make_recipe_reference.py with
 * Debian's python3-sklearn: fit on the fixture's 160 training rows, transform its 40 test rows.
 * Numbers within 1e-9 relative; bins, categories, kept rows and 0/1 columns exactly.
 */
import { describe, expect, it } from 'vitest';
import { applyRecipe, fitRecipe, type FittedRecipe, type RecipeStep } from '../../../src/lib/recipe/recipe';
import { compareStrings } from '../../../src/lib/recipe/stats';
import { numericColumn, type Table } from '../../../src/lib/recipe/table';
import type { BucketizeFit } from '../../../src/lib/recipe/steps/bucketize';
import type { ClipFit } from '../../../src/lib/recipe/steps/clip';
import type { ImputeFit } from '../../../src/lib/recipe/steps/impute';
import type { MinMaxFit } from '../../../src/lib/recipe/steps/minmax';
import type { OneHotFit } from '../../../src/lib/recipe/steps/one-hot';
import type { OrdinalFit } from '../../../src/lib/recipe/steps/ordinal';
import type { OutlierFit } from '../../../src/lib/recipe/steps/remove-outliers';
import type { StandardizeFit } from '../../../src/lib/recipe/steps/standardize';
import { expectClose, frame, num, ref, strings, test, train, values } from './helpers';

const NUMERIC = ['num', 'cnt', 'skew', 'lin', 'const'];
type Cols = Record<string, (number | null)[]>;
const R = ref as unknown as Record<string, Record<string, Record<string, unknown>>>;

/** Fits one step on the training rows; returns the fitted state and the transformed test rows. */
function one<F>(type: string, params: RecipeStep['params'], rows: Table = test()): { fit: F; out: Table; recipe: FittedRecipe } {
  const recipe = fitRecipe({ version: 1, steps: [{ type, params }] }, train());
  return { fit: recipe.steps[0].fitted as F, out: applyRecipe(recipe, rows), recipe };
}

it('uses the fixture made with scikit-learn 1.2', () => {
  expect(ref.sklearn).toMatch(/^1\.2\./);
  expect(ref.train.length).toBe(160);
  expect(ref.test.length).toBe(40);
});

describe('standardize = StandardScaler', () => {
  it('learns mean and scale (population std; a constant column scales by 1) and transforms test rows', () => {
    const { fit, out } = one<StandardizeFit>('standardize', { columns: NUMERIC });
    const s = R.standard as unknown as { mean: number[]; scale: number[]; test: Cols };
    expectClose(fit.columns.map((c) => c.mean), s.mean, 'mean');
    expectClose(fit.columns.map((c) => c.scale), s.scale, 'scale');
    expect(fit.columns[4].scale).toBe(1);
    for (const c of NUMERIC) expectClose(values(out, c), s.test[c], `standardize ${c}`);
  });
});

describe('minmax = MinMaxScaler', () => {
  it('learns min and max and maps test rows (outside the training range stays outside [0, 1])', () => {
    const { fit, out } = one<MinMaxFit>('minmax', { columns: NUMERIC });
    const m = R.minmax as unknown as { min: number[]; max: number[]; test: Cols };
    expect(fit.columns.map((c) => c.min)).toEqual(m.min);
    expect(fit.columns.map((c) => c.max)).toEqual(m.max);
    for (const c of NUMERIC) expectClose(values(out, c), m.test[c], `minmax ${c}`);
  });
});

describe('impute = SimpleImputer', () => {
  const imp = R.impute as unknown as Record<string, { statistics: (number | string)[]; test: Cols | (string | null)[] }>;
  it.each([
    ['mean', { strategy: 'mean' }],
    ['median', { strategy: 'median' }],
    ['most_frequent', { strategy: 'most_frequent' }],
    ['constant', { strategy: 'constant' }],
    ['constant_-1.5', { strategy: 'constant', fill_value: -1.5 }],
  ] as const)('numeric %s', (name, params) => {
    const { fit, out } = one<ImputeFit>('impute', { columns: ['num', 'cnt'], ...params });
    expectClose(fit.fills.map((f) => f.value as number), imp[name].statistics, `${name} statistics`);
    for (const c of ['num', 'cnt']) expectClose(values(out, c), (imp[name].test as Cols)[c], `${name} ${c}`);
  });
  it.each([
    ['color_most_frequent', { strategy: 'most_frequent' }],
    ['color_constant', { strategy: 'constant' }],
    ['color_constant_none', { strategy: 'constant', fill_value: 'none' }],
  ] as const)('categorical %s', (name, params) => {
    const { fit, out } = one<ImputeFit>('impute', { columns: ['color'], ...params });
    expect(fit.fills.map((f) => f.value)).toEqual(imp[name].statistics);
    expect(strings(out, 'color')).toEqual(imp[name].test);
  });
});

describe('one-hot = OneHotEncoder', () => {
  const oh = R.onehot as unknown as Record<string, { categories: string[]; infrequent: string[] | null; names: string[]; test: Cols }>;
  /** sklearn's cat_alpha / cat_infrequent_sklearn are Benchtop's cat=alpha / cat=(other). */
  const rename = (n: string) => (n === 'cat_infrequent_sklearn' ? 'cat=(other)' : n.replace(/^cat_/, 'cat='));
  it.each([
    ['max4_ignore', { max_categories: 4, handle_unknown: 'ignore' }],
    ['max4_infrequent', { max_categories: 4, handle_unknown: 'other' }],
    ['all_ignore', { handle_unknown: 'ignore' }],
  ] as const)('%s', (name, params) => {
    const { fit, out } = one<OneHotFit>('one-hot', { columns: ['cat'], ...params });
    const r = oh[name], f = fit.columns[0];
    expect([...f.categories, ...f.other].sort(compareStrings)).toEqual(r.categories);
    expect(f.other).toEqual(r.infrequent ?? []);
    expect(f.names).toEqual(r.names.map(rename));
    expect(out.columns.map((c) => c.name).filter((n) => n.startsWith('cat'))).toEqual(r.names.map(rename));
    for (const n of r.names) expect(values(out, rename(n)), n).toEqual(r.test[n]);
    expect(strings(test(), 'cat').filter((v) => v === 'omega').length).toBe(2); // the unseen level is there
  });
});

describe('ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)', () => {
  it('codes categories in sorted order, unseen as -1', () => {
    const { fit, out } = one<OrdinalFit>('ordinal', { columns: ['cat'] });
    const o = R.ordinal as unknown as { categories: string[]; test: number[] };
    expect(fit.columns[0].categories).toEqual(o.categories);
    expect(values(out, 'cat')).toEqual(o.test);
  });
});

describe('bucketize = KBinsDiscretizer(n_bins=5, encode="ordinal")', () => {
  const kb = R.kbins as unknown as Record<string, { edges: unknown[][]; n_bins: number[]; train: Cols; test: Cols }>;
  it.each(['uniform', 'quantile'])('%s: edges, and bins of train and test rows exactly', (strategy) => {
    const cols = ['skew', 'lin', 'const'];
    const { fit, out, recipe } = one<BucketizeFit>('bucketize', { columns: cols, n_bins: 5, strategy });
    const r = kb[strategy];
    fit.columns.forEach((c, j) => {
      if (cols[j] === 'const') { expect(r.edges[j]).toEqual(['-inf', 'inf']); expect(c.edges).toEqual([7, 7]); return; }
      expect(c.edges).toEqual(r.edges[j].map(num));
      expect(c.edges.length - 1).toBe(r.n_bins[j]);
    });
    const outTrain = applyRecipe(recipe, train());
    for (const c of cols) {
      expect(values(out, c), `test ${c}`).toEqual(r.test[c]);
      expect(values(outTrain, c), `train ${c}`).toEqual(r.train[c]);
    }
  });
});

describe('log1p, outliers, clip, date parts (NumPy / pandas)', () => {
  it('log1p = np.log1p', () => {
    const { out } = one('log1p', { columns: ['skew'] });
    expectClose(values(out, 'skew'), (R.log1p as unknown as { test: number[] }).test, 'log1p');
  });

  it.each([
    ['iqr_num', { columns: ['num'], method: 'iqr', k: 1.5 }],
    ['zscore_num', { columns: ['num'], method: 'zscore', threshold: 3 }],
    ['iqr_skew_k1', { columns: ['skew'], method: 'iqr', k: 1 }],
  ] as [string, RecipeStep['params']][])('remove-outliers %s: bounds from training rows, the same rows kept', (name, params) => {
    const all = frame();
    all.columns.push(numericColumn('row', Float64Array.from({ length: all.rows }, (_, i) => i), 'integer', 'identifier'));
    const { fit, out } = one<OutlierFit>('remove-outliers', params, all);
    const r = (R.outliers as unknown as Record<string, { bounds: number[]; kept: number[] }>)[name];
    expectClose([fit.bounds[0].lower, fit.bounds[0].upper], r.bounds, `${name} bounds`);
    expect(values(out, 'row')).toEqual(r.kept);
  });

  it('clip with training quantiles = Series.clip(quantile(0.05), quantile(0.95))', () => {
    const { fit, out } = one<ClipFit>('clip', { columns: ['skew'], method: 'quantile', lower_quantile: 0.05, upper_quantile: 0.95 });
    const c = R.clip as unknown as { skew_q05_q95: number[]; test: number[] };
    expectClose([fit.bounds[0].lower!, fit.bounds[0].upper!], c.skew_q05_q95, 'quantiles');
    expectClose(values(out, 'skew'), c.test, 'clipped');
  });

  it('date-parts = pandas dt.year / month / weekday (Monday 0) / hour, UTC, before 1970 too', () => {
    const { out } = one('date-parts', { columns: ['when'] });
    const d = R.dates as unknown as Record<string, number[]>;
    for (const part of ['year', 'month', 'weekday', 'hour']) expect(values(out, `when_${part}`), part).toEqual(d[part]);
    expect(Math.min(...values(out, 'when_year'))).toBeLessThan(1970);
  });
});
