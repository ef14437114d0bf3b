import { describe, expect, it } from 'vitest';
import { CsvTokenizer, unescapeQuotes } from '../../../src/lib/data/csv';
import { ParseError } from '../../../src/lib/errors';
import { bytes, failure, rng } from './helpers';

interface Tokenized {
  records: string[][];
  lines: number[];
  flags: number[][];
}

const utf8 = new TextDecoder();

/** Runs the tokenizer over `input`, fed in pieces of `step` bytes (0: one final push). */
function tokenize(input: string | Uint8Array, step = 0, delimiter = ','): Tokenized {
  const data = typeof input === 'string' ? bytes(input) : input;
  const out: Tokenized = { records: [], lines: [], flags: [] };
  const tok = new CsvTokenizer(delimiter, (r) => {
    const fields: string[] = [];
    const flags: number[] = [];
    for (let f = 0; f < r.count; f++) {
      const v = utf8.decode(r.buf.subarray(r.starts[f], r.ends[f]));
      fields.push(r.flags[f] === 2 ? unescapeQuotes(v) : v);
      flags.push(r.flags[f]);
    }
    out.records.push(fields);
    out.lines.push(r.line);
    out.flags.push(flags);
  });
  if (step <= 0) tok.push(data, true);
  else {
    for (let i = 0; i < data.length; i += step) tok.push(data.subarray(i, i + step), false);
    tok.push(new Uint8Array(0), true);
  }
  return out;
}

/** Tokenizes `input` split in two at byte `at`. */
function tokenizeSplit(input: Uint8Array, at: number): Tokenized {
  const out: Tokenized = { records: [], lines: [], flags: [] };
  const tok = new CsvTokenizer(',', (r) => {
    const fields: string[] = [];
    for (let f = 0; f < r.count; f++) {
      const v = utf8.decode(r.buf.subarray(r.starts[f], r.ends[f]));
      fields.push(r.flags[f] === 2 ? unescapeQuotes(v) : v);
    }
    out.records.push(fields);
    out.lines.push(r.line);
    out.flags.push([...r.flags.subarray(0, r.count)]);
  });
  tok.push(input.subarray(0, at), false);
  tok.push(input.subarray(at), true);
  return out;
}

/** Writes records as CSV the way a careful writer does: quote when needed. */
function writeCsv(records: string[][], eol: string): string {
  return records.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')).join(eol) + eol;
}

describe('CsvTokenizer: fields', () => {
  it('splits plain records', () => {
    expect(tokenize('a,b,c\n1,2,3\n').records).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('keeps delimiters inside quoted fields', () => {
    const t = tokenize('name,note\n"Smith, J.",x\n"a,b,c","d"\n');
    expect(t.records).toEqual([['name', 'note'], ['Smith, J.', 'x'], ['a,b,c', 'd']]);
    expect(t.flags[1]).toEqual([1, 0]);
  });

  it('unescapes doubled quotes and flags such fields', () => {
    const t = tokenize('"say ""hi""",""""\n');
    expect(t.records).toEqual([['say "hi"', '"']]);
    expect(t.flags[0]).toEqual([2, 2]);
  });

  it('keeps newlines (LF, CRLF, CR) inside quoted fields', () => {
    const t = tokenize('"line1\nline2",b\n"x\r\ny","p\rq"\n');
    expect(t.records).toEqual([['line1\nline2', 'b'], ['x\r\ny', 'p\rq']]);
  });

  it('reads empty fields, an empty quoted field and a trailing delimiter', () => {
    expect(tokenize(',,\n"",x,\n').records).toEqual([['', '', ''], ['', 'x', '']]);
    expect(tokenize('a,b,').records).toEqual([['a', 'b', '']]);
  });

  it('reads a blank line as one empty field', () => {
    const t = tokenize('a\n\nb\n');
    expect(t.records).toEqual([['a'], [''], ['b']]);
    expect(t.lines).toEqual([1, 2, 3]);
  });

  it('drops bytes between a closing quote and the delimiter (lenient)', () => {
    expect(tokenize('"a"x,b\n').records).toEqual([['a', 'b']]);
  });

  it('does not treat quotes inside an unquoted field as special', () => {
    expect(tokenize('ab"c,d\n').records).toEqual([['ab"c', 'd']]);
  });

  it('reads other delimiters: semicolon, tab, pipe', () => {
    for (const d of [';', '\t', '|']) {
      const t = tokenize(`a${d}"b${d}c"${d}d\n1${d}2${d}3\n`, 0, d);
      expect(t.records).toEqual([['a', `b${d}c`, 'd'], ['1', '2', '3']]);
    }
  });

  it('handles records wider than its initial field buffers', () => {
    const wide = Array.from({ length: 300 }, (_, i) => `f${i}`);
    const t = tokenize(`${wide.join(',')}\n${wide.join(',')}`, 5);
    expect(t.records).toEqual([wide, wide]);
  });

  it('hands out multi-byte UTF-8 intact when a character is split across chunks', () => {
    const input = 'ciudad,año\n"São Paulo, BR",2024\nZürich,😀\n';
    for (const step of [1, 2, 3]) expect(tokenize(input, step).records).toEqual(tokenize(input).records);
    expect(tokenize(input).records[2]).toEqual(['Zürich', '😀']);
  });

  it('stops when the callback returns false', () => {
    const seen: number[] = [];
    const tok = new CsvTokenizer(',', (r) => { seen.push(r.line); return seen.length < 2; });
    expect(tok.push(bytes('a\nb\nc\nd\n'), true)).toBe(false);
    expect(seen).toEqual([1, 2]);
  });
});

describe('CsvTokenizer: line ends and line numbers', () => {
  const expected = [['a', 'b'], ['1', '2'], ['3', '4']];

  it('reads LF, CRLF and lone CR line ends alike', () => {
    expect(tokenize('a,b\n1,2\n3,4\n').records).toEqual(expected);
    expect(tokenize('a,b\r\n1,2\r\n3,4\r\n').records).toEqual(expected);
    expect(tokenize('a,b\r1,2\r3,4\r').records).toEqual(expected);
    expect(tokenize('a,b\r\n1,2\r3,4\n').records).toEqual(expected);
  });

  it('reads a last line without a newline', () => {
    expect(tokenize('a,b\n1,2\n3,4').records).toEqual(expected);
    expect(tokenize('a,b\n1,2\n"3",4').records).toEqual(expected);
    expect(tokenize('a,b\n1,2\n3,"4"').records).toEqual(expected);
  });

  it('numbers records by physical line for LF, CRLF and CR', () => {
    expect(tokenize('a\nb\nc').lines).toEqual([1, 2, 3]);
    expect(tokenize('a\r\nb\r\nc\r\n').lines).toEqual([1, 2, 3]);
    expect(tokenize('a\rb\rc').lines).toEqual([1, 2, 3]);
  });

  it('counts the lines of a quoted multi-line field for the records after it', () => {
    const lf = tokenize('h1,h2\n"one\ntwo\nthree",x\nnext,y\n"a\nb",z\nlast,w\n');
    expect(lf.records[1]).toEqual(['one\ntwo\nthree', 'x']);
    expect(lf.lines).toEqual([1, 2, 5, 6, 8]);
    const crlf = tokenize('h1,h2\r\n"one\r\ntwo",x\r\nnext,y\r\n');
    expect(crlf.lines).toEqual([1, 2, 4]);
  });

  it('keeps line numbers right when the multi-line field is split across chunks', () => {
    const input = 'h1,h2\n"one\ntwo\nthree",x\nnext,y\n"a\nb",z\nlast,w\n';
    for (const step of [1, 2, 3, 7]) expect(tokenize(input, step).lines).toEqual([1, 2, 5, 6, 8]);
  });

  it('reports the physical lines consumed', () => {
    const tok = new CsvTokenizer(',', () => undefined);
    tok.push(bytes('a\n"b\nc"\nd\n'), true);
    expect(tok.lines).toBe(5);
  });

  it('counts lone-CR line ends inside quoted fields like those outside', () => {
    expect(tokenize('a\r"x\ry"\rb\r').lines).toEqual([1, 2, 4]);
  });
});

describe('CsvTokenizer: chunk boundaries', () => {
  const corpus = [
    'id,name,note,amount\r\n',
    '1,"Smith, J.","said ""hi""\nand left",3.5\n',
    '2,Zoë,,-1e3\r',
    '3,"",plain,\r\n',
    '\n',
    '4,"multi\r\nline field","",""""\n',
    '5,"x",y,z',
  ].join('');
  const input = bytes(corpus);
  const whole = tokenize(input);

  it('reads the corpus as expected in one push', () => {
    expect(whole.records).toEqual([
      ['id', 'name', 'note', 'amount'],
      ['1', 'Smith, J.', 'said "hi"\nand left', '3.5'],
      ['2', 'Zoë', '', '-1e3'],
      ['3', '', 'plain', ''],
      [''],
      ['4', 'multi\r\nline field', '', '"'],
      ['5', 'x', 'y', 'z'],
    ]);
    expect(whole.lines).toEqual([1, 2, 4, 5, 6, 7, 9]);
  });

  it('gives the same records in 1-, 2-, 3-, 7- and 64-byte chunks', () => {
    for (const step of [1, 2, 3, 7, 64]) {
      const t = tokenize(input, step);
      expect(t.records, `step ${step}`).toEqual(whole.records);
      expect(t.lines, `step ${step}`).toEqual(whole.lines);
      expect(t.flags, `step ${step}`).toEqual(whole.flags);
    }
  });

  it('gives the same records when split in two at every byte offset', () => {
    for (let at = 0; at <= input.length; at++) {
      const t = tokenizeSplit(input, at);
      expect(t.records, `split at ${at}`).toEqual(whole.records);
      expect(t.lines, `split at ${at}`).toEqual(whole.lines);
    }
  });

  it('round-trips random records with quotes, delimiters and newlines at any chunk size', () => {
    const rand = rng(7);
    const alphabet = ['a', 'b', 'Z', '1', ' ', ',', '"', '\n', '\r\n', 'é', '😀', ';'];
    for (let trial = 0; trial < 40; trial++) {
      const width = 1 + Math.floor(rand() * 5);
      const records: string[][] = [];
      for (let r = 0; r < 1 + Math.floor(rand() * 8); r++) {
        const rec: string[] = [];
        for (let c = 0; c < width; c++) {
          let f = '';
          for (let k = Math.floor(rand() * 6); k > 0; k--) f += alphabet[Math.floor(rand() * alphabet.length)];
          rec.push(f);
        }
        // A record made of one empty field would be written as a blank line; the writer quotes it.
        records.push(rec);
      }
      const eol = ['\n', '\r\n', '\r'][trial % 3];
      const text = records.map((r) => r.map((f) => (/[",\r\n]/.test(f) || (r.length === 1 && f === '') ? `"${f.replaceAll('"', '""')}"` : f)).join(',')).join(eol) + (trial % 2 ? eol : '');
      for (const step of [0, 1, 3, 7]) expect(tokenize(text, step).records, `trial ${trial} step ${step}`).toEqual(records);
    }
  });

  it('matches a writer for a CRLF file of many rows in odd chunk sizes', () => {
    const records = Array.from({ length: 200 }, (_, i) => [String(i), `name ${i}`, i % 3 ? 'x' : 'has, comma', i % 5 ? '' : 'two\nlines']);
    const text = writeCsv(records, '\r\n');
    for (const step of [0, 13, 1000]) expect(tokenize(text, step).records).toEqual(records);
  });
});

describe('CsvTokenizer: errors', () => {
  it('rejects an unterminated quoted field with its starting line', async () => {
    const f = await failure(() => tokenize('a,b\n1,2\n3,"never closed\n4,5\n'));
    expect(f.err).toBeInstanceOf(ParseError);
    expect(f.code).toBe('RAGGED_ROW');
    expect(f.detail.line).toBe(3);
    expect(f.message).toMatch(/Unterminated quoted field/);
  });

  it('rejects an unterminated quote fed in small chunks with the same line', async () => {
    for (const step of [1, 3, 7]) {
      const f = await failure(() => tokenize('a\n"x\ny\n', step));
      expect(f.code).toBe('RAGGED_ROW');
      expect(f.detail.line).toBe(2);
    }
  });

  it('rejects a file that is only an opening quote', async () => {
    expect((await failure(() => tokenize('"'))).code).toBe('RAGGED_ROW');
  });

  it('reads the empty last field after a trailing delimiter on a 64-field record', () => {
    const fields = Array.from({ length: 64 }, (_, i) => `f${i}`);
    const tok = new CsvTokenizer(',', (r) => {
      expect(r.count).toBe(65);
      expect(r.starts[64]).toBe(r.ends[64]);
      expect(Number.isInteger(r.starts[64])).toBe(true);
    });
    tok.push(bytes(fields.join(',') + ','), true);
  });
});
