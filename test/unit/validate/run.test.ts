import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../src/lib/data';
import { errorInfo } from '../../../src/lib/errors';
import { generateSuite, runSuite, type Suite, type SuiteReport } from '../../../src/lib/validate';
import { day, dictionaries, NaN_, profile, reference, schema, source } from './helpers';

const suite: Suite = { id: 's1', name: 'people', version: 3, createdFrom: 'v-ref', expectations: generateSuite(schema, profile, 8) };

async function run(data: number[][], chunkRows: number, cols: ColumnSchema[] = schema, dicts = dictionaries, s: Suite = suite): Promise<SuiteReport> {
  const src = source(cols, data, chunkRows);
  return runSuite(s, cols, dicts, src.readChunk, src.rows, src.chunks, { datasetVersion: 'v-new' });
}
const result = (r: SuiteReport, id: string) => r.results.find((x) => x.expectation.id === id)!;
const failedIds = (r: SuiteReport) => r.results.filter((x) => !x.passed).map((x) => x.expectation.id);

/** 10 rows, read in chunks of 3 (rows 1-3, 4-6, 7-9, 10). */
const drifted: number[][] = [
  [0, 1, 2, 3, 4, 5, 6, 3, 8, 1], // A4 again at row 8, A2 again at row 10
  [25, 31, NaN_, 47, 99, 38, NaN_, 12, NaN_, 29], // 99 (row 5) and 12 (row 8) out of range; 3 of 10 missing
  [0.5, 1.25, 2, 3.5, 0.75, 1, 2.5, 3, 3.5, 0.5], // on the bounds: passes
  [0, 1, 2, 3, 0, 1, 3, 2, 0, 1], // purple (code 3) at rows 4 and 7
  [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  [day(1), day(2), day(3), day(4), day(5), Date.UTC(2024, 1, 15), day(7), day(8), Date.UTC(2023, 11, 31, 23), day(2)],
];
const driftedDicts = [['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9'], undefined, undefined, ['red', 'green', 'blue', 'purple'], undefined, undefined];

describe('runSuite', () => {
  it('passes every expectation on the reference it was generated from', async () => {
    for (const chunkRows of [8, 3, 1]) {
      const r = await run(reference, chunkRows);
      expect(failedIds(r)).toEqual([]);
      expect(r).toMatchObject({ suiteId: 's1', suiteVersion: 3, datasetVersion: 'v-new', passed: suite.expectations.length, failed: 0, rows: 8 });
      expect(r.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports drift with observed values, failure counts and 1-based examples across chunks', async () => {
    const r = await run(drifted, 3, schema, driftedDicts);
    expect(failedIds(r)).toEqual(['unique:id', 'max-missing-share:age', 'between:age', 'in-set:color', 'between:joined']);
    expect(r.failed).toBe(5);
    expect(r.passed).toBe(suite.expectations.length - 5);
    expect(r.results.map((x) => x.expectation.id)).toEqual(suite.expectations.map((e) => e.id));

    expect(result(r, 'unique:id')).toMatchObject({ observed: 2, failures: 2, examples: [{ row: 8, value: 'A4' }, { row: 10, value: 'A2' }] });
    expect(result(r, 'max-missing-share:age')).toMatchObject({
      observed: 0.3,
      failures: 3,
      examples: [{ row: 3, value: '(missing)' }, { row: 7, value: '(missing)' }, { row: 9, value: '(missing)' }],
    });
    expect(result(r, 'between:age')).toMatchObject({ observed: 'min 12, max 99', failures: 2, examples: [{ row: 5, value: '99' }, { row: 8, value: '12' }] });
    expect(result(r, 'in-set:color')).toMatchObject({ observed: 'purple (2)', failures: 2, examples: [{ row: 4, value: 'purple' }, { row: 7, value: 'purple' }] });
    expect(result(r, 'between:joined')).toMatchObject({
      observed: 'min 2023-12-31T23:00:00Z, max 2024-02-15',
      failures: 2,
      examples: [{ row: 6, value: '2024-02-15' }, { row: 9, value: '2023-12-31T23:00:00Z' }],
    });
    expect(result(r, 'between:score')).toMatchObject({ passed: true, observed: 'min 0.5, max 3.5', failures: 0, examples: [] });
    expect(result(r, 'in-set:active')).toMatchObject({ passed: true, observed: 'none outside the set' });
    expect(result(r, 'row-count-between')).toMatchObject({ passed: true, observed: 10 });
    // Passing with missing values still counts them.
    expect(result(r, 'max-missing-share:color')).toMatchObject({ passed: true, observed: 0, failures: 0 });
  });

  it('fails the row count on too few rows', async () => {
    const few = reference.map((c) => c.slice(0, 3));
    const r = await run(few, 2);
    expect(failedIds(r)).toEqual(['row-count-between', 'max-missing-share:age']);
    expect(result(r, 'row-count-between')).toMatchObject({ observed: 3, failures: 0, examples: [] });
    expect(result(r, 'max-missing-share:age')).toMatchObject({ observed: 1 / 3, failures: 1, examples: [{ row: 3, value: '(missing)' }] });
    expect(r.rows).toBe(3);
  });

  it('fails every expectation on a missing column, naming the columns there are, and never reads it', async () => {
    const cols = schema.filter((c) => c.name !== 'score');
    const data = reference.filter((_, i) => schema[i].name !== 'score');
    const dicts = dictionaries.filter((_, i) => schema[i].name !== 'score');
    const src = source(cols, data, 3);
    const r = await runSuite(suite, cols, dicts, src.readChunk, src.rows, src.chunks);
    expect(failedIds(r)).toEqual(['column-exists:score', 'column-type:score', 'max-missing-share:score', 'between:score']);
    for (const id of failedIds(r)) expect(result(r, id).observed).toBe('column not found; columns are id, age, color, active, joined');
    expect(r.datasetVersion).toBeUndefined();
  });

  it('fails, not throws, when a column has another type', async () => {
    // age arrives as categorical text, score as integer.
    const cols: ColumnSchema[] = schema.map((c) => (c.name === 'age' ? { ...c, type: 'categorical' } : c.name === 'score' ? { ...c, type: 'integer' } : c));
    const data = reference.map((c, i) => (i === 1 ? [0, 1, -1, 2, 3, 4, 5, 6] : i === 2 ? [1, 1, 2, 3, 1, 1, 2, 3] : c));
    const dicts = dictionaries.map((d, i) => (i === 1 ? ['25', '31', '47', '52', '38', '60', '29'] : d));
    const r = await run(data, 3, cols, dicts);
    expect(failedIds(r)).toEqual(['column-type:age', 'between:age', 'column-type:score']);
    expect(result(r, 'column-type:age').observed).toBe('categorical');
    expect(result(r, 'between:age').observed).toBe('between applies to integer, float or datetime columns; "age" is categorical');
    expect(result(r, 'max-missing-share:age')).toMatchObject({ passed: true, observed: 0.125 });
    expect(result(r, 'between:score').passed).toBe(true);
  });

  it('reads each needed column chunk once, skips columns only schema rules use, and reports progress', async () => {
    const s: Suite = { id: 's2', name: 'x', version: 1, expectations: suite.expectations.filter((e) => e.column === 'color' || e.id === 'column-type:age' || e.id === 'row-count-between') };
    const src = source(schema, reference, 3);
    const progress: [number, number][] = [];
    const r = await runSuite(s, schema, dictionaries, src.readChunk, src.rows, src.chunks, { progress: (d, t) => progress.push([d, t]) });
    expect(r.failed).toBe(0);
    expect(src.reads).toEqual([[3, 0], [3, 1], [3, 2]]);
    expect(progress).toEqual([[1, 3], [2, 3], [3, 3]]);
    // A suite of the row count alone reads the first column to count rows.
    const only: Suite = { ...s, expectations: [suite.expectations[0]] };
    const src2 = source(schema, reference.map((c) => c.slice(0, 2)), 3);
    const r2 = await runSuite(only, schema, dictionaries, src2.readChunk, src2.rows, src2.chunks);
    expect(src2.reads).toEqual([[0, 0]]);
    expect(r2.results[0]).toMatchObject({ passed: false, observed: 2 });
  });

  it('stops when cancelled, with a CANCELLED error', async () => {
    const src = source(schema, reference, 2);
    let polls = 0;
    const err = await runSuite(suite, schema, dictionaries, src.readChunk, src.rows, src.chunks, { cancelled: () => ++polls > 3 }).catch((e: unknown) => e);
    expect(errorInfo(err).code).toBe('CANCELLED');
    expect(src.reads.length).toBe(3);
  });

  it('throws BAD_SCHEMA for an invalid suite or chunks that disagree with the row count', async () => {
    const bad: Suite = { ...suite, expectations: [{ id: 'x', type: 'between', column: 'age', params: { min: 'abc' } }] };
    await expect(run(reference, 3, schema, dictionaries, bad)).rejects.toMatchObject({ code: 'BAD_SCHEMA' });
    const src = source(schema, reference, 3);
    await expect(runSuite(suite, schema, dictionaries, src.readChunk, 9, src.chunks)).rejects.toMatchObject({ code: 'BAD_SCHEMA', message: expect.stringMatching(/hold 8 rows but it records 9/) });
  });
});
