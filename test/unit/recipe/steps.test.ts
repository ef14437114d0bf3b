/** Behaviour of each step beyond the scikit-learn pins: expressions, row steps, edge cases, parameter checks. */
import { describe, expect, it } from 'vitest';
import { applyRecipe, fitRecipe, fitTransform, type RecipeStep } from '../../../src/lib/recipe/recipe';
import { stepDef } from '../../../src/lib/recipe/registry';
import { normalizeParams } from '../../../src/lib/recipe/step';
import { binEdges } from '../../../src/lib/recipe/steps/bucketize';
import type { OneHotFit } from '../../../src/lib/recipe/steps/one-hot';
import { linspace, quantile } from '../../../src/lib/recipe/stats';
import { codesColumn, numericColumn, tableFromRecords, toRecords, type Table } from '../../../src/lib/recipe/table';
import { recipeError, strings, values } from './helpers';

/** A small table: x (float), n (integer), c (categorical), t (datetime). */
function small(): Table {
  return tableFromRecords(
    [{ name: 'x', type: 'float', role: 'feature' }, { name: 'n', type: 'integer', role: 'feature' }, { name: 'c', type: 'categorical', role: 'feature' }, { name: 't', type: 'datetime', role: 'feature' }],
    [
      { x: 1.5, n: 1, c: 'a', t: Date.UTC(2024, 1, 29, 23, 59) },
      { x: null, n: 2, c: 'b', t: null },
      { x: 1.5, n: 1, c: 'a', t: Date.UTC(2024, 1, 29, 23, 59) },
      { x: -3, n: null, c: null, t: Date.UTC(1969, 11, 31, 23) },
      { x: 10, n: 4, c: 'b', t: 0 },
    ],
  );
}
const run = (steps: RecipeStep[], t = small()) => fitTransform({ version: 1, steps }, t).table;

describe('expressions (data/expr.ts)', () => {
  it('filter-rows keeps rows where the condition holds; a missing result drops the row', () => {
    expect(values(run([{ type: 'filter-rows', params: { condition: 'x > 1' } }]), 'x')).toEqual([1.5, 1.5, 10]);
    expect(strings(run([{ type: 'filter-rows', params: { condition: 'c == "b" or isnull(c)' } }]), 'c')).toEqual(['b', null, 'b']);
    expect(run([{ type: 'filter-rows', params: { condition: 'not (n >= 1)' } }]).rows).toBe(0);
  });

  it('derived adds a float column last, or replaces one of the same name in place', () => {
    const t = run([{ type: 'derived', params: { name: 'ratio', expression: 'x / n' } }]);
    expect(t.columns.map((c) => c.name)).toEqual(['x', 'n', 'c', 't', 'ratio']);
    expect(values(t, 'ratio')).toEqual([1.5, NaN, 1.5, NaN, 2.5]);
    const r = run([{ type: 'derived', params: { name: 'x', expression: 'coalesce(x, 0) * 2' } }]);
    expect(r.columns.map((c) => c.name)).toEqual(['x', 'n', 'c', 't']);
    expect(values(r, 'x')).toEqual([3, 0, 3, -6, 20]);
  });

  it('derived refuses an empty name and a text column in arithmetic', () => {
    expect(recipeError(() => run([{ type: 'derived', params: { name: ' ', expression: '1' } }])).message).toMatch(/name must not be empty/);
    expect(recipeError(() => run([{ type: 'derived', params: { name: 'y', expression: 'c + 1' } }])).message).toMatch(/expression "c \+ 1": Column "c" at position 0 is categorical, not numeric/);
  });
});

describe('row and column steps', () => {
  it('drop-duplicates compares all columns (missing equals missing) or a subset, keeping first or last', () => {
    const t = small();
    t.columns.push(numericColumn('id', Float64Array.of(0, 1, 2, 3, 4), 'integer', 'identifier'));
    const dup = [...t.columns.slice(0, 4)];
    const twice: Table = { rows: 10, columns: dup.map((c) => ('values' in c ? { ...c, values: Float64Array.from([...c.values, ...c.values]) } : { ...c, codes: Int32Array.from([...c.codes, ...c.codes]) })) };
    expect(run([{ type: 'drop-duplicates', params: {} }], twice).rows).toBe(4);
    expect(values(run([{ type: 'drop-duplicates', params: { columns: ['x', 'n'] } }], t), 'id')).toEqual([0, 1, 3, 4]);
    expect(values(run([{ type: 'drop-duplicates', params: { columns: ['c'], keep: 'last' } }], t), 'id')).toEqual([2, 3, 4]);
  });

  it('drop-columns needs at least one existing column', () => {
    expect(run([{ type: 'drop-columns', params: { columns: ['c', 't'] } }]).columns.map((c) => c.name)).toEqual(['x', 'n']);
    expect(recipeError(() => run([{ type: 'drop-columns', params: { columns: [] } }])).message).toMatch(/choose at least one column to drop/);
    expect(recipeError(() => run([{ type: 'drop-columns', params: { columns: ['z'] } }])).message).toMatch(/column "z" does not exist/);
  });

  it('remove-outliers keeps missing values and removes rows outside the learned bounds', () => {
    const t = tableFromRecords([{ name: 'v', type: 'float', role: 'feature' }], [1, 2, 3, 4, null, 100].map((v) => ({ v })));
    expect(values(run([{ type: 'remove-outliers', params: { method: 'iqr' } }], t), 'v')).toEqual([1, 2, 3, 4, NaN]);
  });

  it('clip with fixed bounds (either may be left out); an integer column clipped at a fraction becomes float', () => {
    expect(values(run([{ type: 'clip', params: { columns: ['x'], method: 'fixed', upper: 2 } }]), 'x')).toEqual([1.5, NaN, 1.5, -3, 2]);
    const t = run([{ type: 'clip', params: { columns: ['n'], method: 'fixed', lower: 1.5, upper: 3 } }]);
    expect(values(t, 'n')).toEqual([1.5, 2, 1.5, NaN, 3]);
    expect(t.columns[1].type).toBe('float');
    expect(recipeError(() => run([{ type: 'clip', params: { method: 'fixed' } }])).message).toMatch(/method fixed needs lower, upper or both/);
  });
});

describe('impute', () => {
  it('turns an integer column filled with a fractional mean into float, and adds a string fill to the dictionary', () => {
    const t = run([{ type: 'impute', params: { columns: ['n'], strategy: 'mean' } }, { type: 'impute', params: { columns: ['c'], strategy: 'constant' } }]);
    expect(values(t, 'n')).toEqual([1, 2, 1, 2, 4]);
    expect(t.columns[1].type).toBe('integer'); // mean 2 is whole
    expect(strings(t, 'c')).toEqual(['a', 'b', 'a', 'missing_value', 'b']);
    const f = run([{ type: 'impute', params: { columns: ['x'], strategy: 'median' } }]);
    expect(values(f, 'x')).toEqual([1.5, 1.5, 1.5, -3, 10]);
  });

  it('refuses a column with no training values, and a string fill for a numeric column', () => {
    const t = tableFromRecords([{ name: 'v', type: 'float', role: 'feature' }], [{ v: null }, { v: null }]);
    expect(recipeError(() => run([{ type: 'impute', params: { strategy: 'median' } }], t)).message)
      .toBe('Step 1 (impute): column "v" has no values in the training rows, so its median value is undefined; use strategy constant or drop the column');
    expect(recipeError(() => run([{ type: 'impute', params: { columns: ['x'], strategy: 'constant', fill_value: 'none' } }])).message)
      .toMatch(/column "x" is float, but fill_value "none" needs categorical, text columns; those are "c"; give a numeric fill_value for other columns/);
  });

  it('with no columns listed, fills every feature column the strategy can (numbers with 0, strings with "missing_value")', () => {
    const t = run([{ type: 'impute', params: { strategy: 'constant' } }]);
    expect(toRecords(t)[3]).toEqual({ x: -3, n: 0, c: 'missing_value', t: Date.UTC(1969, 11, 31, 23) });
    expect(values(t, 't')[1]).toBe(0);
  });
});

describe('encoders', () => {
  const cats = (values: (string | null)[]): Table => ({ rows: values.length, columns: [codesColumn('k', values)] });

  it('one-hot: missing gives all zeros; handle_unknown error names the unseen categories', () => {
    const fitted = fitRecipe({ version: 1, steps: [{ type: 'one-hot', params: { handle_unknown: 'error' } }] }, cats(['b', 'a', null, 'b']));
    expect(toRecords(applyRecipe(fitted, cats(['a', null])))).toEqual([{ 'k=a': 1, 'k=b': 0 }, { 'k=a': 0, 'k=b': 0 }]);
    expect(recipeError(() => applyRecipe(fitted, cats(['z', 'a', 'y']))).message)
      .toBe('Step 1 (one-hot): column "k" has categories not seen in training: "y", "z"; known are "a", "b" (set handle_unknown to ignore or other to accept them)');
  });

  it('one-hot: exactly max_categories categories are all kept (no other column)', () => {
    const f = fitRecipe({ version: 1, steps: [{ type: 'one-hot', params: { max_categories: 3 } }] }, cats(['a', 'b', 'c', 'c']));
    expect((f.steps[0].fitted as OneHotFit).columns[0]).toEqual({ column: 'k', categories: ['a', 'b', 'c'], other: [], names: ['k=a', 'k=b', 'k=c'] });
  });

  it('one-hot: output names never collide with existing columns', () => {
    const t: Table = { rows: 2, columns: [codesColumn('k', ['a', 'b']), numericColumn('k=a', Float64Array.of(5, 6))] };
    const out = run([{ type: 'one-hot', params: { columns: ['k'] } }], t);
    expect(out.columns.map((c) => c.name)).toEqual(['k=a_2', 'k=b', 'k=a']);
  });

  it('ordinal: order of first appearance; unseen categories are -1 or an error', () => {
    const f = fitRecipe({ version: 1, steps: [{ type: 'ordinal', params: { order: 'appearance' } }] }, cats(['b', null, 'a', 'b']));
    expect(values(applyRecipe(f, cats(['a', 'b', null, 'q'])), 'k')).toEqual([1, 0, NaN, -1]);
    const strict = fitRecipe({ version: 1, steps: [{ type: 'ordinal', params: { handle_unknown: 'error' } }] }, cats(['b', 'a']));
    expect(values(applyRecipe(strict, cats(['b'])), 'k')).toEqual([1]);
    expect(recipeError(() => applyRecipe(strict, cats(['q']))).message).toMatch(/column "k" has categories not seen in training: "q"; known are "a", "b"/);
  });
});

describe('bucketize, log1p, date-parts', () => {
  it('bucketize: missing stays missing, values beyond the training range go to the end bins, a constant column is one bin', () => {
    const t = tableFromRecords([{ name: 'v', type: 'float', role: 'feature' }, { name: 'k', type: 'float', role: 'feature' }], [0, 1, 2, 3, 4, null].map((v) => ({ v, k: 2 })));
    const f = fitRecipe({ version: 1, steps: [{ type: 'bucketize', params: { n_bins: 4, strategy: 'uniform' } }] }, t);
    const probe = tableFromRecords([{ name: 'v', type: 'float', role: 'feature' }, { name: 'k', type: 'float', role: 'feature' }], [-5, 0, 0.999, 1, 3.5, 4, 99, null].map((v) => ({ v, k: v })));
    const out = applyRecipe(f, probe);
    expect(values(out, 'v')).toEqual([0, 0, 0, 1, 3, 3, 3, NaN]);
    expect(values(out, 'k')).toEqual([0, 0, 0, 0, 0, 0, 0, NaN]);
    expect(out.columns[0].type).toBe('integer');
  });

  it('bucketize quantile drops bins narrower than 1e-8, as KBinsDiscretizer', () => {
    expect(binEdges(Float64Array.of(0, 0, 0, 0, 0, 0, 1, 2), 4, 'quantile')).toEqual([0, 0.25, 2]);
    expect(linspace(0, 1, 3)).toEqual([0, 0.5, 1]);
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
  });

  it('log1p reports how many values are -1 or below', () => {
    const t = tableFromRecords([{ name: 'v', type: 'float', role: 'feature' }], [{ v: -1 }, { v: 0 }, { v: -2 }, { v: null }]);
    const e = recipeError(() => run([{ type: 'log1p', params: {} }], t));
    expect(e.message).toBe('Step 1 (log1p): column "v" has 2 values of -1 or below (the smallest is -2); log1p is defined only above -1: clip or shift the column first');
    expect(e.detail).toMatchObject({ column: 'v', count: 2, stepIndex: 0 });
  });

  it('date-parts: UTC parts after the source column; refuses to overwrite a column', () => {
    const t = run([{ type: 'date-parts', params: { drop_original: true } }]);
    expect(t.columns.map((c) => c.name)).toEqual(['x', 'n', 'c', 't_year', 't_month', 't_weekday', 't_hour']);
    expect(toRecords(t).map((r) => [r.t_year, r.t_month, r.t_weekday, r.t_hour])).toEqual([
      [2024, 2, 3, 23], [null, null, null, null], [2024, 2, 3, 23], [1969, 12, 2, 23], [1970, 1, 3, 0],
    ]);
    const twice = [{ type: 'date-parts', params: { parts: ['year'] } }, { type: 'date-parts', params: { parts: ['year'] } }];
    expect(recipeError(() => run(twice)).message).toMatch(/^Step 2 \(date-parts\): column "t_year" already exists/);
  });
});

describe('parameter checks', () => {
  const check = (type: string, raw: Record<string, unknown>) => normalizeParams(stepDef(type)!, raw);
  it('fills defaults and reports each problem with the parameter it concerns', () => {
    expect(check('remove-outliers', {})).toEqual({ params: { columns: [], method: 'iqr', k: 1.5, threshold: 3 }, problems: [] });
    expect(check('date-parts', { parts: ['year', 'minute'] }).problems).toEqual([{ param: 'parts', message: 'date-parts.parts must be a list of year, month, weekday, hour; got ["year","minute"]' }]);
    expect(check('standardize', { columns: ['a', 'a'] }).problems[0].message).toBe('standardize.columns must be a list of column names (each once); got ["a","a"]');
    expect(check('clip', { lower_quantile: 1.5 }).problems[0].message).toBe('clip.lower_quantile must be a number from 0 to 1; got 1.5');
    expect(check('standardize', { with_mean: 'yes' }).problems[0]).toEqual({ param: 'with_mean', message: 'standardize.with_mean must be true or false; got "yes"' });
    expect(check('log1p', { columns: 'x' }).problems[0].param).toBe('columns');
  });
});
