/** Signature validation of prediction inputs: every kind, its message, hard vs soft, coercion of strings, booleans and dates. */
import { describe, expect, it } from 'vitest';
import type { Signature } from '../../../src/lib/registry/types';
import { compileSignature, isHard, validateRecord, validateRecords } from '../../../src/lib/serve/validate-input';
import { compileRaw, recordsToTable } from '../../../src/lib/serve/inputs';
import { toRecords } from '../../../src/lib/recipe/table';

const sig: Signature = {
  inputs: [
    { name: 'age', type: 'integer', required: true, min: 18, max: 90 },
    { name: 'income', type: 'float', required: false, min: 0, max: 1e6 },
    { name: 'plan', type: 'categorical', required: true, categories: ['basic', 'pro'] },
    { name: 'member', type: 'boolean', required: false },
    { name: 'joined', type: 'datetime', required: false, format: 'dmy', min: Date.UTC(2020, 0, 1), max: Date.UTC(2024, 11, 31) },
    { name: 'note', type: 'text', required: false },
  ],
  output: { name: 'churn', task: 'binary', classes: ['no', 'yes'] },
};
const cs = compileSignature(sig);
const kinds = (r: Record<string, unknown>) => validateRecord(cs, r).map((v) => `${v.kind}:${v.column}`);

describe('validateRecord', () => {
  it('a valid record has no violations (numeric strings, boolean words, dates in the format, missing markers)', () => {
    expect(validateRecord(cs, { age: 30, income: 1000.5, plan: 'pro', member: true, joined: '05/06/2021', note: 'hi' })).toEqual([]);
    expect(validateRecord(cs, { age: ' 45 ', income: 'NA', plan: 'basic', member: 'yes', joined: Date.UTC(2022, 1, 1) })).toEqual([]);
    expect(validateRecord(cs, { age: 30, plan: 'pro', member: 0, joined: '2021-03-04', income: null, note: null })).toEqual([]);
  });

  it('hard: a required column absent or null, text in a number column, bad booleans and dates, objects', () => {
    expect(kinds({ plan: 'pro' })).toEqual(['missing:age']);
    expect(kinds({ age: null, plan: '' })).toEqual(['missing:age', 'missing:plan']);
    expect(kinds({ age: 'old', plan: 'pro' })).toEqual(['type:age']);
    expect(kinds({ age: 30, plan: 'pro', member: 'maybe', joined: '31/02/2021' })).toEqual(['type:member', 'type:joined']);
    expect(kinds({ age: 30, plan: { a: 1 }, income: [1] })).toEqual(['type:income', 'type:plan']);
    expect(kinds({ age: Infinity, plan: 'pro' })).toEqual(['type:age']);
    const [v] = validateRecord(cs, { age: 30, plan: 'pro', joined: 'yesterday' });
    expect(v.message).toBe(`'joined' must be a date in the format dmy (e.g. 2024-03-31) or epoch milliseconds; got "yesterday".`);
    expect(validateRecord(cs, { plan: 'pro' })[0].message).toBe(`'age' is required (it was never missing in training) but is absent.`);
    expect(validateRecord(cs, { age: 30, plan: 'pro', member: 3 }).map(isHard)).toEqual([true]);
  });

  it('soft: out of the training range, unseen category, unknown column — with the allowed values in the message', () => {
    const vs = validateRecord(cs, { age: 12, plan: 'gold', joined: '01/01/2019', extra: 1, income: 5 });
    expect(vs.map((v) => `${v.kind}:${v.column}`)).toEqual(['range:age', 'category:plan', 'range:joined', 'unknown-column:extra']);
    expect(vs.every((v) => !isHard(v))).toBe(true);
    expect(vs[0].message).toBe(`'age' = 12 is outside the training range [18, 90].`);
    expect(vs[1].message).toBe(`'plan' = "gold" was not seen in training; known categories: 'basic', 'pro'.`);
    expect(vs[2].message).toBe(`'joined' = 2019-01-01 is outside the training range [2020-01-01, 2024-12-31].`);
    expect(vs[3].message).toContain(`inputs are 'age', 'income', 'plan', 'member', 'joined', 'note'`);
  });

  it('validateRecords checks each record', () => {
    expect(validateRecords(sig, [{ age: 20, plan: 'pro' }, { plan: 'pro' }]).map((v) => v.length)).toEqual([0, 1]);
  });
});

describe('records → raw table', () => {
  it('coerces values to the column storage and marks refused rows', () => {
    const ri = compileRaw(sig, undefined);
    const c = recordsToTable(ri, [
      { age: '41', income: 2.5, plan: 'pro', member: 'no', joined: '02/01/2021', note: 7 },
      { age: 'x', plan: 'basic' },
      { age: 20, plan: 'gold', extra: true },
    ]);
    expect(toRecords(c.table)).toEqual([
      { age: 41, income: 2.5, plan: 'pro', member: 0, joined: Date.UTC(2021, 0, 2), note: '7' },
      { age: null, income: null, plan: 'basic', member: null, joined: null, note: null },
      { age: 20, income: null, plan: 'gold', member: null, joined: null, note: null },
    ]);
    expect(Array.from(c.refused)).toEqual([0, 1, 0]);
    expect(c.refusedCount).toBe(1);
    expect([...c.violations.keys()]).toEqual([1, 2]);
    expect(c.violations.get(2)!.map((v) => v.kind)).toEqual(['category', 'unknown-column']);
  });
});
