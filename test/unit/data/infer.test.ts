import { describe, expect, it } from 'vitest';
import { classifyStrings, fitsType, inferColumn, suggestRole } from '../../../src/lib/data/infer';

const infer = (name: string, values: unknown[]) => inferColumn({ name, values }, values.length);
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe('inferColumn: types', () => {
  it('infers integers, with signs and padding', () => {
    const c = infer('count', ['1', '-2', '+3', ' 4 ', '007', '12345678901234567890']);
    expect(c.type).toBe('integer');
    expect(c.role).toBe('feature');
    expect(c.missingShare).toBe(0);
  });

  it('keeps 0/1 columns integer (not boolean)', () => {
    expect(infer('flag', ['0', '1', '1', '0']).type).toBe('integer');
  });

  it('infers floats from decimals and exponents, integers mixed in', () => {
    expect(infer('x', ['1', '2.5', '-.5', '5.', '1e3', '-2.5E-3']).type).toBe('float');
    expect(infer('x', ['1e3', '2']).type).toBe('float');
  });

  it('infers booleans from unambiguous words in any case', () => {
    expect(infer('ok', ['true', 'FALSE', 'True']).type).toBe('boolean');
    expect(infer('ok', ['yes', 'no', 'Yes']).type).toBe('boolean');
    expect(infer('ok', ['t', 'f', 'T']).type).toBe('boolean');
    expect(infer('ok', ['true', 'false', 'maybe']).type).toBe('categorical');
  });

  it('infers datetimes with their format and suggests the timestamp role', () => {
    const iso = infer('when', ['2024-01-02', '2024-01-03T10:00:00Z']);
    expect(iso).toMatchObject({ type: 'datetime', dateFormat: 'iso', role: 'timestamp' });
    expect(infer('d', ['25/12/2023', '01/01/2024'])).toMatchObject({ type: 'datetime', dateFormat: 'dmy' });
    expect(infer('d', ['12/25/2023', '01/01/2024'])).toMatchObject({ type: 'datetime', dateFormat: 'mdy' });
    expect(infer('d', ['2024/01/02'])).toMatchObject({ type: 'datetime', dateFormat: 'ymd-slash' });
    expect(infer('d', ['2023-02-30', '2024-01-01']).type).toBe('categorical');
  });

  it('infers categorical for few distinct strings', () => {
    const c = infer('color', range(100, (i) => ['red', 'green', 'blue'][i % 3]));
    expect(c).toMatchObject({ type: 'categorical', role: 'feature' });
  });

  it('infers text for mostly-unique strings with spaces', () => {
    const c = infer('comment', range(30, (i) => `comment number ${i}`));
    expect(c.type).toBe('text');
  });

  it('infers an identifier for all-unique strings without spaces (20 or more) and suggests the identifier role', () => {
    const c = infer('sku', range(25, (i) => `SKU-${1000 + i}`));
    expect(c).toMatchObject({ type: 'identifier', role: 'identifier' });
    expect(infer('sku', range(19, (i) => `SKU-${i}`)).type).toBe('categorical');
  });

  it('skips missing markers and reports their share', () => {
    const c = infer('v', ['1', 'NA', '', '2', 'null', '3', 'n/a', '4', 'None', 'NaN']);
    expect(c.type).toBe('integer');
    expect(c.missingShare).toBeCloseTo(0.6, 12);
  });

  it('reads an all-missing column as float with missing share 1', () => {
    const c = infer('empty', ['', 'NA', '?']);
    expect(c).toMatchObject({ type: 'float', missingShare: 1 });
    expect(infer('none', []).missingShare).toBe(0);
  });

  it('reads JSON values: numbers, booleans, nulls, nested values', () => {
    expect(infer('n', [1, 2, null, 3]).type).toBe('integer');
    expect(infer('n', [1, 2.5, undefined]).type).toBe('float');
    expect(infer('n', [1, '2.5']).type).toBe('float');
    expect(infer('b', [true, false, null]).type).toBe('boolean');
    expect(infer('b', [true, 'no']).type).toBe('boolean');
    expect(infer('o', [{ a: 1 }, [1, 2], { a: 2 }]).type).toBe('categorical');
    expect(infer('m', [1, 'a', 'b']).type).toBe('categorical');
    expect(infer('n', [null, null]).missingShare).toBe(1);
  });
});

describe('classifyStrings', () => {
  it('uses the distinct count, the count and spaces', () => {
    expect(classifyStrings(1, 1, false)).toBe('categorical');
    expect(classifyStrings(20, 20, false)).toBe('identifier');
    expect(classifyStrings(19, 19, false)).toBe('categorical');
    expect(classifyStrings(20, 20, true)).toBe('text');
    expect(classifyStrings(11, 20, false)).toBe('text');
    expect(classifyStrings(10, 20, false)).toBe('categorical');
    expect(classifyStrings(5, 1000, true)).toBe('categorical');
  });
});

describe('suggestRole', () => {
  it('suggests identifier for id-like names of integer columns and for identifier columns', () => {
    for (const n of ['id', 'ID', 'Id', 'user_id', 'user-id', 'user id', 'userId', 'customerID', 'uuid', 'row_key', 'id_user']) {
      expect(suggestRole(n, 'integer'), n).toBe('identifier');
    }
    expect(suggestRole('anything', 'identifier')).toBe('identifier');
  });

  it('keeps names that merely end in "id" as features', () => {
    for (const n of ['paid', 'valid', 'squid', 'idle', 'width', 'kid_count']) expect(suggestRole(n, 'integer'), n).toBe('feature');
    expect(suggestRole('user_id', 'float')).toBe('feature');
  });

  it('keeps upper-case words that end in ID as features', () => {
    for (const n of ['PAID', 'COVID', 'VOID', 'HUMID']) expect(suggestRole(n, 'integer'), n).toBe('feature');
  });

  it('suggests target for target-like names, timestamp for datetimes', () => {
    for (const n of ['target', 'Label', 'class', 'y', 'OUTCOME']) expect(suggestRole(n, 'categorical'), n).toBe('target');
    expect(suggestRole('created', 'datetime')).toBe('timestamp');
    expect(suggestRole('label', 'datetime')).toBe('timestamp');
    expect(suggestRole('labels', 'categorical')).toBe('feature');
  });
});

describe('fitsType', () => {
  it('checks strings against numeric-ish types', () => {
    expect(fitsType('12', 'integer')).toBe(true);
    expect(fitsType('1.5', 'integer')).toBe(false);
    expect(fitsType('1.5', 'float')).toBe(true);
    expect(fitsType('-Infinity', 'float')).toBe(true);
    expect(fitsType('abc', 'float')).toBe(false);
    expect(fitsType('yes', 'boolean')).toBe(true);
    expect(fitsType('maybe', 'boolean')).toBe(false);
    expect(fitsType('anything', 'categorical')).toBe(true);
  });
});
