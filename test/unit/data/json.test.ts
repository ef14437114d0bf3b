import { describe, expect, it } from 'vitest';
import { JsonArraySplitter, NdjsonSplitter } from '../../../src/lib/data/json';
import { bytes, failure } from './helpers';

type Rec = Record<string, unknown>;

function split(kind: 'json' | 'ndjson', input: string | Uint8Array, step = 0): { records: Rec[]; lines: number[] } {
  const data = typeof input === 'string' ? bytes(input) : input;
  const records: Rec[] = [];
  const lines: number[] = [];
  const onRecord = (r: Rec, line: number) => { records.push(r); lines.push(line); };
  const s = kind === 'json' ? new JsonArraySplitter(onRecord) : new NdjsonSplitter(onRecord);
  if (step <= 0) s.push(data, true);
  else {
    for (let i = 0; i < data.length; i += step) s.push(data.subarray(i, i + step), false);
    s.push(new Uint8Array(0), true);
  }
  return { records, lines };
}

describe('JsonArraySplitter', () => {
  const text = [
    '[',
    '  {"id": 1, "name": "Ann", "tags": ["a", "b"], "meta": {"x": [1, {"y": 2}]}},',
    '  {"id": 2, "name": "br}ace] \\"quoted\\" \\\\", "score": 2.5e3},',
    '  {',
    '    "id": 3,',
    '    "name": "Zoë 😀",',
    '    "ok": true, "none": null',
    '  }',
    ']',
    '',
  ].join('\n');
  const expected: Rec[] = [
    { id: 1, name: 'Ann', tags: ['a', 'b'], meta: { x: [1, { y: 2 }] } },
    { id: 2, name: 'br}ace] "quoted" \\', score: 2500 },
    { id: 3, name: 'Zoë 😀', ok: true, none: null },
  ];

  it('cuts out each object, nested values and brackets inside strings included', () => {
    const r = split('json', text);
    expect(r.records).toEqual(expected);
    expect(r.lines).toEqual([2, 3, 4]);
  });

  it('gives the same records and lines in 1-, 3- and 7-byte chunks', () => {
    for (const step of [1, 2, 3, 7, 64]) {
      const r = split('json', text, step);
      expect(r.records, `step ${step}`).toEqual(expected);
      expect(r.lines, `step ${step}`).toEqual([2, 3, 4]);
    }
  });

  it('reads a BOM, a one-line array, an empty array and no commas', () => {
    expect(split('json', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[{"a":1},{"a":2}]')])).records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(split('json', '[]').records).toEqual([]);
    expect(split('json', '\n\n [ ] ').records).toEqual([]);
  });

  it('skips a BOM split across pushes', () => {
    const data = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[{"a":1}]')]);
    expect(split('json', data, 1).records).toEqual([{ a: 1 }]);
  });

  it('rejects a truncated array: a record cut off, or the closing bracket missing', async () => {
    const cut = await failure(() => split('json', '[{"a":1},\n{"a":2,"b":'));
    expect(cut.code).toBe('BAD_JSON');
    expect(cut.message).toMatch(/cut off/);
    const open = await failure(() => split('json', '[{"a":1},\n{"a":2}\n'));
    expect(open.code).toBe('BAD_JSON');
    expect(open.message).toMatch(/closing "\]" is missing/);
    for (const step of [1, 5]) expect((await failure(() => split('json', '[{"a":1},{"a"', step))).code).toBe('BAD_JSON');
  });

  it('rejects what is not an array of objects, with the line', async () => {
    expect((await failure(() => split('json', '{"a":1}'))).code).toBe('BAD_JSON');
    const scalar = await failure(() => split('json', '[{"a":1},\n 2]'));
    expect(scalar.code).toBe('BAD_JSON');
    expect(scalar.detail.line).toBe(2);
    const nested = await failure(() => split('json', '[\n[1, 2]\n]'));
    expect(nested.code).toBe('BAD_JSON');
  });

  it('rejects invalid JSON inside a record with its line', async () => {
    const f = await failure(() => split('json', '[\n{"a":1},\n{"a": nope}\n]'));
    expect(f.code).toBe('BAD_JSON');
    expect(f.detail.line).toBe(3);
  });

  it('rejects invalid UTF-8 with its line', async () => {
    const data = new Uint8Array([...bytes('[\n{"a":"x"},\n{"a":"'), 0xff, ...bytes('"}\n]')]);
    const f = await failure(() => split('json', data));
    expect(f.code).toBe('INVALID_UTF8');
    expect(f.detail.line).toBe(3);
  });

  it('stops when the callback returns false', () => {
    const seen: Rec[] = [];
    const s = new JsonArraySplitter((r) => { seen.push(r); return false; });
    expect(s.push(bytes('[{"a":1},{"a":2}]'), true)).toBe(false);
    expect(seen).toEqual([{ a: 1 }]);
  });
});

describe('NdjsonSplitter', () => {
  const text = '{"a":1,"b":"x"}\r\n\n{"a":2,"c":[1,{"d":null}]}\n   \n{"a":3}';
  const expected: Rec[] = [{ a: 1, b: 'x' }, { a: 2, c: [1, { d: null }] }, { a: 3 }];

  it('reads one object a line, skips blank lines, CRLF and a last line without newline', () => {
    const r = split('ndjson', text);
    expect(r.records).toEqual(expected);
    expect(r.lines).toEqual([1, 3, 5]);
  });

  it('gives the same records and lines in small chunks', () => {
    for (const step of [1, 3, 7]) {
      const r = split('ndjson', text, step);
      expect(r.records, `step ${step}`).toEqual(expected);
      expect(r.lines, `step ${step}`).toEqual([1, 3, 5]);
    }
  });

  it('skips a BOM, even when it arrives split across chunks', () => {
    const data = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}\n{"a":2}\n')]);
    for (const step of [0, 1, 2, 4]) expect(split('ndjson', data, step).records, `step ${step}`).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('rejects a bad line or a non-object line with its number', async () => {
    const bad = await failure(() => split('ndjson', '{"a":1}\n{"a":\n'));
    expect(bad.code).toBe('BAD_JSON');
    expect(bad.detail.line).toBe(2);
    const arr = await failure(() => split('ndjson', '{"a":1}\n\n[1,2]\n'));
    expect(arr.code).toBe('BAD_JSON');
    expect(arr.detail.line).toBe(3);
  });

  it('rejects invalid UTF-8 with its line', async () => {
    const f = await failure(() => split('ndjson', new Uint8Array([...bytes('{"a":1}\n{"a":"'), 0xc3, 0x28, ...bytes('"}\n')])));
    expect(f.code).toBe('INVALID_UTF8');
    expect(f.detail.line).toBe(2);
  });
});
