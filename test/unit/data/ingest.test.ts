import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, INFER_ROWS, ingest, previewFile, type ColumnSchema, type ImportOptions } from '../../../src/lib/data';
import type { Progress } from '../../../src/lib/protocol';
import { ChunkedBlob, MemorySink, blob, bytes, failure, importText, optionsFrom } from './helpers';

const csvOptions = (columns: ColumnSchema[], change: Partial<ImportOptions> = {}): ImportOptions => ({
  format: 'csv',
  delimiter: ',',
  columns,
  fixed: columns.map(() => false),
  skipMalformed: false,
  ...change,
});
const col = (name: string, type: ColumnSchema['type'], role: ColumnSchema['role'] = 'feature'): ColumnSchema => ({ name, type, role });
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

describe('ingest: CSV basics', () => {
  const text = [
    'id,name,score,ok,when,note',
    '1, Ann ,1.5,true,2024-01-02,"says ""hi"", twice"',
    '',
    '2,Bob,NA,no,2024-01-03T10:00:00Z," padded "',
    '3,"Ann",-2,FALSE,,plain',
    '',
  ].join('\r\n');

  it('stores numbers, booleans, dates and dictionary codes column by column', async () => {
    const { preview, result, sink } = await importText(text);
    expect(preview.columns.map((c) => c.type)).toEqual(['integer', 'categorical', 'float', 'boolean', 'datetime', 'categorical']);
    expect(result.rows).toBe(3);
    expect(result.chunks).toBe(1);
    expect(sink.writes.map((w) => w.chunk)).toEqual([0]);
    expect(sink.column(0)).toEqual([1, 2, 3]);
    expect(result.dictionaries[1]).toEqual(['Ann', 'Bob']);
    expect(sink.column(1)).toEqual([0, 1, 0]);
    expect(sink.column(2)).toEqual([1.5, NaN, -2]);
    expect(sink.column(3)).toEqual([1, 0, 0]);
    expect(sink.column(4)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3, 10), NaN]);
    expect(result.dictionaries[5]).toEqual(['says "hi", twice', ' padded ', 'plain']);
    expect(result.dictionaries[2]).toEqual([]);
    expect(result.columns[4]).toMatchObject({ type: 'datetime', role: 'timestamp', dateFormat: 'iso' });
    expect(result.profile.columns[2]).toMatchObject({ count: 2, missing: 1 });
    expect(result.bytes).toBe(3 * 8 * 4 + 3 * 4 * 2);
    expect(result.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports parse and profile progress', async () => {
    const events: Progress[] = [];
    await importText(text, 'data.csv', undefined, { progress: (p) => events.push(p) });
    const phases = new Set(events.map((e) => (e.kind === 'progress' ? e.phase : e.kind)));
    expect(phases.has('profile')).toBe(true);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ kind: 'progress', phase: 'profile', done: 6, total: 6, rows: 3 });
  });

  it('does not store ignored columns and refuses to import none', async () => {
    const file = blob('a,b,c\n1,x,2\n3,y,4\n');
    const sink = new MemorySink();
    const r = await ingest(file, csvOptions([col('a', 'integer'), col('b', 'categorical', 'ignore'), col('c', 'integer')]), sink);
    expect(r.columns.map((c) => c.name)).toEqual(['a', 'c']);
    expect(sink.column(1)).toEqual([2, 4]);
    const none = await failure(ingest(file, csvOptions([col('a', 'integer', 'ignore'), col('b', 'categorical', 'ignore'), col('c', 'integer', 'ignore')]), new MemorySink()));
    expect(none.code).toBe('NO_COLUMNS');
  });

  it('reads TSV and a BOM', async () => {
    const { preview, result } = await importText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('x\ty\n1\ta,b\n2\tc\n')]), 'data.tsv');
    expect(preview.format).toBe('tsv');
    expect(result.columns.map((c) => c.name)).toEqual(['x', 'y']);
    expect(result.dictionaries[1]).toEqual(['a,b', 'c']);
  });

  it('writes chunks of CHUNK_ROWS rows', async () => {
    const n = CHUNK_ROWS + 100;
    const { result, sink } = await importText('v\n' + lines(n, (i) => String(i % 1000)));
    expect(result.rows).toBe(n);
    expect(result.chunks).toBe(2);
    expect(sink.writes.map((w) => [w.chunk, w.data[0].length])).toEqual([[0, CHUNK_ROWS], [1, 100]]);
    expect(sink.column(0)[CHUNK_ROWS + 99]).toBe((CHUNK_ROWS + 99) % 1000);
  });
});

describe('ingest: errors and notices', () => {
  it('rejects a header-only file (preview and ingest)', async () => {
    expect((await failure(previewFile(blob('a,b\n'), 'h.csv'))).code).toBe('HEADER_ONLY');
    expect((await failure(previewFile(blob('a,b\r\n\r\n\r\n'), 'h.csv'))).code).toBe('HEADER_ONLY');
    const sink = new MemorySink();
    const f = await failure(ingest(blob('a,b\n\n'), csvOptions([col('a', 'integer'), col('b', 'integer')]), sink));
    expect(f.code).toBe('HEADER_ONLY');
    expect(sink.resets).toBeGreaterThan(0);
  });

  const ragged = 'a,b,c\n1,2,3\n"x\ny",5,6\n7,8\n9,10,11\n12,13,14,15\n';

  it('counts ragged rows in the preview with their lines', async () => {
    const p = await previewFile(blob(ragged), 'r.csv');
    expect(p.malformed).toEqual({ count: 2, lines: [5, 7] });
    expect(p.notices.find((n) => n.kind === 'malformed-rows')?.message).toMatch(/2 rows .*\(lines 5, 7\)/);
  });

  it('stops at a ragged row with its line number', async () => {
    const p = await previewFile(blob(ragged), 'r.csv');
    const sink = new MemorySink();
    const f = await failure(ingest(blob(ragged), optionsFrom(p), sink));
    expect(f.code).toBe('RAGGED_ROW');
    expect(f.detail).toMatchObject({ line: 5, fields: 2, expected: 3 });
    expect(f.message).toMatch(/Line 5 has 2 fields, but the header has 3/);
    expect(sink.resets).toBe(1);
  });

  it('skips ragged rows when asked, and counts them', async () => {
    const p = await previewFile(blob(ragged), 'r.csv');
    const sink = new MemorySink();
    const r = await ingest(blob(ragged), optionsFrom(p, { skipMalformed: true }), sink);
    expect(r.rows).toBe(3);
    expect(r.skipped).toEqual({ count: 2, lines: [5, 7] });
    expect(r.notices.find((n) => n.kind === 'skipped-rows')?.message).toMatch(/Skipped 2 malformed rows \(lines 5, 7\)/);
    expect(sink.column(0)).toEqual([0, 1, 2]);
    expect(r.dictionaries[0]).toEqual(['1', 'x\ny', '9']);
  });

  it('rejects invalid UTF-8 with its line (preview: field number, ingest: column name)', async () => {
    const data = new Uint8Array([...bytes('id,name\n1,Ann\n2,Jos'), 0xe9, ...bytes('\n3,Bea\n')]);
    const p = await failure(previewFile(blob(data), 'u.csv'));
    expect(p.code).toBe('INVALID_UTF8');
    expect(p.detail).toMatchObject({ line: 3, column: 2 });
    const i = await failure(ingest(blob(data), csvOptions([col('id', 'integer'), col('name', 'categorical')]), new MemorySink()));
    expect(i.code).toBe('INVALID_UTF8');
    expect(i.detail).toMatchObject({ line: 3, column: 'name' });
    const numeric = new Uint8Array([...bytes('id,x\n1,2\n2,'), 0xff, 0xfe, ...bytes('\n')]);
    const n = await failure(ingest(blob(numeric), csvOptions([col('id', 'integer'), col('x', 'float')], { fixed: [false, true] }), new MemorySink()));
    expect(n.code).toBe('INVALID_UTF8');
    expect(n.detail).toMatchObject({ line: 3, column: 'x' });
  });

  it('sets an all-missing column to Ignore in the preview, and rejects it if imported', async () => {
    const text = 'a,empty,b\n1,,x\n2,NA,y\n3,?,z\n';
    const { preview, result } = await importText(text);
    expect(preview.columns[1]).toMatchObject({ role: 'ignore', missingShare: 1 });
    expect(preview.notices.some((n) => n.kind === 'all-missing')).toBe(true);
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'b']);
    const opts = optionsFrom(preview);
    opts.columns[1].role = 'feature';
    const sink = new MemorySink();
    const f = await failure(ingest(blob(text), opts, sink));
    expect(f.code).toBe('ALL_MISSING_COLUMN');
    expect(f.detail.column).toBe('empty');
    expect(sink.resets).toBe(1);
  });
});

describe('ingest: agreement with the preview', () => {
  it('skips blank lines in a one-column CSV, as the preview does', async () => {
    const a = await importText('x\n1\n2\n\n');
    const b = await importText('x\n1\n2\n');
    expect(a.preview.sampleRows).toBe(2);
    expect(a.result.rows).toBe(2);
    expect(a.result.id).toBe(b.result.id);
  });

  it('reads a quoted number with spaces around it in a numeric column', async () => {
    const { preview, result } = await importText('n,m\n" 12",1\n3,2\n');
    expect(preview.columns[0].type).toBe('integer');
    expect(result.columns[0].type).toBe('integer');
    expect(result.notices.filter((n) => n.kind === 'type-changed')).toEqual([]);
  });

  it('skips blank lines before the header', async () => {
    const { result } = await importText('\na,b\n1,2\n3,4\n');
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(result.rows).toBe(2);
  });
});

describe('ingest: types that change after the preview', () => {
  const rows = 6000;
  const typoRow = 5499; // 0-based data row; its line is row + 2
  const text = 'n,code\n' + lines(rows, (i) => `${i},${i === typoRow ? 'A7' : i % 10}`);

  it('imports a column that turns out to hold text as categorical, with a type-changed notice', async () => {
    const { preview, result, sink } = await importText(text);
    expect(preview.sampleRows).toBe(INFER_ROWS);
    expect(preview.columns[1].type).toBe('integer');
    expect(result.rows).toBe(rows);
    expect(result.columns[1].type).toBe('categorical');
    const notice = result.notices.find((n) => n.kind === 'type-changed');
    expect(notice?.message).toMatch(/Column "code" looked like integer .* line 5501 holds "A7"/);
    expect(sink.resets).toBe(1);
    expect(result.dictionaries[1]).toContain('A7');
    expect(result.dictionaries[1]).toHaveLength(11);
    const codes = sink.column(1);
    expect(result.dictionaries[1][codes[typoRow]]).toBe('A7');
    expect(result.dictionaries[1][codes[123]]).toBe('3');
  });

  it('turns an integer column float when a fraction appears late, without restarting', async () => {
    const late = 'x\n' + lines(rows, (i) => (i === typoRow ? '2.5' : String(i % 7)));
    const { preview, result, sink } = await importText(late);
    expect(preview.columns[0].type).toBe('integer');
    expect(result.columns[0].type).toBe('float');
    expect(result.notices.filter((n) => n.kind === 'type-changed')).toEqual([]);
    expect(sink.resets).toBe(0);
    expect(sink.column(0)[typoRow]).toBe(2.5);
  });

  it('reclassifies a string column from the full distinct count, and drops an identifier role that no longer fits', async () => {
    const repeats = 'key,v\n' + lines(12_000, (i) => `k${i % 6000},${i % 3}`);
    const { preview, result } = await importText(repeats);
    expect(preview.columns[0]).toMatchObject({ type: 'identifier', role: 'identifier' });
    expect(result.columns[0]).toMatchObject({ type: 'categorical', role: 'feature' });
  });
});

describe('ingest: user-fixed types', () => {
  it('turns values that do not fit a fixed type into missing, with an invalid-values notice', async () => {
    const text = 'x,b,d\n1.5,yes,2024-01-01\nabc,maybe,2023-02-30\n2,no,2024-01-03\nn/a,,\nxyz,true,soon\n';
    const { result, sink } = await importText(text, 'f.csv', (o) => {
      o.columns = [col('x', 'float'), col('b', 'boolean'), { name: 'd', type: 'datetime', role: 'feature', dateFormat: 'iso' }];
      o.fixed = [true, true, true];
    });
    expect(sink.column(0)).toEqual([1.5, NaN, 2, NaN, NaN]);
    expect(sink.column(1)).toEqual([1, NaN, 0, NaN, 1]);
    expect(sink.column(2)).toEqual([Date.UTC(2024, 0, 1), NaN, Date.UTC(2024, 0, 3), NaN, NaN]);
    expect(result.columns.map((c) => c.type)).toEqual(['float', 'boolean', 'datetime']);
    const invalid = result.notices.filter((n) => n.kind === 'invalid-values').map((n) => n.message);
    expect(invalid).toHaveLength(3);
    expect(invalid[0]).toMatch(/Column "x": 2 values did not read as float .*first at line 3: "abc"/);
    expect(invalid[1]).toMatch(/Column "b": 1 value did not read as boolean .*line 3: "maybe"/);
    expect(invalid[2]).toMatch(/Column "d": 2 values .*line 3: "2023-02-30"/);
    expect(result.profile.columns[0]).toMatchObject({ count: 2, missing: 3 });
    expect(result.notices.some((n) => n.kind === 'type-changed')).toBe(false);
  });

  it('keeps a fixed categorical type even when every value is distinct', async () => {
    const text = 'code\n' + lines(30, (i) => String(1000 + i));
    const { result } = await importText(text, 'c.csv', (o) => {
      o.columns[0].type = 'categorical';
      o.fixed = [true];
    });
    expect(result.columns[0].type).toBe('categorical');
    expect(result.dictionaries[0]).toHaveLength(30);
  });

  it('treats a fraction in a fixed integer column as an invalid value', async () => {
    const sink = new MemorySink();
    const r = await ingest(blob('n\n1\n1.5\n2\n'), csvOptions([col('n', 'integer')], { fixed: [true] }), sink);
    expect(r.columns[0].type).toBe('integer');
    expect(sink.column(0)).toEqual([1, NaN, 2]);
    expect(r.notices.some((n) => n.kind === 'invalid-values')).toBe(true);
  });

  it('does not crash on a fraction in a fixed integer column', async () => {
    const r = await ingest(blob('n\n1\n1.5\n'), csvOptions([col('n', 'integer')], { fixed: [true] }), new MemorySink());
    expect(r.rows).toBe(2);
  });
});

describe('ingest: JSON and NDJSON', () => {
  const records = [
    { id: 1, name: 'Ann', score: 1.5, tags: ['a', 'b'], ok: true },
    { id: 2, name: 'Bob', meta: { x: 1 }, ok: false },
    { id: 3, score: null, tags: [], extra: 'late' },
  ];

  it('reads a JSON array: union of keys, nested values as JSON text, missing keys as missing', async () => {
    const { preview, result, sink } = await importText(JSON.stringify(records, null, 2), 'r.json');
    expect(preview.format).toBe('json');
    expect(preview.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'], ['name', 'categorical'], ['score', 'float'], ['tags', 'categorical'], ['ok', 'boolean'], ['meta', 'categorical'], ['extra', 'categorical'],
    ]);
    expect(result.rows).toBe(3);
    expect(sink.column(0)).toEqual([1, 2, 3]);
    expect(sink.column(2)).toEqual([1.5, NaN, NaN]);
    expect(sink.column(4)).toEqual([1, 0, NaN]);
    expect(result.dictionaries[3]).toEqual(['["a","b"]', '[]']);
    expect(sink.column(3)).toEqual([0, -1, 1]);
    expect(result.dictionaries[5]).toEqual(['{"x":1}']);
    expect(sink.column(6)).toEqual([-1, -1, 0]);
  });

  it('reads NDJSON the same way', async () => {
    const json = await importText(JSON.stringify(records), 'r.json');
    const nd = await importText(records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'r.ndjson');
    expect(nd.preview.format).toBe('ndjson');
    expect(nd.result.columns).toEqual(json.result.columns);
    expect(nd.result.dictionaries).toEqual(json.result.dictionaries);
    expect(nd.result.id).toBe(json.result.id);
  });

  it('rejects a truncated JSON array (preview and ingest)', async () => {
    const cut = JSON.stringify(records).slice(0, -20);
    expect((await failure(previewFile(blob(cut), 'r.json'))).code).toBe('BAD_JSON');
    const opts: ImportOptions = { format: 'json', delimiter: '', columns: [col('id', 'integer')], fixed: [false], skipMalformed: false };
    const sink = new MemorySink();
    const f = await failure(ingest(blob(cut), opts, sink));
    expect(f.code).toBe('BAD_JSON');
    expect(sink.resets).toBe(1);
    expect((await failure(ingest(blob('[{"id":1},{"id":2}'), opts, new MemorySink()))).code).toBe('BAD_JSON');
  });

  it('rejects an empty key and notes keys that first appear after the preview', async () => {
    expect((await failure(previewFile(blob('[{"": 1}]'), 'e.json'))).code).toBe('BAD_SCHEMA');
    const opts: ImportOptions = { format: 'ndjson', delimiter: '', columns: [col('a', 'integer')], fixed: [false], skipMalformed: false };
    const r = await ingest(blob('{"a":1}\n{"a":2,"b":"new"}\n{"b":"again","a":3}\n'), opts, new MemorySink());
    const unknown = r.notices.filter((n) => n.kind === 'unknown-key');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].message).toMatch(/Key "b" first appears at line 2/);
  });
});

describe('ingest: cancel', () => {
  const big = 'a,b\n' + lines(CHUNK_ROWS + 5000, (i) => `${i},${i % 5}`);

  it('stops with CANCELLED and resets the sink after chunks were written', async () => {
    const sink = new MemorySink();
    let writesSeen = 0;
    const hooks = { cancelled: () => { writesSeen = Math.max(writesSeen, sink.writes.length); return sink.writes.length > 0; } };
    const f = await failure(ingest(new ChunkedBlob(big, 64 * 1024), csvOptions([col('a', 'integer'), col('b', 'integer')]), sink, hooks));
    expect(f.code).toBe('CANCELLED');
    expect(writesSeen).toBeGreaterThan(0);
    expect(sink.resets).toBe(1);
    expect(sink.writes).toEqual([]);
  });

  it('stops with CANCELLED before reading when cancelled at once', async () => {
    const sink = new MemorySink();
    const f = await failure(ingest(blob('a\n1\n'), csvOptions([col('a', 'integer')]), sink, { cancelled: () => true }));
    expect(f.code).toBe('CANCELLED');
    expect(f.err).toMatchObject({ name: 'CancelledError' });
    expect(sink.resets).toBe(1);
  });
});

describe('type change after an ignored column', () => {
  it('changes the right column when an ignored column comes first', async () => {
    const rows = ['id,price'];
    for (let i = 0; i < 6000; i++) rows.push(`${i},${i}`);
    rows.push('6000,12kg');
    const blob = new Blob([rows.join('\n')]);
    const { previewFile, ingest } = await import('../../../src/lib/data');
    const p = await previewFile(blob, 'x.csv');
    const columns = p.columns.map((c) => (c.name === 'id' ? { ...c, role: 'ignore' as const } : c));
    const sink = { async write() {}, async reset() {} };
    const r = await ingest(blob, { format: p.format, delimiter: p.delimiter, columns, fixed: columns.map(() => false), skipMalformed: false }, sink);
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([['price', 'identifier']]); // text now: every value distinct
    expect(r.notices.some((n) => n.kind === 'type-changed' && n.message.includes('"price"') && n.message.includes('line 6002'))).toBe(true);
  });
});
