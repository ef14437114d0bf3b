import { CancelledError, ParseError } from '../errors';
import type { Progress } from '../protocol';
import { TypeChange, emptyMoments, mergeChunkMoments, type ColumnState, type Moments } from './builder';
import { canonicalSchema, dictionaryBytes, sha256, versionId } from './hash';
import { classifyStrings } from './infer';
import { PARALLEL_MAX_BYTES, PARALLEL_MIN_BYTES, mergeParts, parsePart, splitRanges, type ByteRange, type PartResult } from './parallel';
import { buildProfile, type Summarizer } from './profile';
import { RowSample } from './sample';
import { hasBom } from './sniff';
import { TableParser, utf8Error, type Chunk, type TableOptions } from './table';
import { CHUNK_ROWS, type ColumnSchema, type DatasetProfile, type Notice } from './types';
import { Utf8Error } from './values';

export type ImportOptions = TableOptions;

/** The first range's thread also samples, digests and stores chunks, so it parses a little less. */
const FIRST_RANGE_SHARE = 0.8;

/** Where finished chunks go (IndexedDB staging in the app, memory in tests). */
export interface ChunkSink {
  /** Writes chunk `chunk` of every stored column (index = stored column); may resolve to the bytes it stored. */
  write(chunk: number, data: Chunk[]): Promise<number | void>;
  /** Drops everything written so far (the import restarts or fails). */
  reset(): Promise<void>;
}

export interface IngestHooks {
  progress?: (p: Progress) => void;
  cancelled?: () => boolean;
  /** Other threads to parse byte ranges of a large CSV/TSV file on (see parallel.ts). */
  parts?: { count: number; run(file: Blob, range: ByteRange, opts: TableOptions): Promise<PartResult>; /** Smallest file to split (default PARALLEL_MIN_BYTES). */ minBytes?: number };
  /** Another thread to summarise numeric columns on while this one does the rest. */
  summarize?: Summarizer;
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
  /** Milliseconds spent reading+parsing (including waiting on storage), profiling and hashing, and the threads used to parse. */
  timings: { parse: number; profile: number; hash: number; threads: number };
}

/** Reads the file a second time from the start when a value proves an inferred type wrong. */
export async function ingest(file: Blob, opts: ImportOptions, sink: ChunkSink, hooks: IngestHooks = {}): Promise<IngestResult> {
  const columns = opts.columns.map((c) => ({ ...c }));
  const notices: Notice[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await ingestOnce(file, { ...opts, columns }, sink, hooks);
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

/** What the parse produced, ready for the checks, the profile and the hash. */
export interface Parsed {
  rows: number;
  states: ColumnState[];
  sample: RowSample;
  digests: Promise<Uint8Array>[][];
  chunks: number;
  /** Bytes the sink stored, complete once `writing` settles. */
  stored: { bytes: number };
  notices: Notice[];
  skipped: { count: number; lines: number[] };
  threads: number;
  /** Writes still running. */
  writing: Promise<void>;
}

async function ingestOnce(file: Blob, opts: ImportOptions, sink: ChunkSink, hooks: IngestHooks): Promise<IngestResult> {
  const started = now();
  let parsed: Parsed | null = null;
  const parallel = hooks.parts && hooks.parts.count > 1 && (opts.format === 'csv' || opts.format === 'tsv') && file.size >= (hooks.parts.minBytes ?? PARALLEL_MIN_BYTES) && file.size <= PARALLEL_MAX_BYTES;
  if (parallel) {
    try {
      parsed = await parseParallel(file, opts, sink, hooks, started);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (e instanceof CancelledError || code === 'CANCELLED' || hooks.cancelled?.()) throw new CancelledError();
      if (e instanceof TypeChange && e.line > 0) throw e;
      // A cut inside a quoted field, or an error whose line only one pass can tell: read it in one pass.
      await sink.reset();
      parsed = null;
    }
  }
  parsed ??= await parseSequential(file, opts, sink, hooks, started);
  const kept = opts.columns.map((_, i) => i).filter((i) => opts.columns[i].role !== 'ignore');
  return finishVersion(parsed, {
    emptyMessage: opts.format === 'csv' || opts.format === 'tsv' ? 'The file has a header but no data rows.' : 'The file holds no records.',
    reclassify: kept.map((i) => !opts.fixed[i]),
    allMissingHint: 'Set its role to Ignore to import without it.',
  }, hooks, started);
}

/** One pass over the file stream; chunks are written while the next ones are parsed. */
async function parseSequential(file: Blob, opts: ImportOptions, sink: ChunkSink, hooks: IngestHooks, started: number): Promise<Parsed> {
  let sample: RowSample | null = null;
  let digests: Promise<Uint8Array>[][] = [];
  let chunkIndex = 0;
  const stored = { bytes: 0 };
  let inflight: Promise<unknown>[] = [];
  const table = new TableParser(opts, (chunks) => {
    const ci = chunkIndex++;
    sample ??= new RowSample(chunks.map((c) => (c instanceof Float64Array ? 'f64' : 'codes')));
    if (digests.length === 0) digests = chunks.map(() => []);
    sample.add(chunks, ci * CHUNK_ROWS);
    chunks.forEach((data, k) => digests[k].push(sha256(data)));
    const p = sink.write(ci, chunks).then((n) => (stored.bytes += n ?? rawBytes(chunks)));
    p.catch(() => undefined);
    inflight.push(p);
  });
  const parser = table.parser(true);
  const total = file.size;
  const reader = file.stream().getReader();
  let read = 0;
  let first = true;
  let lastReport = 0;
  const json = opts.format === 'json' || opts.format === 'ndjson';
  try {
    for (;;) {
      if (hooks.cancelled?.()) throw new CancelledError();
      const { value, done } = await reader.read();
      if (done) break;
      let chunk = value;
      if (first) { first = false; if (!json && hasBom(chunk)) chunk = chunk.subarray(3); }
      read += value.length;
      parser.push(chunk, false);
      // Backpressure: at most one chunk write in flight while parsing goes on.
      if (inflight.length > 1) await Promise.all(inflight.splice(0, inflight.length - 1));
      const t = now();
      if (t - lastReport > 100) {
        lastReport = t;
        hooks.progress?.({ kind: 'progress', phase: 'parse', done: read, total, rows: table.rows, elapsedMs: t - started });
      }
    }
    parser.push(new Uint8Array(0), true);
    table.flush();
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    await Promise.allSettled(inflight);
    inflight = [];
    if (e instanceof Utf8Error) throw utf8Error(undefined, undefined);
    throw e;
  }
  return {
    rows: table.rows,
    states: table.builders.map((b) => b.state()),
    sample: sample ?? new RowSample(table.builders.map((b) => b.storage)),
    digests: digests.length ? digests : table.builders.map(() => []),
    chunks: chunkIndex,
    notices: table.notices,
    skipped: table.skipped,
    threads: 1,
    writing: Promise.all(inflight).then(() => undefined),
    stored,
  };
}

/** Parses byte ranges on several threads (this one included), then merges them in order. */
async function parseParallel(file: Blob, opts: ImportOptions, sink: ChunkSink, hooks: IngestHooks, started: number): Promise<Parsed> {
  const ranges = await splitRanges(file, hooks.parts!.count, FIRST_RANGE_SHARE);
  hooks.progress?.({ kind: 'progress', phase: 'parse', done: 0, total: file.size, rows: 0, elapsedMs: now() - started });
  let sample: RowSample | null = null;
  let digests: Promise<Uint8Array>[][] = [];
  const moments: Moments[] = [];
  let ci = 0;
  const stored = { bytes: 0 };
  let writing: Promise<void> = Promise.resolve();
  /** Set when the parallel parse fails: the first range then stops and queues no more writes. */
  let stopped = false;
  /** Takes the file's next chunk: sample, digest, moments (merged in file order, exactly as one pass does), write. */
  const take = (chunks: Chunk[]): void => {
    if (stopped) return;
    const index = ci++;
    if (!sample) {
      sample = new RowSample(chunks.map((c) => (c instanceof Float64Array ? 'f64' : 'codes')));
      digests = chunks.map(() => []);
      chunks.forEach(() => moments.push(emptyMoments()));
    }
    sample.add(chunks, index * CHUNK_ROWS);
    chunks.forEach((data, k) => {
      if (data instanceof Float64Array) mergeChunkMoments(moments[k], data, data.length);
      digests[k].push(sha256(data));
    });
    // Writes run one after another, behind the parse, the merge and the profile.
    writing = writing.then(() => sink.write(index, chunks)).then((n) => void (stored.bytes += n ?? rawBytes(chunks)));
    writing.catch(() => undefined);
  };
  let results: PartResult[];
  try {
    // The other ranges advance at about the same pace as the first: its share of the way stands for all.
    const first = ranges[0].end - ranges[0].start;
    const progress = (bytes: number, rows: number) => {
      const share = bytes / first;
      hooks.progress?.({ kind: 'progress', phase: 'parse', done: Math.round(share * file.size), total: file.size, rows: Math.round(rows * (file.size / first)), elapsedMs: now() - started });
    };
    const local = parsePart(file, ranges[0], opts, () => stopped || !!hooks.cancelled?.(), take, progress);
    local.catch(() => undefined);
    try {
      results = await Promise.all([local, ...ranges.slice(1).map((r) => hooks.parts!.run(file, r, opts))]);
    } catch (e) {
      // Stop the first range (it runs on this thread) before anything is dropped.
      stopped = true;
      await local.catch(() => undefined);
      throw e;
    }
    if (hooks.cancelled?.()) throw new CancelledError();
  } catch (e) {
    stopped = true;
    // Let queued writes land before the caller drops them.
    await writing.catch(() => undefined);
    throw e;
  }
  const merged = mergeParts(results);
  hooks.progress?.({ kind: 'progress', phase: 'parse', done: file.size, total: file.size, rows: merged.rows, elapsedMs: now() - started });
  for (const chunks of merged.chunks()) take(chunks);
  merged.states.forEach((s, k) => { if (s.storage === 'f64') s.moments = moments[k]; });
  return { rows: merged.rows, states: merged.states, sample: sample ?? new RowSample(merged.states.map((s) => s.storage)), digests: digests.length ? digests : merged.states.map(() => []), chunks: ci, stored, notices: [], skipped: merged.skipped, threads: ranges.length, writing };
}

/**
 * Checks, profiles and hashes what a parse (or a transform) produced, once its writes are done.
 * `reclassify[k]`: stored string column k may become categorical/text/identifier by its distinct count.
 */
export async function finishVersion(p: Parsed, o: { emptyMessage: string; reclassify: boolean[]; allMissingHint: string }, hooks: IngestHooks, started: number): Promise<IngestResult> {
  const { rows, states, notices, skipped } = p;
  try {
    if (rows === 0) {
      throw new ParseError('HEADER_ONLY', o.emptyMessage);
    }
    if (skipped.count > 0) {
      notices.push({ kind: 'skipped-rows', message: `Skipped ${skipped.count} malformed row${skipped.count === 1 ? '' : 's'} (lines ${skipped.lines.join(', ')}${skipped.count > skipped.lines.length ? ', …' : ''}).` });
    }
    hooks.progress?.({ kind: 'progress', phase: 'profile', done: 0, total: states.length, rows, elapsedMs: now() - started });
    states.forEach((s, k) => {
      if (s.missing === rows) {
        throw new ParseError('ALL_MISSING_COLUMN', `Column "${s.schema.name}" has no values in any of the ${rows} rows. ${o.allMissingHint}`, { column: s.schema.name });
      }
      if (s.invalid > 0) {
        notices.push({ kind: 'invalid-values', message: `Column "${s.schema.name}": ${s.invalid} value${s.invalid === 1 ? '' : 's'} did not read as ${s.type} and became missing (first at line ${s.firstInvalid!.line}: "${s.firstInvalid!.value.slice(0, 40)}").` });
      }
      // Final string classification from the full distinct count, unless the user chose it.
      if (s.storage === 'codes' && o.reclassify[k]) {
        s.type = classifyStrings(s.dict.length, rows - s.missing, s.dict.some((v) => /\s/.test(v.trim())));
      }
    });
    const tParsed = now();
    const profile = await buildProfile(states, p.sample, rows, hooks.summarize, (i) =>
      hooks.progress?.({ kind: 'progress', phase: 'profile', done: i + 1, total: states.length, rows, elapsedMs: now() - started }),
    );
    const storedColumns: ColumnSchema[] = states.map((s) => {
      const out: ColumnSchema = { name: s.schema.name, type: s.type, role: s.schema.role };
      if (s.type === 'datetime') out.dateFormat = s.schema.dateFormat;
      if (out.role === 'identifier' && s.type !== 'identifier' && s.type !== 'integer' && s.type !== 'text') out.role = 'feature';
      return out;
    });
    const dictionaries = states.map((s) => (s.storage === 'codes' ? s.dict : []));
    const tProfiled = now();
    await p.writing;
    const columnDigests = await Promise.all(
      states.map(async (s, k) => [...(s.storage === 'codes' ? [await sha256(dictionaryBytes(s.dict))] : []), ...(await Promise.all(p.digests[k]))]),
    );
    const id = await versionId(canonicalSchema(rows, storedColumns), columnDigests);
    const timings = { parse: tParsed - started, profile: tProfiled - tParsed, hash: now() - tProfiled, threads: p.threads };
    return { id, rows, columns: storedColumns, dictionaries, profile, notices, skipped, chunks: p.chunks, bytes: p.stored.bytes, timings };
  } catch (e) {
    await p.writing.catch(() => undefined);
    throw e;
  }
}

function rawBytes(chunks: Chunk[]): number {
  return chunks.reduce((n, c) => n + c.byteLength, 0);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
