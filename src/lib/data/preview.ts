import { ParseError } from '../errors';
import { CsvTokenizer } from './csv';
import { unescapeQuotes } from './csv';
import { inferColumn, type InferredColumn } from './infer';
import { JsonArraySplitter, NdjsonSplitter } from './json';
import { SNIFF_BYTES, checkBytes, cleanHeader, detectFormat, hasBom, sniffDelimiter } from './sniff';
import type { FileFormat, Notice } from './types';
import { Utf8Error, decodeField } from './values';

/** Rows read from the start of the file to infer types. */
export const INFER_ROWS = 5000;
const SHOWN_ROWS = 100;

export interface ImportPreview {
  fileName: string;
  size: number;
  format: FileFormat;
  delimiter: string;
  columns: InferredColumn[];
  /** The first rows as text, for display. */
  rows: string[][];
  /** Rows the types were inferred from. */
  sampleRows: number;
  /** True when the sample is the whole file. */
  wholeFile: boolean;
  estimatedRows: number;
  malformed: { count: number; lines: number[] };
  notices: Notice[];
  /** The first lines of the file, kept with the version as its source sample. */
  sourceSample: string;
}

/** Reads the start of a file: checks it, detects format and delimiter, infers column types. */
export async function previewFile(file: Blob, fileName: string, override: { format?: FileFormat; delimiter?: string } = {}): Promise<ImportPreview> {
  const wholeFile = file.size <= SNIFF_BYTES;
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  checkBytes(head, file.size);
  const format = override.format ?? detectFormat(fileName, head);
  const delimiter = format === 'csv' || format === 'tsv' ? (override.delimiter ?? sniffDelimiter(head, format)) : '';
  const body = hasBom(head) ? head.subarray(3) : head;
  const notices: Notice[] = [];
  const malformed = { count: 0, lines: [] as number[] };
  let names: string[] = [];
  const raw: unknown[][] = [];
  let lastLine = 0;

  if (format === 'csv' || format === 'tsv') {
    let header: string[] | null = null;
    const tok = new CsvTokenizer(delimiter, (r) => {
      const fields: string[] = [];
      for (let f = 0; f < r.count; f++) {
        let v: string;
        try {
          v = decodeField(r.buf, r.starts[f], r.ends[f]);
        } catch (e) {
          if (e instanceof Utf8Error) throw new ParseError('INVALID_UTF8', `The file is not valid UTF-8 at line ${r.line}, field ${f + 1}. Save it as UTF-8 (for example "CSV UTF-8" in Excel) and import again.`, { line: r.line, column: f + 1 });
          throw e;
        }
        fields.push(r.flags[f] === 2 ? unescapeQuotes(v) : v);
      }
      if (r.count === 1 && fields[0] === '' && r.flags[0] === 0) return true; // blank line
      if (!header) { header = fields; return true; }
      lastLine = r.line;
      if (r.count !== header.length) {
        malformed.count++;
        if (malformed.lines.length < 20) malformed.lines.push(r.line);
        return true;
      }
      raw.push(fields);
      return raw.length < INFER_ROWS;
    });
    tok.push(body, wholeFile);
    if (!header) throw new ParseError('EMPTY_FILE', 'The file holds no header row.');
    const cleaned = cleanHeader(header);
    names = cleaned.names;
    for (const n of cleaned.notices) notices.push({ kind: 'renamed-column', message: n });
  } else {
    const keys = new Map<string, number>();
    const records: Record<string, unknown>[] = [];
    const onRecord = (rec: Record<string, unknown>, line: number): boolean => {
      for (const k of Object.keys(rec)) if (!keys.has(k)) keys.set(k, keys.size);
      records.push(rec);
      lastLine = line;
      return records.length < INFER_ROWS;
    };
    const splitter = format === 'json' ? new JsonArraySplitter(onRecord) : new NdjsonSplitter(onRecord);
    splitter.push(body, wholeFile);
    names = [...keys.keys()];
    const empty = names.findIndex((n) => n.trim() === '');
    if (empty >= 0) throw new ParseError('BAD_SCHEMA', 'A record has an empty key (""): every column needs a name.');
    for (const rec of records) raw.push(names.map((n) => rec[n]));
  }

  if (names.length === 0) throw new ParseError('EMPTY_FILE', 'The file holds no columns.');
  if (raw.length === 0 && malformed.count === 0 && wholeFile) {
    throw new ParseError('HEADER_ONLY', format === 'csv' || format === 'tsv' ? 'The file has a header but no data rows.' : 'The file holds no records.');
  }
  const columns = names.map((name, c) => inferColumn({ name, values: raw.map((r) => r[c]) }, raw.length));
  keepOneTarget(columns);
  for (const col of columns) {
    if (raw.length > 0 && col.missingShare === 1) {
      col.role = 'ignore';
      notices.push({ kind: 'all-missing', message: `Column "${col.name}" has no values in the first ${raw.length} rows: it is set to Ignore (not imported). Change its role to import it anyway.` });
    }
  }
  if (malformed.count > 0) {
    notices.push({ kind: 'malformed-rows', message: `${malformed.count} row${malformed.count === 1 ? '' : 's'} in the first part of the file ha${malformed.count === 1 ? 's' : 've'} a different number of fields than the header (line${malformed.lines.length === 1 ? '' : 's'} ${malformed.lines.slice(0, 5).join(', ')}).` });
  }
  const consumed = Math.max(1, lastLine);
  const bytesPerLine = head.length / Math.max(1, countLines(head));
  const estimatedRows = wholeFile ? raw.length + malformed.count : Math.round(file.size / Math.max(1, bytesPerLine));
  return {
    fileName,
    size: file.size,
    format,
    delimiter,
    columns,
    rows: raw.slice(0, SHOWN_ROWS).map((r) => r.map((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)))),
    sampleRows: raw.length,
    wholeFile,
    estimatedRows: Math.max(estimatedRows, consumed > 0 ? raw.length : 0),
    malformed,
    notices,
    sourceSample: new TextDecoder().decode(body.subarray(0, 2048)).split(/\r?\n/).slice(0, 6).join('\n'),
  };
}

const TARGET_PRIORITY = ['target', 'label', 'class', 'outcome', 'y'];

/** Several columns may be named like a target ("y" and "label"): suggest only the likeliest. */
function keepOneTarget(columns: InferredColumn[]): void {
  const targets = columns.filter((c) => c.role === 'target');
  if (targets.length < 2) return;
  const rank = (c: InferredColumn) => TARGET_PRIORITY.indexOf(c.name.toLowerCase());
  const keep = targets.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  for (const c of targets) if (c !== keep) c.role = 'feature';
}

function countLines(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 10) n++;
  return n;
}
