import { describe, expect, it } from 'vitest';
import type { ColumnProfile, ColumnSchema, DatasetProfile } from '../../../src/lib/data';
import { generateSuite, validateParams, type Expectation } from '../../../src/lib/validate';
import { profile, schema } from './helpers';

const byId = (list: Expectation[]) => new Map(list.map((e) => [e.id, e]));

function profileOf(columns: ColumnProfile[], rows: number): DatasetProfile {
  return { rows, sampleRows: rows, columns, correlation: { columns: [], matrix: [] } };
}

describe('generateSuite', () => {
  it('proposes the rules of each column from the reference, with deterministic ids', () => {
    const suite = generateSuite(schema, profile, 8);
    expect(suite.map((e) => e.id)).toEqual([
      'row-count-between',
      'column-exists:id', 'column-type:id', 'max-missing-share:id', 'unique:id',
      'column-exists:age', 'column-type:age', 'max-missing-share:age', 'between:age',
      'column-exists:score', 'column-type:score', 'max-missing-share:score', 'between:score',
      'column-exists:color', 'column-type:color', 'max-missing-share:color', 'in-set:color',
      'column-exists:active', 'column-type:active', 'max-missing-share:active', 'in-set:active',
      'column-exists:joined', 'column-type:joined', 'max-missing-share:joined', 'between:joined',
    ]);
    const e = byId(suite);
    expect(e.get('row-count-between')!.params).toEqual({ min: 4, max: 16 });
    expect(e.get('row-count-between')!.column).toBeUndefined();
    expect(e.get('column-type:age')).toMatchObject({ type: 'column-type', column: 'age', params: { type: 'integer' } });
    expect(e.get('max-missing-share:id')!.params).toEqual({ max: 0 });
    expect(e.get('max-missing-share:age')!.params).toEqual({ max: 0.13 }); // 1 of 8 = 12.5% -> 13%
    expect(e.get('between:age')!.params).toEqual({ min: 25, max: 60 });
    expect(e.get('between:score')!.params).toEqual({ min: 0.5, max: 3.5 });
    expect(e.get('in-set:color')!.params).toEqual({ values: ['blue', 'green', 'red'] });
    expect(e.get('in-set:active')!.params).toEqual({ values: ['false', 'true'] });
    expect(e.get('between:joined')!.params).toEqual({ min: '2024-01-01', max: '2024-01-08T18:30:00Z' });
    expect(e.get('between:joined')!.note).toMatch(/newer data/i);
    expect(e.get('unique:id')!.params).toEqual({});
    expect(() => validateParams(suite)).not.toThrow();
    expect(generateSuite(schema, profile, 8)).toEqual(suite);
  });

  it('rounds the missing share up to the next 1%, keeping 0 and exact percentages', () => {
    const cols: ColumnSchema[] = ['a', 'b', 'c', 'd'].map((name) => ({ name, type: 'float', role: 'feature' }));
    const prof = profileOf(
      [0, 7, 31, 100].map((missing, i) => ({ name: cols[i].name, type: 'float', count: 100 - missing, missing, distinct: 1 })),
      100,
    );
    const e = byId(generateSuite(cols, prof, 100));
    expect(['a', 'b', 'c', 'd'].map((n) => e.get(`max-missing-share:${n}`)!.params.max)).toEqual([0, 0.07, 0.31, 1]);
    expect(byId(generateSuite(cols, profileOf(prof.columns.map((c) => ({ ...c, missing: 1 })), 1000), 1000)).get('max-missing-share:a')!.params.max).toBe(0.01);
  });

  it('row-count bounds are floor(rows/2) and ceil(rows*2), or the given factors', () => {
    expect(generateSuite([], profileOf([], 7), 7)[0].params).toEqual({ min: 3, max: 14 });
    expect(generateSuite([], profileOf([], 0), 0)[0].params).toEqual({ min: 0, max: 0 });
    expect(generateSuite([], profileOf([], 100), 100, { rowCountFactors: [0.9, 1.1] })[0].params).toEqual({ min: 90, max: 111 });
  });

  it('skips what it cannot propose and says why in the column-exists note', () => {
    const cols: ColumnSchema[] = [
      { name: 'city', type: 'categorical', role: 'feature' },
      { name: 'comment', type: 'text', role: 'feature' },
      { name: 'user', type: 'integer', role: 'identifier' },
      { name: 'code', type: 'identifier', role: 'identifier' },
      { name: 'empty', type: 'float', role: 'feature' },
      { name: 'noprofile', type: 'float', role: 'feature' },
    ];
    const cities = Array.from({ length: 25 }, (_, i) => `city${String(25 - i).padStart(2, '0')}`);
    const prof = profileOf([
      { name: 'city', type: 'categorical', count: 100, missing: 0, distinct: 25, top: cities.slice(0, 20).map((value) => ({ value, count: 4 })), otherCount: 20 },
      { name: 'comment', type: 'text', count: 100, missing: 0, distinct: 300 },
      { name: 'user', type: 'integer', count: 100, missing: 0, distinct: 97, distinctApprox: true, numeric: { min: 1, max: 100, mean: 50, std: 1, quantiles: [], zeros: 0, histogram: { edges: [], counts: [] } } },
      { name: 'code', type: 'identifier', count: 100, missing: 0, distinct: 99 },
      { name: 'empty', type: 'float', count: 0, missing: 100, distinct: 0 },
    ], 100);
    const e = byId(generateSuite(cols, prof, 100));
    expect(e.has('in-set:city')).toBe(false);
    expect(e.get('column-exists:city')!.note).toMatch(/top 20 of 25 categories/);
    expect(e.has('in-set:comment')).toBe(false);
    expect(e.get('column-exists:comment')!.note).toMatch(/300 distinct values is more than 50/);
    // An identifier-role number: unique (its distinct count is an estimate), no range.
    expect(e.has('unique:user')).toBe(true);
    expect(e.has('between:user')).toBe(false);
    expect(e.get('column-exists:user')!.note).toMatch(/No range proposed/);
    // The reference itself repeats an identifier: unique would fail on it.
    expect(e.has('unique:code')).toBe(false);
    expect(e.get('column-exists:code')!.note).toMatch(/1 repeated values/);
    expect(e.get('max-missing-share:empty')!.params.max).toBe(1);
    expect(e.has('between:empty')).toBe(false);
    expect(e.get('column-exists:empty')!.note).toMatch(/no values/);
    expect([...e.keys()].filter((k) => k.endsWith(':noprofile'))).toEqual(['column-exists:noprofile', 'column-type:noprofile']);

    // With the version's dictionaries every category is known: in-set lists all 25, sorted.
    const withDicts = byId(generateSuite(cols, prof, 100, { dictionaries: [cities] }));
    expect(withDicts.get('in-set:city')!.params.values).toEqual([...cities].sort());
    expect(byId(generateSuite(cols, prof, 100, { maxCategories: 10, dictionaries: [cities] })).has('in-set:city')).toBe(false);
  });
});
