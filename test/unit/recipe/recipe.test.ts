/** Fitting on training rows only, applying without refitting, live inputs, errors that name the step, hashing, preview. */
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { applyRecipe, fitRecipe, fitTransform, previewRecipe, recipeHash, recipeProblems, type Recipe } from '../../../src/lib/recipe/recipe';
import { STEPS } from '../../../src/lib/recipe/registry';
import type { StandardizeFit } from '../../../src/lib/recipe/steps/standardize';
import { codesColumn, numericColumn, schemaOf, selectRows, tableFromRecords, toRecords, type Table } from '../../../src/lib/recipe/table';
import { frame, recipeError, ref, test, train, values } from './helpers';

const pipeline: Recipe = {
  version: 1,
  steps: [
    { type: 'impute', params: { columns: ['num', 'cnt'], strategy: 'median' } },
    { type: 'impute', params: { columns: ['color'], strategy: 'most_frequent' } },
    { type: 'remove-outliers', params: { columns: ['num'], method: 'iqr' } },
    { type: 'log1p', params: { columns: ['skew'] } },
    { type: 'standardize', params: { columns: ['num', 'cnt', 'skew'] } },
    { type: 'one-hot', params: { columns: ['cat'], max_categories: 4 } },
    { type: 'date-parts', params: { columns: ['when'], parts: ['year', 'weekday'], drop_original: true } },
    { type: 'derived', params: { name: 'ratio', expression: 'lin / (1 + abs(num))' } },
  ],
};

/** The frame with one test row's num set to `v`. */
function withTestValue(v: number): Table {
  const t = frame();
  const col = t.columns.find((c) => c.name === 'num')!;
  if ('values' in col) col.values[ref.test[0]] = v;
  return t;
}

describe('fit on training rows only', () => {
  it('a test-only extreme value changes no learned statistic', async () => {
    const a = fitRecipe(pipeline, selectRows(withTestValue(1e12), Int32Array.from(ref.train)));
    const b = fitRecipe(pipeline, selectRows(withTestValue(-7), Int32Array.from(ref.train)));
    expect(a).toEqual(b);
    expect(await recipeHash(a)).toBe(await recipeHash(b));
    // …while fitting on all rows would have seen it.
    const all = fitRecipe({ version: 1, steps: [{ type: 'standardize', params: { columns: ['num'] } }] }, withTestValue(1e12));
    const trainOnly = fitRecipe({ version: 1, steps: [{ type: 'standardize', params: { columns: ['num'] } }] }, train());
    expect((all.steps[0].fitted as StandardizeFit).columns[0].mean).toBeGreaterThan(1e9);
    expect((trainOnly.steps[0].fitted as StandardizeFit).columns[0].mean).toBeLessThan(100);
  });

  it('each step fits on the output of the steps before it', () => {
    const { fitted, table } = fitTransform(pipeline, train());
    const std = fitted.steps[4].fitted as StandardizeFit;
    // The scaler saw imputed, outlier-free, log1p'd values: the transformed training columns have mean 0, std 1.
    for (const c of ['num', 'cnt', 'skew']) {
      const v = values(table, c), n = v.length, mean = v.reduce((s, x) => s + x, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / n)).toBeCloseTo(1, 12);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    expect(std.columns.map((c) => c.column)).toEqual(['num', 'cnt', 'skew']);
    expect(table.rows).toBeLessThan(160); // the IQR rule removed the two planted outliers
    expect(fitted.input).toEqual(schemaOf(train()));
    expect(fitted.output).toEqual(schemaOf(table));
    expect(fitted.output.map((c) => c.name)).toEqual(['num', 'cnt', 'skew', 'lin', 'const', 'cat=alpha', 'cat=beta', 'cat=gamma', 'cat=(other)', 'color', 'when_year', 'when_weekday', 'ratio']);
  });

  it('stores normalised parameters (defaults filled) and only learned state in fitted', () => {
    const f = fitRecipe(pipeline, train());
    expect(f.steps[2].params).toEqual({ columns: ['num'], method: 'iqr', k: 1.5, threshold: 3 });
    expect(f.steps[3].fitted).toBeUndefined(); // log1p learns nothing
    expect(JSON.parse(JSON.stringify(f))).toEqual(f); // plain JSON
  });
});

describe('apply', () => {
  const fitted = fitRecipe(pipeline, train());

  it('never refits: a row transforms the same alone as in a batch, and after a JSON round trip', () => {
    const batch = applyRecipe(fitted, test());
    const revived = JSON.parse(JSON.stringify(fitted));
    const rows = toRecords(batch);
    const t = test();
    let k = 0;
    for (let i = 0; i < t.rows; i++) {
      const single = applyRecipe(revived, selectRows(t, Int32Array.of(i)));
      if (single.rows === 0) continue; // an outlier row (not in this split, but allowed)
      expect(toRecords(single)[0]).toEqual(rows[k++]);
    }
    expect(k).toBe(batch.rows);
  });

  it('live inputs: keeps every row (no outlier removal), needs no target, drops target and ignored columns', () => {
    const schema = [...schemaOf(train()), { name: 'label', type: 'categorical', role: 'target' } as const];
    const t = train();
    t.columns.push(codesColumn('label', Array.from({ length: t.rows }, (_, i) => (i % 2 ? 'yes' : 'no')), 'categorical', 'target'));
    const f = fitRecipe({ version: 1, steps: [...pipeline.steps, { type: 'filter-rows', params: { condition: 'label == "yes"' } }] }, t);
    expect(f.input).toEqual(schema);
    const input = tableFromRecords(schema.filter((c) => c.role !== 'target'), [
      { num: 500, cnt: 1, skew: 2, lin: 0, const: 7, cat: 'alpha', color: 'red', when: 0 }, // num far outside the IQR bounds
      { num: null, cnt: null, skew: 0.5, lin: 1, const: 7, cat: 'never-seen', color: null, when: Date.UTC(2024, 0, 1, 13) },
    ]);
    const out = applyRecipe(f, input, { live: true });
    expect(out.rows).toBe(2);
    expect(out.columns.some((c) => c.role === 'target' || c.name === 'label')).toBe(false);
    const [a, b] = toRecords(out);
    expect(a['cat=alpha']).toBe(1);
    expect([b['cat=alpha'], b['cat=beta'], b['cat=gamma'], b['cat=(other)']]).toEqual([0, 0, 0, 0]);
    expect(b.when_year).toBe(2024);
    expect(b.when_weekday).toBe(0); // 2024-01-01 was a Monday
    expect(b.color).toBe('red'); // the training mode
    // Not live: the outlier row and the rows without label "yes" go.
    expect(() => applyRecipe(f, input)).toThrow(/Step 9 \(filter-rows\).*Unknown column "label"/);
  });

  it('refuses an unfitted recipe, naming the step', () => {
    const e = recipeError(() => applyRecipe(pipeline, test()));
    expect(e.message).toMatch(/^Step 1 \(impute\) is not fitted/);
    expect(e.detail).toMatchObject({ stepIndex: 0, type: 'impute' });
  });

  it('names the step and the missing column when live data lacks one', () => {
    const t = test();
    const e = recipeError(() => applyRecipe(fitted, { rows: t.rows, columns: t.columns.filter((c) => c.name !== 'skew') }));
    expect(e.message).toMatch(/^Step 4 \(log1p\): column "skew" does not exist; columns of type integer, float are /);
    expect(errorInfo(e)).toMatchObject({ code: 'BAD_SCHEMA', detail: { stepIndex: 3, type: 'log1p' } });
  });
});

describe('errors name the step, the column and the valid choices', () => {
  const fit = (steps: Recipe['steps']) => () => fitRecipe({ version: 1, steps }, train());
  it.each<[Recipe['steps'], RegExp]>([
    [[{ type: 'standardise', params: {} }], /^Step 1 \(standardise\): unknown step type "standardise": valid types are drop-columns, filter-rows, .*standardize/],
    [[{ type: 'impute', params: { strategy: 'avg' } }], /^Step 1 \(impute\): impute.strategy must be one of mean, median, most_frequent, constant; got "avg"/],
    [[{ type: 'impute', params: { columns: ['cat'], strategy: 'mean' } }], /^Step 1 \(impute\): column "cat" is categorical, but strategy mean needs integer, float, datetime columns; those are "num", "cnt", .*; use strategy most_frequent or constant/],
    [[{ type: 'drop-columns', params: { columns: ['color'] } }, { type: 'standardize', params: { columns: ['colour'] } }], /^Step 2 \(standardize\): column "colour" does not exist; columns of type integer, float are "num", "cnt"/],
    [[{ type: 'bucketize', params: { n_bins: 1 } }], /bucketize.n_bins must be a whole number from 2 to 1000; got 1/],
    [[{ type: 'one-hot', params: { columns: ['cat'], colums: [] } }], /one-hot has no parameter "colums": valid parameters are columns, max_categories, handle_unknown/],
    [[{ type: 'log1p', params: { columns: ['lin'] } }], /^Step 1 \(log1p\): column "lin" has \d+ values of -1 or below \(the smallest is -4\.97.*\); log1p is defined only above -1/],
    [[{ type: 'derived', params: { name: 'x', expression: 'num +* 2' } }], /^Step 1 \(derived\): expression "num \+\* 2": Unexpected "\*" at position 5/],
    [[{ type: 'filter-rows', params: { condition: 'nmu > 3' } }], /^Step 1 \(filter-rows\): expression "nmu > 3": Unknown column "nmu" at position 0: columns are num, cnt/],
  ])('%#', (steps, message) => {
    expect(recipeError(fit(steps)).message).toMatch(message);
  });

  it('recipeProblems checks a draft without data, step by step', () => {
    const problems = recipeProblems({ version: 1, steps: [
      { type: 'drop-columns', params: { columns: ['const'] } },
      { type: 'standardize', params: { columns: ['const'] } },
      { type: 'nope', params: {} },
    ] }, schemaOf(train()));
    expect(problems[0]).toEqual([]);
    expect(problems[1][0]).toMatch(/^Step 2 \(standardize\): column "const" does not exist/);
    expect(problems[2][0]).toMatch(/^Step 3 \(nope\): unknown step type/);
  });
});

describe('recipeHash', () => {
  it('is a SHA-256 hex digest, stable under key order, omitted defaults and expression spacing', async () => {
    const a: Recipe = { version: 1, steps: [{ type: 'impute', params: { strategy: 'median', columns: ['num'] } }, { type: 'derived', params: { name: 'r', expression: 'num+lin*2' } }] };
    const b = JSON.parse('{"steps":[{"params":{"columns":["num"],"strategy":"median","fill_value":null},"type":"impute"},{"params":{"expression":"(num + (lin * 2))","name":"r"},"type":"derived"}],"version":1}') as Recipe;
    const h = await recipeHash(a);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await recipeHash(b)).toBe(h);
    expect(await recipeHash({ ...a, steps: [{ type: 'impute', params: { strategy: 'mean', columns: ['num'] } }, a.steps[1]] })).not.toBe(h);
    expect(await recipeHash({ ...a, steps: [...a.steps].reverse() })).not.toBe(h);
    const f1 = fitRecipe(a, train());
    const f2 = JSON.parse(JSON.stringify(f1, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(await recipeHash(f2)).toBe(await recipeHash(f1));
    expect(await recipeHash(f1)).not.toBe(h); // the fitted state is part of a fitted recipe's hash
  });
});

describe('previewRecipe', () => {
  it('fits and applies on the sample, reporting rows and columns after each step', () => {
    const p = previewRecipe(pipeline, train());
    expect(p.error).toBeUndefined();
    expect(p.steps.map((s) => s.type)).toEqual(pipeline.steps.map((s) => s.type));
    expect(p.steps[1].rows).toBe(160);
    expect(p.steps[2].rows).toBe(fitTransform(pipeline, train()).table.rows);
    expect(p.steps[2].rows).toBeLessThan(160);
    expect(p.table.columns.length).toBe(13);
    expect(p.fitted).toEqual(fitRecipe(pipeline, train()));
  });

  it('stops at the first failing step and keeps the table before it', () => {
    const p = previewRecipe({ version: 1, steps: [pipeline.steps[0], { type: 'log1p', params: { columns: ['lin'] } }, pipeline.steps[4]] }, train());
    expect(p.error?.stepIndex).toBe(1);
    expect(p.error?.message).toMatch(/^Step 2 \(log1p\): column "lin" has/);
    expect(p.steps.length).toBe(1);
    expect(p.fitted).toBeUndefined();
  });
});

it('every registered step has a unique type, a label, a description and documented parameters', () => {
  expect(new Set(STEPS.map((s) => s.type)).size).toBe(STEPS.length);
  expect(STEPS.length).toBeGreaterThanOrEqual(14);
  for (const s of STEPS) {
    expect(s.label.length, s.type).toBeGreaterThan(0);
    expect(s.description.length, s.type).toBeGreaterThan(10);
    for (const p of s.params) expect(p.help.length, `${s.type}.${p.name}`).toBeGreaterThan(5);
    expect(s.params.some((p) => p.name === 'type' || p.name === 'fitted'), s.type).toBe(false);
  }
  expect(numericColumn('x', new Float64Array(0)).type).toBe('float');
});
