import { ParseError } from '../errors';
import { CsvTokenizer } from './csv';
import type { FileFormat } from './types';

/** Bytes read from the start of a file to detect its format and infer its schema. */
export const SNIFF_BYTES = 1 << 20;

const BOM = [0xef, 0xbb, 0xbf];

export function hasBom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2];
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Excel .xlsx workbook): export the sheet as CSV first'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file, which Benchtop cannot read yet: export it as CSV'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'a gzip archive: decompress it first'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel/Office file: export the sheet as CSV first'],
];

/** Rejects empty and binary files with a specific error. */
export function checkBytes(head: Uint8Array, fileSize: number): void {
  if (fileSize === 0) throw new ParseError('EMPTY_FILE', 'The file is empty (0 bytes).');
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) throw new ParseError('BINARY_FILE', `This is ${what}, not a text table.`);
  }
  const start = hasBom(head) ? 3 : 0;
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = start; i < n; i++) {
    const c = head[i];
    if (c === 0) throw new ParseError('BINARY_FILE', `This looks like a binary file, not text: a zero byte at offset ${i}. If it is UTF-16 text, save it as UTF-8.`, { offset: i });
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  if (n - start > 0 && control / (n - start) > 0.05) throw new ParseError('BINARY_FILE', `This looks like a binary file, not text: ${control} control bytes in the first ${n - start}.`);
  let blank = true;
  for (let i = start; i < head.length; i++) if (head[i] > 32) { blank = false; break; }
  if (blank) throw new ParseError('EMPTY_FILE', 'The file holds no data (only whitespace).');
}

/** Picks the format from the name, then from the content. */
export function detectFormat(name: string, head: Uint8Array): FileFormat {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  let i = hasBom(head) ? 3 : 0;
  while (i < head.length && head[i] <= 32) i++;
  if (head[i] === 0x5b /* [ */) return 'json';
  if (head[i] === 0x7b /* { */) {
    // One object per line is NDJSON; one object spanning lines is JSON we cannot read as a table.
    const nl = head.indexOf(0x0a, i);
    const firstLine = new TextDecoder().decode(head.subarray(i, nl < 0 ? head.length : nl)).trim();
    try {
      JSON.parse(firstLine);
      return 'ndjson';
    } catch {
      if (ext === 'json') throw new ParseError('BAD_JSON', 'This JSON file holds one object, not an array of records: Benchtop reads a JSON array of objects ([{...}, {...}]) or NDJSON (one object per line).');
      return 'ndjson';
    }
  }
  if (ext === 'json') return 'json';
  return 'csv';
}

const CANDIDATES = [',', '\t', ';', '|'];

/** Sniffs the delimiter: the candidate that splits the first records into the most consistent, widest rows. */
export function sniffDelimiter(head: Uint8Array, format: FileFormat): string {
  if (format === 'tsv') return '\t';
  let best = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts: number[] = [];
    const tok = new CsvTokenizer(d, (r) => {
      if (!(r.count === 1 && r.starts[0] === r.ends[0])) counts.push(r.count);
      return counts.length < 50;
    });
    try {
      tok.push(head.subarray(0, Math.min(head.length, 65536)), false);
    } catch {
      continue;
    }
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 1, modeN = 0;
    for (const [c, n] of freq) if (n > modeN || (n === modeN && c > mode)) { mode = c; modeN = n; }
    if (mode < 2) continue;
    const score = (modeN / counts.length) * 1000 + mode;
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}

/** Makes header names unique and non-empty; returns the names and a notice per change. */
export function cleanHeader(raw: string[]): { names: string[]; notices: string[] } {
  const names: string[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();
  raw.forEach((r, i) => {
    let name = r.trim();
    if (name === '') {
      name = `column_${i + 1}`;
      notices.push(`Column ${i + 1} has no name: named it "${name}".`);
    }
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`)) k++;
      notices.push(`Column ${i + 1} repeats the name "${name}": renamed it "${name}_${k}".`);
      name = `${name}_${k}`;
    }
    seen.add(name);
    names.push(name);
  });
  return { names, notices };
}
