import { ParseError } from '../errors';
import { ColumnBuilder } from './builder';
import { CsvTokenizer, type RecordRef } from './csv';
import { JsonArraySplitter, NdjsonSplitter } from './json';
import { CHUNK_ROWS, type ColumnSchema, type FileFormat, type Notice } from './types';
import { Utf8Error } from './values';

export interface TableOptions {
  format: FileFormat;
  delimiter: string;
  /** Every column of the file, in file order (`ignore` columns are read past, not stored). */
  columns: ColumnSchema[];
  /** Per column: the user chose the type, so values that do not fit become missing instead of changing it. */
  fixed: boolean[];
  /** Skip rows with too many or too few fields (else they stop the import). */
  skipMalformed: boolean;
}

export type Chunk = Float64Array | Int32Array;

/** A byte-stream parser: push chunks, then one final push. */
export interface StreamParser {
  push(chunk: Uint8Array, final?: boolean): boolean;
}

/**
 * Turns records (CSV fields or JSON objects) into typed column chunks. Every CHUNK_ROWS rows it
 * hands the finished chunk of every stored column to `onChunk`.
 */
export class TableParser {
  readonly builders: ColumnBuilder[];
  readonly kept: number[];
  rows = 0;
  readonly skipped = { count: 0, lines: [] as number[] };
  readonly notices: Notice[] = [];
  private rowInChunk = 0;
  private readonly fileToKept: Int32Array;
  private readonly ncols: number;
  private readonly keyIndex: Map<string, number>;
  private readonly unknownKeys = new Set<string>();

  constructor(
    private readonly opts: TableOptions,
    private readonly onChunk: (chunks: Chunk[]) => void,
    /** Whether builders keep numeric moments (parallel parts leave that to the merge). */
    withMoments = true,
  ) {
    this.kept = opts.columns.map((_, i) => i).filter((i) => opts.columns[i].role !== 'ignore');
    if (this.kept.length === 0) throw new ParseError('NO_COLUMNS', 'Every column is set to Ignore: keep at least one column to import.');
    // Builders know their file column index: a type change names the column in the file.
    this.builders = this.kept.map((i) => new ColumnBuilder(i, opts.columns[i], opts.fixed[i]));
    for (const b of this.builders) b.withMoments = withMoments;
    this.fileToKept = new Int32Array(opts.columns.length).fill(-1);
    this.kept.forEach((i, k) => (this.fileToKept[i] = k));
    this.ncols = opts.columns.length;
    this.keyIndex = new Map(opts.columns.map((c, i) => [c.name, i]));
  }

  /** A parser for the table's format; `header` says whether the first non-blank record is the header. */
  parser(header: boolean): StreamParser {
    const { format } = this.opts;
    if (format === 'json') return new JsonArraySplitter((rec, line) => this.json(rec, line));
    if (format === 'ndjson') return new NdjsonSplitter((rec, line) => this.json(rec, line));
    let headerDone = !header;
    return new CsvTokenizer(this.opts.delimiter, (r) => {
      if (!headerDone) {
        if (!(r.count === 1 && r.starts[0] === r.ends[0])) headerDone = true;
        return true;
      }
      return this.csv(r);
    });
  }

  csv(r: RecordRef): boolean {
    const ncols = this.ncols;
    if (r.count === 1 && r.starts[0] === r.ends[0] && r.flags[0] === 0) return true; // blank line
    if (r.count !== ncols) {
      if (!this.opts.skipMalformed) {
        throw new ParseError('RAGGED_ROW', `Line ${r.line} has ${r.count} field${r.count === 1 ? '' : 's'}, but the header has ${ncols}. Turn on "Skip malformed rows" to import without such rows.`, { line: r.line, fields: r.count, expected: ncols });
      }
      this.skipped.count++;
      if (this.skipped.lines.length < 20) this.skipped.lines.push(r.line);
      return true;
    }
    const { buf, starts, ends, flags, line } = r;
    const builders = this.builders;
    const map = this.fileToKept;
    let k = 0;
    try {
      for (let f = 0; f < ncols; f++) {
        k = map[f];
        if (k >= 0) builders[k].pushBytes(buf, starts[f], ends[f], flags[f], line);
      }
    } catch (e) {
      if (e instanceof Utf8Error) throw utf8Error(line, builders[k].schema.name);
      throw e;
    }
    this.rows++;
    if (++this.rowInChunk === CHUNK_ROWS) this.flush();
    return true;
  }

  json(rec: Record<string, unknown>, line: number): boolean {
    const cols = this.opts.columns;
    for (let f = 0; f < this.ncols; f++) {
      const k = this.fileToKept[f];
      if (k >= 0) this.builders[k].pushValue(rec[cols[f].name], line);
    }
    for (const key in rec) {
      if (!this.keyIndex.has(key) && !this.unknownKeys.has(key)) {
        this.unknownKeys.add(key);
        this.notices.push({ kind: 'unknown-key', message: `Key "${key}" first appears at line ${line}, after the rows the columns were read from: it was not imported.` });
      }
    }
    this.rows++;
    if (++this.rowInChunk === CHUNK_ROWS) this.flush();
    return true;
  }

  /** Closes the current (possibly partial) chunk. */
  flush(): void {
    if (this.rowInChunk === 0) return;
    this.rowInChunk = 0;
    this.onChunk(this.builders.map((b) => b.finishChunk()));
  }
}

export function utf8Error(line: number | undefined, column: string | undefined): ParseError {
  const where = line ? ` at line ${line}${column ? `, column "${column}"` : ''}` : '';
  return new ParseError('INVALID_UTF8', `The file is not valid UTF-8${where}. Save it as UTF-8 (for example "CSV UTF-8" in Excel) and import again.`, { line, column });
}
