import { describe, expect, it } from 'vitest';
import { previewFile } from '../../../src/lib/data';
import { checkBytes, cleanHeader, detectFormat, hasBom, sniffDelimiter } from '../../../src/lib/data/sniff';
import { blob, bytes, failure } from './helpers';

const BOM = [0xef, 0xbb, 0xbf];
const withBom = (s: string) => new Uint8Array([...BOM, ...bytes(s)]);

describe('checkBytes', () => {
  it('accepts ordinary text, with or without a BOM', () => {
    expect(() => checkBytes(bytes('a,b\n1,2\n'), 8)).not.toThrow();
    expect(() => checkBytes(withBom('a,b\n'), 7)).not.toThrow();
    expect(() => checkBytes(bytes('naïve,ü\n'), 10)).not.toThrow();
  });

  it('rejects an empty file', async () => {
    expect((await failure(() => checkBytes(new Uint8Array(0), 0))).code).toBe('EMPTY_FILE');
  });

  it('rejects whitespace-only and BOM-only files as empty', async () => {
    expect((await failure(() => checkBytes(bytes(' \n\t\r\n  '), 7))).code).toBe('EMPTY_FILE');
    expect((await failure(() => checkBytes(new Uint8Array(BOM), 3))).code).toBe('EMPTY_FILE');
    expect((await failure(() => checkBytes(withBom('\n\n'), 5))).code).toBe('EMPTY_FILE');
  });

  it('rejects a zero byte with its offset', async () => {
    const f = await failure(() => checkBytes(bytes('a,b\n1,\u00002\n'), 9));
    expect(f.code).toBe('BINARY_FILE');
    expect(f.detail.offset).toBe(6);
  });

  it('rejects UTF-16 text (zero bytes) with a hint', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00]);
    const f = await failure(() => checkBytes(utf16, utf16.length));
    expect(f.code).toBe('BINARY_FILE');
    expect(f.message).toMatch(/UTF-16/);
  });

  it('names known binary formats by their magic bytes', async () => {
    const cases: [number[], RegExp][] = [
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG/],
      [[0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], /ZIP/],
      [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], /PDF/],
      [[0x1f, 0x8b, 0x08, 0x00], /gzip/],
      [[0xff, 0xd8, 0xff, 0xe0], /JPEG/],
      [[0x50, 0x41, 0x52, 0x31], /Parquet/],
      [[0xd0, 0xcf, 0x11, 0xe0], /Excel/],
    ];
    for (const [magic, what] of cases) {
      const f = await failure(() => checkBytes(new Uint8Array([...magic, ...bytes('abcdefgh')]), 100));
      expect(f.code).toBe('BINARY_FILE');
      expect(f.message).toMatch(what);
    }
  });

  it('rejects text full of control bytes', async () => {
    const b = bytes('a'.repeat(100));
    for (let i = 0; i < 100; i += 10) b[i] = 0x01;
    expect((await failure(() => checkBytes(b, 100))).code).toBe('BINARY_FILE');
  });
});

describe('detectFormat', () => {
  it('goes by the extension for TSV and NDJSON', () => {
    expect(detectFormat('data.tsv', bytes('a,b'))).toBe('tsv');
    expect(detectFormat('DATA.TAB', bytes('a,b'))).toBe('tsv');
    expect(detectFormat('x.ndjson', bytes('{}'))).toBe('ndjson');
    expect(detectFormat('x.jsonl', bytes('{}'))).toBe('ndjson');
  });

  it('goes by the content for JSON arrays and NDJSON', () => {
    expect(detectFormat('data.txt', bytes('  \n[{"a":1}]'))).toBe('json');
    expect(detectFormat('data.csv', withBom('[{"a":1}]'))).toBe('json');
    expect(detectFormat('data', bytes('{"a":1}\n{"a":2}\n'))).toBe('ndjson');
    expect(detectFormat('data.json', bytes('{"a":1}\n{"a":2}\n'))).toBe('ndjson');
    expect(detectFormat('data.json', bytes('[\n{"a":1}\n]'))).toBe('json');
  });

  it('rejects one JSON object spanning lines in a .json file', async () => {
    expect((await failure(() => detectFormat('data.json', bytes('{\n  "a": [1, 2]\n}\n')))).code).toBe('BAD_JSON');
  });

  it('defaults to CSV', () => {
    expect(detectFormat('data.csv', bytes('a,b\n'))).toBe('csv');
    expect(detectFormat('noext', bytes('a;b\n'))).toBe('csv');
  });

  it('detects a BOM', () => {
    expect(hasBom(withBom('x'))).toBe(true);
    expect(hasBom(bytes('x'))).toBe(false);
    expect(hasBom(new Uint8Array([0xef, 0xbb]))).toBe(false);
  });
});

describe('sniffDelimiter', () => {
  const table = (d: string) => `name${d}age${d}city\nAnn${d}31${d}Oslo\nBob${d}42${d}Rome\nCy${d}28${d}Lima\n`;

  it('finds comma, semicolon, tab and pipe', () => {
    for (const d of [',', ';', '\t', '|']) expect(sniffDelimiter(bytes(table(d)), 'csv'), JSON.stringify(d)).toBe(d);
  });

  it('prefers the delimiter that gives consistent rows over one that appears inside values', () => {
    const european = 'price;qty;note\n1,5;2;a, b\n2,25;3;c\n3,0;1;d, e, f\n';
    expect(sniffDelimiter(bytes(european), 'csv')).toBe(';');
    const quoted = 'a,b\n"x;y;z",1\n"p;q",2\n';
    expect(sniffDelimiter(bytes(quoted), 'csv')).toBe(',');
  });

  it('ignores blank lines and an incomplete last line', () => {
    expect(sniffDelimiter(bytes('a|b|c\n\n1|2|3\n\n4|5|6\n7|8'), 'csv')).toBe('|');
  });

  it('always uses tab for TSV and falls back to comma', () => {
    expect(sniffDelimiter(bytes('a,b\n1,2\n'), 'tsv')).toBe('\t');
    expect(sniffDelimiter(bytes('single\ncolumn\n'), 'csv')).toBe(',');
  });
});

describe('cleanHeader', () => {
  it('keeps unique names and trims them', () => {
    expect(cleanHeader([' a ', 'b', 'c'])).toEqual({ names: ['a', 'b', 'c'], notices: [] });
  });

  it('renames duplicates with a suffix and says so', () => {
    const { names, notices } = cleanHeader(['x', 'x', 'y', 'x']);
    expect(names).toEqual(['x', 'x_2', 'y', 'x_3']);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/Column 2 repeats the name "x": renamed it "x_2"/);
  });

  it('skips suffixes that are taken', () => {
    expect(cleanHeader(['a', 'a_2', 'a']).names).toEqual(['a', 'a_2', 'a_3']);
  });

  it('names empty columns by position', () => {
    const { names, notices } = cleanHeader(['', 'b', '  ']);
    expect(names).toEqual(['column_1', 'b', 'column_3']);
    expect(notices[0]).toMatch(/Column 1 has no name/);
  });

  it('keeps names unique when a generated name is taken', () => {
    const { names } = cleanHeader(['column_2', '']);
    expect(new Set(names).size).toBe(2);
    expect(names[0]).toBe('column_2');
  });
});

describe('previewFile: file checks', () => {
  it('reports the right code for empty, blank and binary files', async () => {
    expect((await failure(previewFile(blob(''), 'e.csv'))).code).toBe('EMPTY_FILE');
    expect((await failure(previewFile(blob('  \r\n\n'), 'e.csv'))).code).toBe('EMPTY_FILE');
    expect((await failure(previewFile(blob(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), 'x.csv'))).code).toBe('BINARY_FILE');
    expect((await failure(previewFile(blob(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 'book.xlsx'))).code).toBe('BINARY_FILE');
    expect((await failure(previewFile(blob(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x00])), 'z.csv'))).code).toBe('BINARY_FILE');
  });

  it('strips the BOM from the first column name and sniffs the delimiter', async () => {
    const p = await previewFile(blob(withBom('id;name\n1;Ann\n2;Bob\n')), 'x.csv');
    expect(p.delimiter).toBe(';');
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('renames duplicate and empty header names with notices', async () => {
    const p = await previewFile(blob('a,a,\n1,2,3\n'), 'x.csv');
    expect(p.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'column_3']);
    expect(p.notices.filter((n) => n.kind === 'renamed-column')).toHaveLength(2);
  });

  it('honours a delimiter override', async () => {
    const p = await previewFile(blob('a;b,c\n1;2,3\n'), 'x.csv', { delimiter: ';' });
    expect(p.columns.map((c) => c.name)).toEqual(['a', 'b,c']);
  });
});
