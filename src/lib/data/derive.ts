import { CancelledError } from '../errors';
import { emptyMoments, mergeChunkMoments, type ColumnState } from './builder';
import { sha256 } from './hash';
import { finishVersion, type ChunkSink, type IngestHooks, type IngestResult } from './ingest';
import { RowSample } from './sample';
import { CHUNK_ROWS, storageOf, type ColumnSchema } from './types';

/** A whole column in memory: Float64 values (NaN = missing) or Int32 codes (-1 = missing) with their dictionary. */
export interface FullColumn {
  schema: ColumnSchema;
  values: Float64Array | Int32Array;
  dictionary?: string[];
}

/**
 * Stores columns computed in memory (a recipe's output) as a dataset version: the same chunks,
 * profile and content id as importing the same data would give.
 */
export async function columnsToVersion(columns: FullColumn[], rows: number, sink: ChunkSink, hooks: IngestHooks = {}): Promise<IngestResult> {
  const started = performance.now();
  const states: ColumnState[] = columns.map((c) => {
    const storage = storageOf(c.schema.type);
    const dict = c.dictionary ?? [];
    return {
      schema: c.schema, type: c.schema.type, storage, missing: 0, invalid: 0, firstInvalid: null, sawFraction: false,
      moments: emptyMoments(), dict, dictCounts: new Array<number>(dict.length).fill(0), lenSum: 0, lenMin: Infinity, lenMax: 0,
    };
  });
  const sample = new RowSample(states.map((s) => s.storage));
  const digests: Promise<Uint8Array>[][] = states.map(() => []);
  const stored = { bytes: 0 };
  let writing: Promise<void> = Promise.resolve();
  let chunks = 0;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    if (hooks.cancelled?.()) { await writing.catch(() => undefined); throw new CancelledError(); }
    const end = Math.min(rows, start + CHUNK_ROWS);
    // Views, not copies: the columns stay alive until the version is stored anyway.
    const part = columns.map((c) => c.values.subarray(start, end));
    part.forEach((data, k) => {
      const s = states[k];
      if (data instanceof Float64Array) {
        mergeChunkMoments(s.moments, data, data.length);
        for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) s.missing++;
      } else {
        for (let i = 0; i < data.length; i++) { const c = data[i]; if (c < 0) s.missing++; else { s.dictCounts[c]++; s.lenSum += s.dict[c].length; } }
      }
      digests[k].push(sha256(data));
    });
    sample.add(part, start);
    const index = chunks++;
    writing = writing.then(() => sink.write(index, part)).then((n) => void (stored.bytes += n ?? part.reduce((t, a) => t + a.byteLength, 0)));
    writing.catch(() => undefined);
    hooks.progress?.({ kind: 'progress', phase: 'store', done: end, total: rows, rows: end, elapsedMs: performance.now() - started });
    // A real task boundary, so that a cancel message from the UI is handled between chunks.
    await new Promise((r) => setTimeout(r, 0));
  }
  for (const s of states) {
    if (s.storage !== 'codes') continue;
    s.dict.forEach((v, i) => {
      if (s.dictCounts[i] === 0) return;
      s.lenMin = Math.min(s.lenMin, v.length);
      s.lenMax = Math.max(s.lenMax, v.length);
    });
  }
  return finishVersion(
    { rows, states, sample, digests, chunks, stored, notices: [], skipped: { count: 0, lines: [] }, threads: 1, writing },
    { emptyMessage: 'The result has no rows.', reclassify: states.map(() => false), allMissingHint: 'Add a recipe step that fills it or drops the column.' },
    hooks,
    started,
  );
}
