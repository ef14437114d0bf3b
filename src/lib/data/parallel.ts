import { ParseError } from '../errors';
import type { ColumnState } from './builder';
import { CsvTokenizer } from './csv';
import { hasBom } from './sniff';
import { TableParser, type Chunk, type TableOptions } from './table';
import { CHUNK_ROWS } from './types';

/**
 * Parallel import of delimited text: the file is cut at line ends into byte ranges, each range
 * is parsed on its own thread, and the results are merged into exactly what a single pass
 * would have produced (same chunks, same dictionaries in first-appearance order, same version
 * id). A cut that falls inside a quoted field is detected (the range before it ends inside
 * quotes) and the import falls back to one pass.
 */

/** Files in this range of sizes are parsed in parallel; larger ones stream in one pass to bound memory. */
export const PARALLEL_MIN_BYTES = 8 << 20;
export const PARALLEL_MAX_BYTES = 384 << 20;

const READ_BYTES = 4 << 20;

export interface ByteRange {
  index: number;
  start: number;
  end: number;
}

export interface PartResult {
  rows: number;
  /** Rows already handed out as whole chunks (first range only); `chunks` holds the rest. */
  emittedRows: number;
  /** Physical lines in the range. */
  lines: number;
  states: ColumnState[];
  /** Chunks of up to CHUNK_ROWS rows, each one array per stored column. */
  chunks: Chunk[][];
  skipped: { count: number; lines: number[] };
}

/**
 * Cuts the file into up to `parts` ranges, each starting just after a line feed. The first
 * range is `firstShare` of a fair share: its thread also digests, samples and stores chunks.
 */
export async function splitRanges(file: Blob, parts: number, firstShare = 1): Promise<ByteRange[]> {
  const size = file.size;
  const bounds = [0];
  const first = size / (parts - 1 + firstShare) * firstShare;
  for (let k = 1; k < parts; k++) {
    const pos = Math.floor(first + ((size - first) * (k - 1)) / (parts - 1));
    if (pos <= bounds[bounds.length - 1]) continue;
    const ahead = new Uint8Array(await file.slice(pos, Math.min(size, pos + (1 << 20))).arrayBuffer());
    const lf = ahead.indexOf(0x0a);
    if (lf < 0) continue;
    const bound = pos + lf + 1;
    if (bound < size) bounds.push(bound);
  }
  bounds.push(size);
  return bounds.slice(0, -1).map((start, index) => ({ index, start, end: bounds[index + 1] }));
}

/** Parses one byte range into in-memory chunks. Throws if the range ends inside a quoted field. */
export async function parsePart(
  file: Blob,
  range: ByteRange,
  opts: TableOptions,
  cancelled?: () => boolean,
  emit?: (chunk: Chunk[], index: number) => void,
  progress?: (bytes: number, rows: number) => void,
): Promise<PartResult> {
  const chunks: Chunk[][] = [];
  let emitted = 0;
  // The first range starts at row 0, so its full chunks are already the file's chunks: `emit` takes them at once.
  // Moments are left to the merge, which takes them chunk by chunk in file order.
  const table = new TableParser(opts, (c) => {
    if (emit && c[0].length === CHUNK_ROWS) emit(c, emitted++);
    else chunks.push(c);
  }, false);
  const parser = table.parser(range.index === 0) as CsvTokenizer;
  // Large reads: fewer round trips to the browser's blob store than a stream's 64 KB pieces.
  let first = range.index === 0;
  for (let pos = range.start; pos < range.end; pos += READ_BYTES) {
    if (cancelled?.()) throw new ParseError('CANCELLED', 'Cancelled.');
    let chunk = new Uint8Array(await file.slice(pos, Math.min(range.end, pos + READ_BYTES)).arrayBuffer());
    if (first) { first = false; if (hasBom(chunk)) chunk = chunk.subarray(3); }
    parser.push(chunk, false);
    progress?.(Math.min(range.end, pos + READ_BYTES) - range.start, table.rows);
  }
  parser.push(new Uint8Array(0), true);
  table.flush();
  return { rows: table.rows, emittedRows: emitted * CHUNK_ROWS, lines: parser.lines - 1, states: table.builders.map((b) => b.state()), chunks, skipped: table.skipped };
}

export interface Merged {
  rows: number;
  /** Merged column states; numeric moments are left to the caller, which merges them per global chunk. */
  states: ColumnState[];
  skipped: { count: number; lines: number[] };
  /** The file's chunks after those the first range emitted: CHUNK_ROWS rows each (the last may be shorter), built on demand. */
  chunks(): Generator<Chunk[]>;
}

/** Merges part results in file order: statistics, dictionaries (codes remapped) and rows. */
export function mergeParts(parts: PartResult[]): Merged {
  const offsets: number[] = [];
  let lines = 0;
  for (const p of parts) { offsets.push(lines); lines += p.lines; }
  const ncols = parts[0].states.length;
  const remaps: (Int32Array | null)[][] = parts.map(() => new Array(ncols).fill(null));
  const states: ColumnState[] = [];
  for (let c = 0; c < ncols; c++) {
    const first = parts[0].states[c];
    const s: ColumnState = { ...first, moments: { ...first.moments }, dict: [...first.dict], dictCounts: [...first.dictCounts], firstInvalid: first.firstInvalid };
    const index = new Map(s.dict.map((v, i) => [v, i]));
    for (let p = 1; p < parts.length; p++) {
      const o = parts[p].states[c];
      s.missing += o.missing;
      s.invalid += o.invalid;
      if (!s.firstInvalid && o.firstInvalid) s.firstInvalid = { ...o.firstInvalid, line: o.firstInvalid.line + offsets[p] };
      s.sawFraction ||= o.sawFraction;
      if (o.type === 'float') s.type = 'float';
      if (s.storage === 'codes') {
        const remap = new Int32Array(o.dict.length);
        o.dict.forEach((v, i) => {
          let g = index.get(v);
          if (g === undefined) { g = s.dict.length; index.set(v, g); s.dict.push(v); s.dictCounts.push(0); }
          remap[i] = g;
          s.dictCounts[g] += o.dictCounts[i];
        });
        remaps[p][c] = remap;
        s.lenSum += o.lenSum;
        s.lenMin = Math.min(s.lenMin, o.lenMin);
        s.lenMax = Math.max(s.lenMax, o.lenMax);
      }
    }
    states.push(s);
  }
  const skipped = { count: 0, lines: [] as number[] };
  parts.forEach((p, i) => {
    skipped.count += p.skipped.count;
    for (const l of p.skipped.lines) if (skipped.lines.length < 20) skipped.lines.push(l + offsets[i]);
  });
  const rows = parts.reduce((s, p) => s + p.rows, 0);

  function* chunks(): Generator<Chunk[]> {
    let done = parts[0].emittedRows;
    if (done === rows) return;
    let out: Chunk[] = states.map((s) => (s.storage === 'f64' ? new Float64Array(Math.min(CHUNK_ROWS, rows - done)) : new Int32Array(Math.min(CHUNK_ROWS, rows - done))));
    let fill = 0;
    for (let p = 0; p < parts.length; p++) {
      const list = parts[p].chunks;
      for (let j = 0; j < list.length; j++) {
        const part = list[j];
        // Let each piece go once copied: the merge never holds the rows twice over.
        (list as (Chunk[] | undefined)[])[j] = undefined;
        const len = part[0].length;
        let from = 0;
        while (from < len) {
          const take = Math.min(len - from, out[0].length - fill);
          for (let c = 0; c < ncols; c++) {
            const src = part[c];
            const remap = remaps[p][c];
            if (remap) {
              const dst = out[c] as Int32Array;
              for (let i = 0; i < take; i++) { const v = src[from + i]; dst[fill + i] = v < 0 ? v : remap[v]; }
            } else out[c].set(src.subarray(from, from + take), fill);
          }
          fill += take;
          from += take;
          if (fill === out[0].length) {
            yield out;
            done += fill;
            const next = Math.min(CHUNK_ROWS, rows - done);
            fill = 0;
            out = next > 0 ? states.map((s) => (s.storage === 'f64' ? new Float64Array(next) : new Int32Array(next))) : [];
          }
        }
      }
    }
  }
  return { rows, states, skipped, chunks };
}
