/**
 * buildTrainSet: from a table and the job's choices to dense training and test data, with every
 * input problem a TrainInputError (BAD_TRAINING_INPUT) naming the column, the 1-based row and the
 * choices; training-mean imputation; stratified and recipe-column hold-outs.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/split';
import { errorInfo } from '../../../src/lib/errors';
import { buildTrainSet, type DatasetSpec } from '../../../src/lib/ml/dataset';
import { TrainInputError } from '../../../src/lib/ml/errors';
import { codesColumn, numericColumn, type Column, type Table } from '../../../src/lib/recipe/table';
import { SPLIT_COLUMN, withSplit } from '../../../src/lib/store/prep';

const table = (...columns: Column[]): Table => ({ rows: columns[0] ? ('values' in columns[0] ? columns[0].values.length : columns[0].codes.length) : 0, columns });
const num = (name: string, values: number[]) => numericColumn(name, Float64Array.from(values));
const cat = (name: string, values: (string | null)[]) => codesColumn(name, values);
const spec = (over: Partial<DatasetSpec> = {}): DatasetSpec => ({
  target: 'y', features: ['a', 'b'], task: 'regression', holdOut: { kind: 'split', method: 'random', test: 0.25, seed: 1 }, missing: 'error', seed: 0, ...over,
});

/** 40 rows: a = i, b = i², y = 3a + 1; label alternates yes/no; city cycles over 3 cities. */
const N = 40;
const base = (): Column[] => [
  num('a', Array.from({ length: N }, (_, i) => i)),
  num('b', Array.from({ length: N }, (_, i) => i * i)),
  num('y', Array.from({ length: N }, (_, i) => 3 * i + 1)),
  cat('label', Array.from({ length: N }, (_, i) => (i % 2 ? 'yes' : 'no'))),
  cat('city', Array.from({ length: N }, (_, i) => ['Oslo', 'Lima', 'Pune'][i % 3])),
];

function fails(t: Table, s: DatasetSpec): ReturnType<typeof errorInfo> & { error: unknown } {
  try {
    buildTrainSet(t, s);
  } catch (e) {
    return { ...errorInfo(e), error: e };
  }
  return expect.fail('expected a TrainInputError');
}

describe('buildTrainSet: shapes and values', () => {
  it('regression: row-major features and targets of disjoint train and test rows', () => {
    const s = buildTrainSet(table(...base()), spec());
    expect([s.train.n, s.test.n, s.train.d]).toEqual([30, 10, 2]);
    expect(s.train.featureNames).toEqual(['a', 'b']);
    expect([...s.trainRows, ...s.testRows].sort((x, y) => x - y)).toEqual([...Array(N).keys()]);
    s.trainRows.forEach((r, i) => {
      expect([s.train.X[2 * i], s.train.X[2 * i + 1], s.train.y[i]]).toEqual([r, r * r, 3 * r + 1]);
    });
    expect(s.train.y).toBeInstanceOf(Float64Array);
    expect(s.classes).toBeUndefined();
    expect([s.droppedRows, s.imputed]).toEqual([0, undefined]);
    expect(Array.from(s.trainRows)).toEqual([...s.trainRows].sort((x, y) => x - y));
  });

  it('classification on a categories column: classes sorted, y as Int32 class indices', () => {
    const cols = base();
    cols[3] = cat('label', Array.from({ length: N }, (_, i) => (i % 2 ? 'no' : 'yes'))); // 'yes' first in the dictionary
    const s = buildTrainSet(table(...cols), spec({ target: 'label', task: 'binary' }));
    expect(s.classes).toEqual(['no', 'yes']);
    expect(s.train.classes).toEqual(['no', 'yes']);
    expect(s.train.y).toBeInstanceOf(Int32Array);
    s.trainRows.forEach((r, i) => expect(s.train.y[i]).toBe(r % 2 ? 0 : 1));
  });

  it('classification on whole numbers: numeric order as strings (0/1 booleans too)', () => {
    const t = table(num('a', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), num('y', [10, 2, 1, 10, 2, 1, 10, 2, 1, 10, 2, 1]));
    const s = buildTrainSet(t, spec({ features: ['a'], task: 'multiclass', holdOut: { kind: 'split', method: 'stratified', test: 0.25, seed: 0 } }));
    expect(s.classes).toEqual(['1', '2', '10']);
    const y = (t.columns[1] as { values: Float64Array }).values;
    s.testRows.forEach((r, i) => expect(s.classes![s.test.y[i]]).toBe(String(y[r])));
    const bool = { ...num('y', [0, 1, 0, 1, 1, 0, 0, 1]), type: 'boolean' as const };
    const b = buildTrainSet(table(num('a', [1, 2, 3, 4, 5, 6, 7, 8]), bool), spec({ features: ['a'], task: 'binary', holdOut: { kind: 'split', method: 'stratified', test: 0.25, seed: 0 } }));
    expect(b.classes).toEqual(['0', '1']);
    // Wide-ranging labels are sorted too (the sparse path).
    const wide = buildTrainSet(table(num('a', [1, 2, 3, 4, 5, 6]), num('y', [5e9, -3, 5e9, -3, 7, 7])), spec({ features: ['a'], task: 'multiclass', holdOut: { kind: 'split', method: 'stratified', test: 0.5, seed: 0 } }));
    expect(wide.classes).toEqual(['-3', '7', '5000000000']);
  });

  it('slice column: its codes on the test rows and its categories', () => {
    const s = buildTrainSet(table(...base()), spec({ sliceColumn: 'city' }));
    expect(s.slice!.categories).toEqual(['Oslo', 'Lima', 'Pune']);
    expect(s.slice!.column).toBe('city');
    expect(Array.from(s.slice!.codes)).toEqual(Array.from(s.testRows, (r) => r % 3));
  });
});

describe('buildTrainSet: columns', () => {
  const t = table(...base());
  it.each([
    [{ features: ['a', 'city'] }, "The feature 'city' is categorical, and models take numbers only: encode it with a one-hot or ordinal step on the Prepare page, or leave it out.", { column: 'city', choices: ['a', 'b'] }],
    [{ features: ['a', 'y'] }, /The target 'y' cannot also be a feature/, { column: 'y' }],
    [{ features: ['a', 'nope'] }, "The feature 'nope' is not a column of this version; columns are 'a', 'b', 'y', 'label', 'city'.", { column: 'nope', choices: ['a', 'b', 'y', 'label', 'city'] }],
    [{ features: [] }, "Choose at least one feature; the numeric columns are 'a', 'b'.", { count: 0 }],
    [{ features: ['a', 'a'] }, /The feature 'a' is listed twice/, { column: 'a' }],
    [{ target: 'price' }, /The target 'price' is not a column of this version; columns are 'a', 'b', 'y', 'label', 'city'/, { column: 'price' }],
    [{ target: 'label' }, "The target 'label' is categorical; regression needs a numeric target. Choose binary or multiclass classification, or another target.", { column: 'label' }],
    [{ target: 'a', task: 'binary', features: ['b'] }, /^The target 'a' has 40 classes \('0', '1', '2', .*, '19', … \(20 more\)\); binary classification needs exactly 2\. Choose multiclass, or keep two classes with a filter step\.$/, { column: 'a', count: 40 }],
    [{ target: 'label', task: 'multiclass' }, "The target 'label' has 2 classes ('no', 'yes'): choose binary classification (multiclass is for 3 or more).", { count: 2, choices: ['no', 'yes'] }],
    [{ sliceColumn: 'a' }, "The slice column 'a' is float; per-slice metrics need a categorical column: 'label', 'city'.", { column: 'a' }],
    [{ sliceColumn: 'zip' }, /The slice column 'zip' is not a column/, { column: 'zip', choices: ['label', 'city'] }],
    [{ missing: 'drop' as never }, /Unknown missing-value policy 'drop'; choose 'error' or 'impute'/, { choices: ['error', 'impute'] }],
  ] as [Partial<DatasetSpec>, string | RegExp, Record<string, unknown>][])('%j', (over, message, detail) => {
    const e = fails(t, spec(over));
    expect(e.error).toBeInstanceOf(TrainInputError);
    expect(e.code).toBe('BAD_TRAINING_INPUT');
    if (typeof message === 'string') expect(e.message).toBe(message); else expect(e.message).toMatch(message);
    expect(e.detail).toMatchObject(detail);
  });

  it('a one-class target, a non-whole label, too many classes', () => {
    const one = table(num('a', [1, 2, 3, 4]), cat('y', ['a', 'a', null, 'a']));
    let e = fails(one, spec({ features: ['a'], task: 'binary' }));
    expect(e.message).toBe("The target 'y' has only one class ('a'): there is nothing to tell apart. Choose another target, or add rows of other classes.");
    expect(e.detail).toMatchObject({ column: 'y', choices: ['a'] });
    e = fails(table(num('a', [1, 2, 3]), num('y', [0, 1.5, 1])), spec({ features: ['a'], task: 'binary' }));
    expect(e.message).toBe("The target 'y' holds 1.5 at row 2: a classification target needs categories or whole-number labels. Choose regression for a quantity.");
    expect(e.detail).toMatchObject({ column: 'y', row: 2, value: 1.5 });
    e = fails(table(num('a', Array(1500).fill(0)), num('y', Array.from({ length: 1500 }, (_, i) => i))), spec({ features: ['a'], task: 'multiclass' }));
    expect(e.message).toMatch(/has 1,500 distinct values, more than the 1,000 classes a classifier takes: choose regression/);
  });
});

describe('buildTrainSet: missing and infinite values', () => {
  const withGaps = (): Table => {
    const cols = base();
    (cols[0] as { values: Float64Array }).values[4] = NaN;
    (cols[0] as { values: Float64Array }).values[30] = NaN;
    (cols[2] as { values: Float64Array }).values[7] = NaN;
    return table(...cols);
  };

  it("policy 'error': names the column, the count and the first 1-based row", () => {
    const t = withGaps();
    let e = fails(t, spec());
    expect(e.message).toBe("The target 'y' is missing on 1 row (first at row 8); choose 'impute' to drop those rows, or drop them in a recipe.");
    expect(e.detail).toMatchObject({ column: 'y', row: 8, count: 1 });
    (t.columns[2] as { values: Float64Array }).values[7] = 22;
    e = fails(t, spec());
    expect(e.message).toBe("The feature 'a' is missing on 2 rows (first at row 5); choose 'impute' to fill them with the training mean, or fill or drop them in a recipe.");
    expect(e.detail).toMatchObject({ column: 'a', row: 5, count: 2 });
    const codes = table(num('a', [1, 2, 3, 4]), cat('y', ['u', 'v', null, 'u']));
    expect(fails(codes, spec({ features: ['a'], task: 'binary' })).detail).toMatchObject({ column: 'y', row: 3, count: 1 });
  });

  it("policy 'impute': features take the training rows' mean; rows without a target are dropped", () => {
    const t = withGaps();
    const s = buildTrainSet(t, spec({ missing: 'impute' }));
    expect(s.droppedRows).toBe(1);
    expect([...s.trainRows, ...s.testRows]).not.toContain(7);
    expect(s.train.n + s.test.n).toBe(39);
    const a = (t.columns[0] as { values: Float64Array }).values;
    const present = Array.from(s.trainRows).filter((r) => !Number.isNaN(a[r]));
    const mean = present.reduce((acc, r) => acc + a[r], 0) / present.length;
    expect(s.imputed).toEqual([{ feature: 'a', value: mean, count: 2 }]);
    const fill = (rows: Int32Array, X: Float64Array, r: number) => X[2 * rows.indexOf(r)];
    for (const r of [4, 30]) {
      const inTrain = s.trainRows.includes(r);
      expect(fill(inTrain ? s.trainRows : s.testRows, inTrain ? s.train.X : s.test.X, r)).toBe(mean);
    }
    expect(s.train.X.every(Number.isFinite) && s.test.X.every(Number.isFinite)).toBe(true);
  });

  it('a feature missing on every training row cannot be imputed', () => {
    const split = cat('split', ['train', 'train', 'train', 'test']);
    const t = table(num('a', [NaN, NaN, NaN, 4]), num('y', [1, 2, 3, 4]), split);
    const e = fails(t, spec({ features: ['a'], missing: 'impute', holdOut: { kind: 'column' } }));
    expect(e.message).toBe("The feature 'a' is missing on every training row (3), so there is no mean to impute: leave it out.");
    expect(e.detail).toMatchObject({ column: 'a', count: 3 });
  });

  it('infinite values are errors under both policies, naming the column and the row', () => {
    const cols = base();
    (cols[1] as { values: Float64Array }).values[12] = -Infinity;
    for (const missing of ['error', 'impute'] as const) {
      const e = fails(table(...cols), spec({ missing }));
      expect(e.message).toBe("The feature 'b' has 1 infinite value (first at row 13); infinite values are never imputed: fix them or filter those rows.");
      expect(e.detail).toMatchObject({ column: 'b', row: 13, count: 1 });
    }
    (cols[2] as { values: Float64Array }).values[3] = Infinity;
    expect(fails(table(...cols), spec()).message).toBe("The target 'y' is infinite at row 4; fix or filter that row before training.");
  });

  it('no rows, or a target missing on every row', () => {
    expect(fails({ rows: 0, columns: [num('a', []), num('y', [])] }, spec({ features: ['a'] })).message).toBe('This version has no rows to train on.');
    const e = fails(table(num('a', [1, 2]), num('y', [NaN, NaN])), spec({ features: ['a'], missing: 'impute' }));
    expect(e.message).toBe("No rows left: the target 'y' is missing on every row.");
    expect(fails(table(num('a', [1, 2]), cat('y', [null, null])), spec({ features: ['a'], task: 'binary' })).message).toMatch(/The target 'y' has no values: it is missing on all 2 rows/);
  });
});

describe('buildTrainSet: hold-out', () => {
  it('a stratified split keeps the class shares on both sides', () => {
    const random = mulberry32(3);
    const labels = Array.from({ length: 1000 }, () => { const u = random(); return u < 0.7 ? 'a' : u < 0.9 ? 'b' : 'c'; });
    const t = table(num('x', labels.map((_, i) => i)), cat('y', labels));
    const s = buildTrainSet(t, spec({ features: ['x'], task: 'multiclass', holdOut: { kind: 'split', method: 'stratified', test: 0.2, seed: 4 } }));
    const share = (y: ArrayLike<number>, c: number) => Array.from(y).filter((v) => v === c).length / y.length;
    const all = Int32Array.from(labels, (l) => ['a', 'b', 'c'].indexOf(l));
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(share(s.train.y, c) - share(all, c))).toBeLessThan(0.002);
      expect(Math.abs(share(s.test.y, c) - share(all, c))).toBeLessThan(0.005);
    }
    expect(s.test.n).toBe(200);
  });

  it('a stratified split of a regression target, and a class of one row, are clear errors', () => {
    expect(fails(table(...base()), spec({ holdOut: { kind: 'split', method: 'stratified', test: 0.2, seed: 0 } })).message)
      .toMatch(/^A stratified hold-out keeps class shares, so it needs a classification target; 'y' is a regression target: choose a random split\.$/);
    const t = table(num('x', [1, 2, 3, 4, 5]), cat('y', ['u', 'u', 'v', 'v', 'w']));
    const e = fails(t, spec({ features: ['x'], task: 'multiclass', holdOut: { kind: 'split', method: 'stratified', test: 0.4, seed: 0 } }));
    expect(e.message).toMatch(/^The hold-out split failed: Class 'w' of 'y' has only 1 row/);
    expect(e.detail).toMatchObject({ column: 'y', class: 'w' });
  });

  it("the recipe's split column: validation rows train, test rows test", () => {
    const { table: t } = withSplit(table(...base()), { method: 'random', test: 0.2, validation: 0.1, seed: 9 });
    const col = t.columns.find((c) => c.name === SPLIT_COLUMN) as { codes: Int32Array; dictionary: string[] };
    const side = (r: number) => col.dictionary[col.codes[r]];
    const s = buildTrainSet(t, spec({ holdOut: { kind: 'column' } }));
    expect(Array.from(s.testRows)).toEqual([...Array(N).keys()].filter((r) => side(r) === 'test'));
    expect(Array.from(s.trainRows)).toEqual([...Array(N).keys()].filter((r) => side(r) !== 'test'));
    expect(Array.from(s.trainRows).some((r) => side(r) === 'validation')).toBe(true);
    expect(s.test.n).toBe(8);
  });

  it("finds 'split_2' when the data had its own 'split' column", () => {
    const own = cat('split', Array.from({ length: N }, (_, i) => (i % 2 ? 'left' : 'right')));
    const { table: t } = withSplit(table(...base(), own), { method: 'random', test: 0.25, validation: 0, seed: 2 });
    expect(t.columns.at(-1)!.name).toBe('split_2');
    const col = t.columns.at(-1) as { codes: Int32Array };
    const s = buildTrainSet(t, spec({ holdOut: { kind: 'column' } }));
    expect(Array.from(s.testRows)).toEqual([...Array(N).keys()].filter((r) => col.codes[r] === 2));
  });

  it('no split column, an empty side, one class in training', () => {
    let e = fails(table(...base()), spec({ holdOut: { kind: 'column' } }));
    expect(e.message).toBe("This version has no split column: run a recipe with a train/test split on the Prepare page, or choose a fresh split of this version's rows.");
    const sides = (f: (i: number) => string) => ({ ...cat('split', Array.from({ length: N }, (_, i) => f(i))), role: 'ignore' as const });
    e = fails(table(...base(), sides(() => 'train')), spec({ holdOut: { kind: 'column' } }));
    expect(e.message).toBe('The test side is empty: the split column puts every row in train, so the model could not be evaluated. Choose a test share above 0.');
    e = fails(table(...base(), sides(() => 'test')), spec({ holdOut: { kind: 'column' } }));
    expect(e.message).toBe('The training side is empty: the split column puts all 40 rows in test.');
    e = fails(table(...base(), sides((i) => (i % 2 ? 'test' : 'train'))), spec({ target: 'label', task: 'binary', holdOut: { kind: 'column' } }));
    expect(e.message).toBe("The training rows hold only one class of 'label' ('no') out of 'no', 'yes': the model would have nothing to tell apart. Choose a stratified split, or rebalance the split.");
    e = fails(table(...base()), spec({ holdOut: { kind: 'split', method: 'random', test: 0, seed: 0 } }));
    expect(e.message).toMatch(/^The test side is empty: the split puts every row in train/);
    const gap = sides((i) => (i % 2 ? 'test' : 'train'));
    gap.codes[6] = -1;
    expect(fails(table(...base(), gap), spec({ holdOut: { kind: 'column' } })).message).toMatch(/^The split column 'split' is missing at row 7; every row must be 'train', 'validation', 'test'/);
  });
});

describe('buildTrainSet: size', () => {
  it('builds 200,000 rows × 30 features, one pass per column', () => {
    const n = 200_000, d = 30;
    const cols: Column[] = Array.from({ length: d }, (_, j) => numericColumn(`f${j}`, Float64Array.from({ length: n }, (_, i) => (i * (j + 1)) % 97)));
    cols.push(numericColumn('y', Float64Array.from({ length: n }, (_, i) => i % 2)));
    const s = buildTrainSet({ rows: n, columns: cols }, spec({ features: cols.slice(0, d).map((c) => c.name), task: 'binary', holdOut: { kind: 'split', method: 'stratified', test: 0.2, seed: 0 } }));
    expect([s.train.n, s.test.n, s.train.d]).toEqual([160_000, 40_000, 30]);
    const r = s.testRows[123];
    expect(s.test.X[123 * d + 29]).toBe((r * 30) % 97);
  });
});
