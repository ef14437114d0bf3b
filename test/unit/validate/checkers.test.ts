import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, type ColumnSchema } from '../../../src/lib/data';
import { createChecker, MAX_EXAMPLES, runSuite, type Chunk, type Expectation, type ExpectationResult } from '../../../src/lib/validate';

const num = (name: string, type: ColumnSchema['type'] = 'float'): ColumnSchema => ({ name, type, role: 'feature' });
const rule = (type: string, params: Record<string, unknown> = {}, column = 'x'): Expectation => ({ id: type, type, column, params });

/** Feeds `chunks` in order and returns the result. */
function check(e: Expectation, col: ColumnSchema | undefined, chunks: Chunk[], dict?: string[]): ExpectationResult {
  const c = createChecker(e, col, dict);
  let first = 0;
  for (const chunk of chunks) {
    c.consume(chunk, first);
    first += chunk.length;
  }
  return c.result();
}
const f = (...v: number[]) => Float64Array.from(v);
const codes = (...v: number[]) => Int32Array.from(v);

describe('checkers', () => {
  it('between: inclusive by default, exclusive when strict; missing values are not checked', () => {
    const data = [f(1, 2, NaN), f(3, 0.5)];
    expect(check(rule('between', { min: 1, max: 3 }), num('x'), data)).toMatchObject({ passed: false, failures: 1, observed: 'min 0.5, max 3.0', examples: [{ row: 5, value: '0.5' }] });
    expect(check(rule('between', { min: 1, max: 3, strict: true }), num('x'), data)).toMatchObject({ failures: 3, examples: [{ row: 1 }, { row: 4 }, { row: 5 }] });
    expect(check(rule('between', { max: 2 }), num('x', 'integer'), [f(NaN, NaN)])).toMatchObject({ passed: true, observed: 'no values', failures: 0 });
    const dateOnNumber = check(rule('between', { min: '2024-01-01' }), num('x', 'integer'), [f(1)]);
    expect(dateOnNumber).toMatchObject({ passed: false, observed: '"min" is a date ("2024-01-01") but "x" is integer' });
    // Epoch-ms bounds work for datetime columns too.
    expect(check(rule('between', { min: Date.UTC(2024, 0, 2) }), num('x', 'datetime'), [f(Date.UTC(2024, 0, 1, 6))])).toMatchObject({ failures: 1, examples: [{ row: 1, value: '2024-01-01T06:00:00Z' }] });
  });

  it('keeps the first ten examples and counts every offending row across CHUNK_ROWS chunks', () => {
    const a = new Float64Array(CHUNK_ROWS).fill(1), b = new Float64Array(CHUNK_ROWS).fill(1), c = new Float64Array(7).fill(1);
    a[CHUNK_ROWS - 1] = 50; // row 65,536
    for (let i = 0; i < 20; i++) b[i * 1000] = 60 + i; // rows 65,537, 66,537, ...
    c[6] = -5; // last row: 131,079
    const r = check(rule('between', { min: 0, max: 10 }), num('x'), [a, b, c]);
    expect(r.failures).toBe(22);
    expect(r.examples).toHaveLength(MAX_EXAMPLES);
    expect(r.examples.slice(0, 3)).toEqual([{ row: 65_536, value: '50.0' }, { row: 65_537, value: '60.0' }, { row: 66_537, value: '61.0' }]);
    expect(check(rule('unique'), num('x', 'integer'), [Float64Array.from({ length: CHUNK_ROWS }, (_, i) => i), f(5, 70_000, CHUNK_ROWS - 1)])).toMatchObject({
      failures: 2,
      examples: [{ row: CHUNK_ROWS + 1, value: '5' }, { row: CHUNK_ROWS + 3, value: String(CHUNK_ROWS - 1) }],
    });
  });

  it('unique over numbers and over codes, with or without the dictionary', () => {
    expect(check(rule('unique'), num('x'), [f(1.5, NaN, 2), f(NaN, 1.5, -0, 0)])).toMatchObject({ passed: false, observed: 2, examples: [{ row: 5, value: '1.5' }, { row: 7, value: '0.0' }] });
    const id: ColumnSchema = { name: 'x', type: 'identifier', role: 'identifier' };
    expect(check(rule('unique'), id, [codes(0, 1, -1), codes(-1, 2, 1)], ['a', 'b', 'c'])).toMatchObject({ observed: 1, examples: [{ row: 6, value: 'b' }] });
    expect(check(rule('unique'), id, [codes(0, 1, -1), codes(-1, 2, 1)])).toMatchObject({ observed: 1, examples: [{ row: 6, value: '#1' }] });
  });

  it('in-set on booleans and categories; lists at most ten unseen categories', () => {
    const bool: ColumnSchema = { name: 'x', type: 'boolean', role: 'feature' };
    expect(check(rule('in-set', { values: ['true'] }), bool, [f(1, NaN, 0, 1, 0)])).toMatchObject({ observed: 'false (2)', failures: 2, examples: [{ row: 3, value: 'false' }, { row: 5, value: 'false' }] });
    const dict = Array.from({ length: 14 }, (_, i) => `c${i}`);
    const cat: ColumnSchema = { name: 'x', type: 'categorical', role: 'feature' };
    const data = codes(0, ...Array.from({ length: 13 }, (_, i) => i + 1), 13, 13);
    const r = check(rule('in-set', { values: ['c0'] }), cat, [data], dict);
    expect(r.failures).toBe(15);
    expect(r.observed).toBe('c13 (3), c1 (1), c2 (1), c3 (1), c4 (1), c5 (1), c6 (1), c7 (1), c8 (1), c9 (1) and 3 more');
  });

  it('not-null, mean-between and schema rules', () => {
    expect(check(rule('not-null'), num('x'), [f(1, NaN), f(NaN)])).toMatchObject({ passed: false, observed: 2, failures: 2, examples: [{ row: 2 }, { row: 3 }] });
    expect(check(rule('max-missing-share', { max: 0.5 }), num('x'), [f(1, NaN)])).toMatchObject({ passed: true, observed: 0.5, failures: 1 });
    expect(check(rule('max-missing-share', { max: 0 }), num('x'), [])).toMatchObject({ passed: true, observed: 0 });
    expect(check(rule('mean-between', { min: 2, max: 3 }), num('x'), [f(1, 2), f(NaN, 6)])).toMatchObject({ passed: true, observed: 3 });
    expect(check(rule('mean-between', { max: 2.9 }), num('x'), [f(1, 2), f(NaN, 6)])).toMatchObject({ passed: false, observed: 3 });
    expect(check(rule('mean-between', { min: 0 }), num('x'), [f(NaN)])).toMatchObject({ passed: false, observed: 'no values' });
    const exists = createChecker(rule('column-exists'), num('x'));
    expect(exists.needsData).toBe(false);
    expect(exists.result()).toMatchObject({ passed: true, observed: 'present (float)' });
    expect(check(rule('column-exists'), undefined, [])).toMatchObject({ passed: false, observed: 'column not found' });
    expect(check(rule('in-set', { values: ['a'] }), num('x', 'integer'), [f(1)])).toMatchObject({ passed: false, observed: 'in-set applies to categorical, boolean or text columns; "x" is integer' });
    expect(() => createChecker({ id: 'q', type: 'nope', params: {} }, undefined)).toThrow(/types are column-exists/);
  });

  it('runs a million-row version chunk by chunk', async () => {
    const rows = 1_000_000, chunks = Math.ceil(rows / CHUNK_ROWS);
    const schema: ColumnSchema[] = [{ name: 'id', type: 'integer', role: 'identifier' }];
    const readChunk = async (_col: number, c: number) => {
      const out = new Float64Array(Math.min(CHUNK_ROWS, rows - c * CHUNK_ROWS));
      for (let i = 0; i < out.length; i++) out[i] = c * CHUNK_ROWS + i;
      if (c === chunks - 1) out[out.length - 1] = 7; // row 1,000,000 repeats row 8
      return out;
    };
    const suite = { id: 's', name: 's', version: 1, expectations: [rule('unique', {}, 'id'), { id: 'rows', type: 'row-count-between', params: { min: rows, max: rows } }] };
    const r = await runSuite(suite, schema, [undefined], readChunk, rows, chunks);
    expect(r.results[0]).toMatchObject({ passed: false, failures: 1, examples: [{ row: 1_000_000, value: '7' }] });
    expect(r.results[1]).toMatchObject({ passed: true, observed: rows });
  });
});
