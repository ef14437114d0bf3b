import { describe, expect, it } from 'vitest';
import type { ColumnProfile, ColumnSchema, DatasetProfile } from '../../../src/lib/data/types';
import { fitRecipe, type FittedRecipe, type Recipe } from '../../../src/lib/recipe';
import { codesColumn, numericColumn, type Column, type Table } from '../../../src/lib/recipe/table';
import { buildSignature, inputColumns, inputExample } from '../../../src/lib/registry/signature';
import { pruneUnusedInputs } from '../../../src/lib/registry/signature-prune';
import type { ModelDoc } from '../../../src/lib/registry/types';

const N = 12;
const DAY = 86_400_000;
/** Raw data as a dataset version stores it: numbers, a category, a date, a flag, free text, an id and the target. */
function raw(): Table {
  const columns: Column[] = [
    numericColumn('id', Float64Array.from({ length: N }, (_, i) => i + 1), 'integer', 'identifier'),
    numericColumn('age', Float64Array.from({ length: N }, (_, i) => 20 + 3 * i), 'integer'),
    numericColumn('income', Float64Array.from({ length: N }, (_, i) => (i === 4 ? NaN : 1000 + 250 * i))),
    codesColumn('city', Array.from({ length: N }, (_, i) => ['Oslo', 'Lima', 'Pune'][i % 3])),
    numericColumn('joined', Float64Array.from({ length: N }, (_, i) => Date.UTC(2020, 0, 1) + i * 40 * DAY), 'datetime'),
    numericColumn('member', Float64Array.from({ length: N }, (_, i) => i % 2), 'boolean'),
    codesColumn('notes', Array.from({ length: N }, (_, i) => `note ${i}`), 'text'),
    codesColumn('label', Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 'yes' : 'no')), 'categorical', 'target'),
  ];
  return { rows: N, columns };
}
const schema = (t: Table): ColumnSchema[] => t.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, ...(c.type === 'datetime' ? { dateFormat: 'iso' as const } : {}) }));

function profile(t: Table): DatasetProfile {
  const columns = t.columns.map((c): ColumnProfile => {
    if ('values' in c) {
      const present = Array.from(c.values).filter((v) => v === v);
      const missing = N - present.length;
      return { name: c.name, type: c.type, count: present.length, missing, distinct: new Set(present).size,
        numeric: { min: Math.min(...present), max: Math.max(...present), mean: 0, std: 0, quantiles: [], zeros: 0, histogram: { edges: [], counts: [] } } };
    }
    return { name: c.name, type: c.type, count: N, missing: 0, distinct: c.dictionary.length };
  });
  return { rows: N, columns, correlation: { columns: [], matrix: [] }, sampleRows: N };
}

/** A recipe run adds the split column (role ignore) before fitting, as store/prep.ts does. */
function withSplit(t: Table): Table {
  const split: Column = { name: 'split', type: 'categorical', role: 'ignore', codes: Int32Array.from({ length: N }, (_, i) => (i < 9 ? 0 : 2)), dictionary: ['train', 'validation', 'test'] };
  return { rows: t.rows, columns: [...t.columns, split] };
}

const recipe: Recipe = {
  version: 1,
  steps: [
    { type: 'impute', params: { columns: ['income'], strategy: 'mean' } },
    { type: 'one-hot', params: { columns: ['city'] } },
    { type: 'date-parts', params: { columns: ['joined'], parts: ['year', 'month'] } },
  ],
};

const doc = (features: string[]): Pick<ModelDoc, 'target' | 'features' | 'task' | 'classes'> => ({ target: 'label', features, task: 'binary', classes: ['no', 'yes'] });
const dicts = { city: ['Oslo', 'Lima', 'Pune'], notes: Array.from({ length: N }, (_, i) => `note ${i}`), label: ['yes', 'no'] };

describe('signature from the raw version, the recipe chain and the model', () => {
  const table = raw();
  const root = { columns: schema(table), profile: profile(table) };
  const fitted: FittedRecipe = fitRecipe(recipe, withSplit(table));
  const features = ['age', 'income', 'city=Lima', 'city=Oslo', 'city=Pune', 'joined_year', 'joined_month', 'member'];

  it('takes the first recipe\'s input columns without the target and the split column', () => {
    expect(fitted.input.map((c) => c.name)).toContain('split');
    expect(inputColumns(root, [fitted], doc(features)).map((c) => c.name)).toEqual(['id', 'age', 'income', 'city', 'joined', 'member', 'notes']);
  });

  it('gives types, required, categories and ranges from the raw data', () => {
    const sig = buildSignature(root, dicts, [fitted], doc(features));
    const by = Object.fromEntries(sig.inputs.map((i) => [i.name, i]));
    expect(by.age).toEqual({ name: 'age', type: 'integer', required: true, min: 20, max: 53 });
    expect(by.income).toEqual({ name: 'income', type: 'float', required: false, min: 1000, max: 3750 });
    expect(by.city).toEqual({ name: 'city', type: 'categorical', required: true, categories: ['Oslo', 'Lima', 'Pune'] });
    expect(by.joined).toEqual({ name: 'joined', type: 'datetime', required: true, min: Date.UTC(2020, 0, 1), max: Date.UTC(2020, 0, 1) + 11 * 40 * DAY, format: 'iso' });
    expect(by.member).toEqual({ name: 'member', type: 'boolean', required: true, categories: ['false', 'true'] });
    expect(by.notes).toEqual({ name: 'notes', type: 'text', required: true });
    expect(sig.output).toEqual({ name: 'label', task: 'binary', classes: ['no', 'yes'] });
  });

  it('gives no category list past 1,000 categories (free text then)', () => {
    const many = { ...dicts, city: Array.from({ length: 1001 }, (_, i) => `c${i}`) };
    const city = buildSignature(root, many, [fitted], doc(features)).inputs.find((i) => i.name === 'city')!;
    expect(city.categories).toBeUndefined();
    const exactly = { ...dicts, city: Array.from({ length: 1000 }, (_, i) => `c${i}`) };
    expect(buildSignature(root, exactly, [fitted], doc(features)).inputs.find((i) => i.name === 'city')!.categories).toHaveLength(1000);
  });

  it('without a recipe, the inputs are the model\'s features', () => {
    const sig = buildSignature(root, dicts, [], doc(['income', 'age']));
    expect(sig.inputs.map((i) => i.name)).toEqual(['income', 'age']);
  });

  it('leaves out columns the chain provably never uses, and keeps the ones it does', () => {
    const sig = buildSignature(root, dicts, [fitted], doc(features));
    const pruned = pruneUnusedInputs(sig, [fitted], doc(features), table);
    expect(pruned.inputs.map((i) => i.name)).toEqual(['age', 'income', 'city', 'joined', 'member']);
    // A model that uses only some outputs: columns the recipe still transforms stay (the recipe needs them).
    const fewer = pruneUnusedInputs(sig, [fitted], doc(['age', 'city=Oslo']), table);
    expect(fewer.inputs.map((i) => i.name)).toEqual(['age', 'income', 'city', 'joined']);
    // A drop-columns step names 'notes': without it the recipe would fail, so it is kept.
    const drop = fitRecipe({ version: 1, steps: [{ type: 'drop-columns', params: { columns: ['notes'] } }] }, withSplit(table));
    const sig2 = buildSignature(root, dicts, [drop], doc(['age', 'income']));
    expect(pruneUnusedInputs(sig2, [drop], doc(['age', 'income']), table).inputs.map((i) => i.name)).toEqual(['age', 'income', 'notes']);
  });

  it('the input example is the first raw rows with the signature\'s columns only', () => {
    const sig = pruneUnusedInputs(buildSignature(root, dicts, [fitted], doc(features)), [fitted], doc(features), table);
    const ex = inputExample(table, sig);
    expect(ex).toHaveLength(3);
    expect(ex[0]).toEqual({ age: 20, income: 1000, city: 'Oslo', joined: Date.UTC(2020, 0, 1), member: false });
    expect(ex[1].member).toBe(true);
    expect(Object.keys(ex[2])).not.toContain('label');
    const missing = inputExample({ rows: N, columns: table.columns }, sig, 5)[4];
    expect(missing.income).toBeNull();
  });
});
