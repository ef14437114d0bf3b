import { CancelledError, ParseError } from '../errors';
import type { Progress } from '../protocol';
import { ColumnBuilder, TypeChange } from './builder';
import { CsvTokenizer, type RecordRef } from './csv';
import { canonicalSchema, dictionaryBytes, sha256, versionId } from './hash';
import { classifyStrings } from './infer';
import { JsonArraySplitter, NdjsonSplitter } from './json';
import { buildProfile } from './profile';
import { RowSample } from './sample';
import { hasBom } from './sniff';
import { CHUNK_ROWS, type ColumnSchema, type DatasetProfile, type FileFormat, type Notice } from './types';
import { Utf8Error } from './values';

export interface ImportOptions {
  format: FileFormat;
  /** Field delimiter for csv/tsv. */
  delimiter: string;
  /** Every column of the file, in file order (`ignore` columns are read past, not stored). */
  columns: ColumnSchema[];
  /** Per column: the user chose the type, so values that do not fit become missing instead of changing it. */
  fixed: boolean[];
  /** Skip rows with too many or too few fields (else they stop the import). */
  skipMalformed: boolean;
}

/** Where finished chunks go (IndexedDB staging in the app, memory in tests). */
export interface ChunkSink {
  /** Writes chunk `chunk` of every stored column (index = stored column). */
  write(chunk: number, data: (Float64Array | Int32Array)[]): Promise<void>;
  /** Drops everything written so far (the import restarts or fails). */
  reset(): Promise<void>;
}

export interface IngestHooks {
  progress?: (p: Progress) => void;
  cancelled?: () => boolean;
}

export interface IngestResult {
  id: string;
  rows: number;
  /** The stored columns with their final types. */
  columns: ColumnSchema[];
  /** Per stored column: its dictionary (string columns) or [] (numeric). */
  dictionaries: string[][];
  profile: DatasetProfile;
  notices: Notice[];
  skipped: { count: number; lines: number[] };
  chunks: number;
  bytes: number;
  /** Milliseconds spent reading+parsing (including waiting on storage), profiling and hashing. */
  timings: { parse: number; profile: number; hash: number };
}

/** Reads the file a second time from the start when a value proves an inferred type wrong. */
export async function ingest(file: Blob, opts: ImportOptions, sink: ChunkSink, hooks: IngestHooks = {}): Promise<IngestResult> {
  const columns = opts.columns.map((c) => ({ ...c }));
  const fixed = [...opts.fixed];
  const notices: Notice[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await ingestOnce(file, { ...opts, columns, fixed }, sink, hooks);
      result.notices.unshift(...notices);
      return result;
    } catch (e) {
      await sink.reset();
      if (!(e instanceof TypeChange) || attempt > opts.columns.length) throw e;
      const col = columns[e.column];
      notices.push({
        kind: 'type-changed',
        message: `Column "${col.name}" looked like ${col.type} in the first rows, but line ${e.line} holds "${e.value.slice(0, 40)}": it was imported as text categories instead.`,
      });
      col.type = 'categorical';
      col.dateFormat = undefined;
    }
  }
}

async function ingestOnce(file: Blob, opts: ImportOptions, sink: ChunkSink, hooks: IngestHooks): Promise<IngestResult> {
  const kept = opts.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.role !== 'ignore');
  if (kept.length === 0) throw new ParseError('NO_COLUMNS', 'Every column is set to Ignore: keep at least one column to import.');
  const builders = kept.map(({ c, i }, k) => new ColumnBuilder(k, c, opts.fixed[i]));
  const fileToKept = new Int32Array(opts.columns.length).fill(-1);
  kept.forEach(({ i }, k) => (fileToKept[i] = k));
  const sample = new RowSample(builders.map((b) => b.storage));
  const digests: Promise<Uint8Array>[][] = builders.map(() => []);
  const notices: Notice[] = [];
  const skipped = { count: 0, lines: [] as number[] };
  let rows = 0;
  let chunkIndex = 0;
  let rowInChunk = 0;
  let bytes = 0;
  let inflight: Promise<void>[] = [];

  /** Closes the current row chunk: digests it, adds it to the sample and queues its write. */
  const flushChunk = (): void => {
    const chunks = builders.map((b) => b.finishChunk());
    const ci = chunkIndex++;
    rowInChunk = 0;
    sample.add(chunks, ci * CHUNK_ROWS);
    chunks.forEach((data, k) => {
      digests[k].push(sha256(data));
      bytes += data.byteLength;
    });
    const p = sink.write(ci, chunks);
    p.catch(() => undefined);
    inflight.push(p);
  };

  const ncols = opts.columns.length;
  const onCsv = (r: RecordRef): boolean => {
    if (r.count === 1 && r.starts[0] === r.ends[0] && r.flags[0] === 0) return true; // blank line
    if (r.count !== ncols) {
      if (!opts.skipMalformed) {
        throw new ParseError('RAGGED_ROW', `Line ${r.line} has ${r.count} field${r.count === 1 ? '' : 's'}, but the header has ${ncols}. Turn on "Skip malformed rows" to import without such rows.`, { line: r.line, fields: r.count, expected: ncols });
      }
      skipped.count++;
      if (skipped.lines.length < 20) skipped.lines.push(r.line);
      return true;
    }
    const { buf, starts, ends, flags, line } = r;
    let k = 0;
    try {
      for (let f = 0; f < ncols; f++) {
        k = fileToKept[f];
        if (k >= 0) builders[k].pushBytes(buf, starts[f], ends[f], flags[f], line);
      }
    } catch (e) {
      if (e instanceof Utf8Error) throw utf8Error(line, builders[k].schema.name);
      throw e;
    }
    rows++;
    if (++rowInChunk === CHUNK_ROWS) flushChunk();
    return true;
  };

  const keyIndex = new Map(opts.columns.map((c, i) => [c.name, i]));
  const unknownKeys = new Set<string>();
  const onJson = (rec: Record<string, unknown>, line: number): boolean => {
    for (let f = 0; f < ncols; f++) {
      const k = fileToKept[f];
      if (k >= 0) builders[k].pushValue(rec[opts.columns[f].name], line);
    }
    for (const key in rec) {
      if (!keyIndex.has(key) && !unknownKeys.has(key)) {
        unknownKeys.add(key);
        notices.push({ kind: 'unknown-key', message: `Key "${key}" first appears at line ${line}, after the rows the columns were read from: it was not imported.` });
      }
    }
    rows++;
    if (++rowInChunk === CHUNK_ROWS) flushChunk();
    return true;
  };

  let headerDone = opts.format === 'json' || opts.format === 'ndjson';
  const parser =
    opts.format === 'json'
      ? new JsonArraySplitter(onJson)
      : opts.format === 'ndjson'
        ? new NdjsonSplitter(onJson)
        : new CsvTokenizer(opts.delimiter, (r) => {
            if (!headerDone) { if (!(r.count === 1 && r.starts[0] === r.ends[0])) headerDone = true; return true; }
            return onCsv(r);
          });

  const total = file.size;
  const reader = file.stream().getReader();
  let read = 0;
  let first = true;
  let lastReport = 0;
  const started = now();
  try {
    for (;;) {
      if (hooks.cancelled?.()) throw new CancelledError();
      const { value, done } = await reader.read();
      if (done) break;
      let chunk = value;
      if (first) { first = false; if (hasBom(chunk) && opts.format !== 'json' && opts.format !== 'ndjson') chunk = chunk.subarray(3); }
      read += value.length;
      parser.push(chunk, false);
      // Backpressure: at most one chunk write in flight while parsing goes on.
      if (inflight.length > 1) await Promise.all(inflight.splice(0, inflight.length - 1));
      const t = now();
      if (t - lastReport > 100) {
        lastReport = t;
        hooks.progress?.({ kind: 'progress', phase: 'parse', done: read, total, rows, elapsedMs: t - started });
      }
    }
    parser.push(new Uint8Array(0), true);
    if (rowInChunk > 0) flushChunk();
    await Promise.all(inflight);
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    await Promise.allSettled(inflight);
    inflight = [];
    if (e instanceof Utf8Error) throw utf8Error(undefined, undefined);
    throw e;
  }

  if (rows === 0) {
    throw new ParseError('HEADER_ONLY', opts.format === 'csv' || opts.format === 'tsv' ? 'The file has a header but no data rows.' : 'The file holds no records.');
  }
  if (skipped.count > 0) {
    notices.push({ kind: 'skipped-rows', message: `Skipped ${skipped.count} malformed row${skipped.count === 1 ? '' : 's'} (lines ${skipped.lines.join(', ')}${skipped.count > skipped.lines.length ? ', …' : ''}).` });
  }

  hooks.progress?.({ kind: 'progress', phase: 'profile', done: 0, total: builders.length, rows, elapsedMs: now() - started });
  for (const b of builders) {
    if (b.missing === rows) {
      throw new ParseError('ALL_MISSING_COLUMN', `Column "${b.schema.name}" has no values in any of the ${rows} rows. Set its role to Ignore to import without it.`, { column: b.schema.name });
    }
    if (b.invalid > 0) {
      notices.push({ kind: 'invalid-values', message: `Column "${b.schema.name}": ${b.invalid} value${b.invalid === 1 ? '' : 's'} did not read as ${b.type} and became missing (first at line ${b.firstInvalid!.line}: "${b.firstInvalid!.value.slice(0, 40)}").` });
    }
    // Final string classification from the full distinct count, unless the user chose it.
    if (b.storage === 'codes' && !opts.fixed[kept[b.col].i]) {
      const count = rows - b.missing;
      const type = classifyStrings(b.dict.length, count, b.dict.some((s) => /\s/.test(s.trim())));
      if (type !== b.type) {
        b.type = type;
      }
    }
  }
  const tParsed = now();
  const profile = buildProfile(builders, sample, rows, (i) =>
    hooks.progress?.({ kind: 'progress', phase: 'profile', done: i + 1, total: builders.length, rows, elapsedMs: now() - started }),
  );
  const storedColumns: ColumnSchema[] = builders.map((b) => {
    const out: ColumnSchema = { name: b.schema.name, type: b.type, role: b.schema.role };
    if (b.type === 'datetime') out.dateFormat = b.schema.dateFormat;
    if (out.role === 'identifier' && b.type !== 'identifier' && b.type !== 'integer' && b.type !== 'text') out.role = 'feature';
    return out;
  });
  const dictionaries = builders.map((b) => (b.storage === 'codes' ? b.dict : []));
  const tProfiled = now();
  const columnDigests = await Promise.all(
    builders.map(async (b, k) => [...(b.storage === 'codes' ? [await sha256(dictionaryBytes(b.dict))] : []), ...(await Promise.all(digests[k]))]),
  );
  const id = await versionId(canonicalSchema(rows, storedColumns), columnDigests);
  const timings = { parse: tParsed - started, profile: tProfiled - tParsed, hash: now() - tProfiled };
  return { id, rows, columns: storedColumns, dictionaries, profile, notices, skipped, chunks: chunkIndex, bytes, timings };
}

function utf8Error(line: number | undefined, column: string | undefined): ParseError {
  const where = line ? ` at line ${line}${column ? `, column "${column}"` : ''}` : '';
  return new ParseError('INVALID_UTF8', `The file is not valid UTF-8${where}. Save it as UTF-8 (for example "CSV UTF-8" in Excel) and import again.`, { line, column });
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
