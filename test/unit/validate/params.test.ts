import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { createSuite, EXPECTATIONS, expectationProblems, newExpectation, reviseSuite, validateParams, type Expectation } from '../../../src/lib/validate';

function thrown(list: Expectation[]): { message: string; detail: Record<string, unknown>; code: string } {
  try {
    validateParams(list);
  } catch (err) {
    return errorInfo(err);
  }
  throw new Error('validateParams did not throw');
}
const one = (e: Partial<Expectation>) => thrown([{ id: 'ok', type: 'not-null', column: 'a', params: {} }, { id: 'e', params: {}, ...e } as Expectation]).message;

describe('validateParams', () => {
  it('accepts valid expectations, with defaults for params left out', () => {
    expect(() =>
      validateParams([
        { id: 'a', type: 'between', column: 'x', params: { min: 1 } },
        { id: 'b', type: 'between', column: 'd', params: { min: '2024-01-01', max: '2024-03-31T14:05:00Z', strict: true } },
        { id: 'c', type: 'row-count-between', params: { min: 10, max: null } },
        { id: 'd', type: 'max-missing-share', column: 'x', params: {} },
        { id: 'e', type: 'in-set', column: 'x', params: { values: ['a'] } },
      ]),
    ).not.toThrow();
  });

  it('names the expectation (1-based), the param and the valid choices, with code BAD_SCHEMA', () => {
    const err = thrown([{ id: 'ok', type: 'not-null', column: 'a', params: {} }, { id: 'b', type: 'between', column: 'age', params: { min: 'abc' } }]);
    expect(err.code).toBe('BAD_SCHEMA');
    expect(err.message).toBe('Expectation #2 (between on "age"): "min" must be a number, an ISO date (2024-03-31 or 2024-03-31T14:05:00Z) or empty; got "abc"');
    expect(err.detail.problems).toEqual([{ index: 1, id: 'b', message: err.message }]);
    expect(one({ type: 'column-type', column: 'a', params: { type: 'number' } })).toMatch(/#2 \(column-type on "a"\): "type" must be one of integer, float, boolean, categorical, datetime, text, identifier; got "number"/);
    expect(one({ type: 'betwen', column: 'a' })).toMatch(/unknown type "betwen"; types are column-exists, column-type, not-null, max-missing-share, between, in-set, unique, row-count-between, mean-between/);
    expect(one({ type: 'max-missing-share', column: 'a', params: { max: 5 } })).toMatch(/"max" must be a share from 0 to 1 \(0.05 is 5%\); got 5/);
    expect(one({ type: 'between', column: 'a', params: { mni: 3, max: 4 } })).toMatch(/unknown param "mni"; params are min, max, strict/);
    expect(one({ type: 'unique', column: 'a', params: { x: 1 } })).toMatch(/unknown param "x"; this rule takes no params/);
    expect(one({ type: 'between', column: 'a', params: { min: 5, max: 1 } })).toMatch(/"min" \(5\) must not be above "max" \(1\)/);
    expect(one({ type: 'between', column: 'a', params: {} })).toMatch(/give "min", "max" or both/);
    expect(one({ type: 'between', column: 'a', params: { min: 1, strict: 'yes' } })).toMatch(/"strict" must be true or false; got "yes"/);
    expect(one({ type: 'in-set', column: 'a', params: {} })).toMatch(/"values" is required \(the allowed categories/);
    expect(one({ type: 'in-set', column: 'a', params: { values: [] } })).toMatch(/"values" must be a non-empty list of category labels/);
    expect(one({ type: 'row-count-between', params: { min: 2.5 } })).toMatch(/"min" must be a whole number ≥ 0 or empty; got 2.5/);
    expect(one({ type: 'row-count-between', column: 'a', params: { min: 1 } })).toMatch(/table rule and takes no column/);
    expect(one({ type: 'not-null', params: {} })).toMatch(/not-null needs a "column"/);
    expect(one({ id: 'ok', type: 'not-null', column: 'b' })).toMatch(/id "ok" is used twice/);
    expect(one({ type: 'not-null', column: 'a', params: null as never })).toMatch(/"params" must be an object; got null/);
  });

  it('lists every problem in detail and the first five in the message', () => {
    const list: Expectation[] = Array.from({ length: 7 }, (_, i) => ({ id: `e${i}`, type: 'max-missing-share', column: 'a', params: { max: -1 } }));
    const err = thrown(list);
    expect((err.detail.problems as unknown[]).length).toBe(7);
    expect(err.message.split('\n')).toHaveLength(6);
    expect(err.message).toMatch(/and 2 more problems/);
    expect(expectationProblems(list).map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('every registry line is complete and its defaults validate', () => {
    for (const def of EXPECTATIONS) {
      expect(def.label && def.description, def.type).toBeTruthy();
      for (const p of def.params) expect(p.help, `${def.type}.${p.name}`).toBeTruthy();
      const e = newExpectation(def.type, 'a', []);
      const needs = def.params.some((p) => p.required) || ['between', 'row-count-between', 'mean-between'].includes(def.type);
      expect(expectationProblems([e]).length > 0, def.type).toBe(needs);
    }
  });
});

describe('editing suites', () => {
  it('adds expectations with unique ids and defaults, and revises the version', () => {
    const a = newExpectation('between', 'age', []);
    expect(a).toEqual({ id: 'between:age', type: 'between', column: 'age', params: { strict: false } });
    const b = newExpectation('between', 'age', [a, { ...a, id: 'between:age#2' }]);
    expect(b.id).toBe('between:age#3');
    expect(newExpectation('row-count-between', undefined, [])).toEqual({ id: 'row-count-between', type: 'row-count-between', params: {} });
    expect(() => newExpectation('nope', 'a', [])).toThrow(/types are column-exists/);
    const s1 = createSuite('s', 'people', [{ ...a, params: { min: 0 } }], 'v1');
    expect(s1).toEqual({ id: 's', name: 'people', version: 1, createdFrom: 'v1', expectations: [{ ...a, params: { min: 0 } }] });
    const s2 = reviseSuite(s1, []);
    expect(s2).toMatchObject({ id: 's', version: 2, createdFrom: 'v1', expectations: [] });
    expect(s1.version).toBe(1);
    expect(() => reviseSuite(s1, [a])).toThrow(/give "min", "max" or both/);
  });
});
