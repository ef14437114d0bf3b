import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { generateSuite, suiteFromJson, suiteToJson, type Suite } from '../../../src/lib/validate';
import { profile, schema } from './helpers';

const suite: Suite = { id: 's1', name: 'people', version: 2, createdFrom: 'abc123', expectations: generateSuite(schema, profile, 8) };

function code(text: string): { code: string; message: string } {
  try {
    suiteFromJson(text);
  } catch (err) {
    return errorInfo(err);
  }
  throw new Error('suiteFromJson did not throw');
}

describe('suite JSON', () => {
  it('round-trips a suite, notes and date bounds included', () => {
    const text = suiteToJson(suite);
    expect(JSON.parse(text)).toMatchObject({ format: 'benchtop-suite', formatVersion: 1, id: 's1', version: 2 });
    expect(suiteFromJson(text)).toEqual(suite);
    const bare: Suite = { id: 'x', name: '', version: 1, expectations: [] };
    expect(suiteFromJson(suiteToJson(bare))).toEqual(bare);
  });

  it('rejects unknown expectation types naming the valid ones', () => {
    const raw = JSON.parse(suiteToJson(suite));
    raw.expectations[3].type = 'is-awesome';
    const err = code(JSON.stringify(raw));
    expect(err.code).toBe('BAD_SCHEMA');
    expect(err.message).toMatch(/Expectation #4 \(is-awesome on "id"\): unknown type "is-awesome"; types are column-exists, column-type/);
  });

  it('rejects text that is not a suite with a clear error', () => {
    expect(code('{not json')).toMatchObject({ code: 'BAD_JSON', message: expect.stringMatching(/not JSON/) });
    expect(code('[]').message).toMatch(/expected a JSON object/);
    expect(code('{"format":"other"}').message).toMatch(/"format" must be "benchtop-suite"/);
    const base = { format: 'benchtop-suite', formatVersion: 1, id: 's', name: 'n', version: 1, expectations: [] };
    expect(code(JSON.stringify({ ...base, formatVersion: 2 })).message).toMatch(/newer Benchtop/);
    expect(code(JSON.stringify({ ...base, version: 0 })).message).toMatch(/"version" must be a whole number ≥ 1; got 0/);
    expect(code(JSON.stringify({ ...base, expectations: {} })).message).toMatch(/"expectations" must be a list/);
    expect(code(JSON.stringify({ ...base, expectations: [5] })).message).toMatch(/expectation #1 must be an object; got 5/);
    expect(code(JSON.stringify({ ...base, expectations: [{ id: 'a', type: 'between', column: 'x', params: { max: 'soon' } }] })).message).toMatch(/"max" must be a number, an ISO date/);
  });
});
