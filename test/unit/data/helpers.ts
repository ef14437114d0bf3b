/** Shared helpers for the data-core unit tests: byte input, chunked Blobs, an in-memory sink, a seeded RNG. */
import { mulberry32 } from '../../../src/lib/data/split';
import { expect } from 'vitest';
import { ingest, previewFile, type ChunkSink, type ImportOptions, type IngestHooks, type IngestResult, type ImportPreview } from '../../../src/lib/data';
import { errorInfo } from '../../../src/lib/errors';

const encoder = new TextEncoder();

export function bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** A small deterministic PRNG so that "random" tests are reproducible. */
export const rng = mulberry32;

/** Records every chunk write (copied) and every reset, like the IndexedDB staging sink. */
export class MemorySink implements ChunkSink {
  writes: { chunk: number; data: (Float64Array | Int32Array)[] }[] = [];
  resets = 0;
  async write(chunk: number, data: (Float64Array | Int32Array)[]): Promise<void> {
    this.writes.push({ chunk, data: data.map((d) => d.slice()) });
  }
  async reset(): Promise<void> {
    this.resets++;
    this.writes = [];
  }
  /** Column `k` of everything written, in chunk order. */
  column(k: number): number[] {
    const out: number[] = [];
    for (const w of [...this.writes].sort((a, b) => a.chunk - b.chunk)) out.push(...w.data[k]);
    return out;
  }
}

/** A Blob whose stream() hands out chunks of exactly `step` bytes (Node's own Blob stream uses 64 KiB). */
export class ChunkedBlob extends Blob {
  private readonly data: Uint8Array;
  constructor(
    content: string | Uint8Array,
    private readonly step: number,
  ) {
    const data = typeof content === 'string' ? bytes(content) : content;
    super([data as Uint8Array<ArrayBuffer>]);
    this.data = data;
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const { data, step } = this;
    let pos = 0;
    return new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull(controller) {
        if (pos >= data.length) { controller.close(); return; }
        controller.enqueue(data.slice(pos, pos + step) as Uint8Array<ArrayBuffer>);
        pos += step;
      },
    });
  }
}

export function blob(content: string | Uint8Array): Blob {
  return new Blob([(typeof content === 'string' ? bytes(content) : content) as Uint8Array<ArrayBuffer>]);
}

/** Import options from a preview, as the import dialog sends them when the user changes nothing. */
export function optionsFrom(p: ImportPreview, change: Partial<ImportOptions> = {}): ImportOptions {
  return {
    format: p.format,
    delimiter: p.delimiter,
    columns: p.columns.map(({ name, type, role, dateFormat }) => (dateFormat ? { name, type, role, dateFormat } : { name, type, role })),
    fixed: p.columns.map(() => false),
    skipMalformed: false,
    ...change,
  };
}

/** Preview then ingest, as the app does. */
export async function importText(
  content: string | Uint8Array | Blob,
  fileName = 'data.csv',
  change: (o: ImportOptions) => ImportOptions | void = () => undefined,
  hooks: IngestHooks = {},
): Promise<{ preview: ImportPreview; result: IngestResult; sink: MemorySink }> {
  const file = content instanceof Blob ? content : blob(content);
  const preview = await previewFile(file, fileName);
  const opts = optionsFrom(preview);
  const changed = change(opts) ?? opts;
  const sink = new MemorySink();
  const result = await ingest(file, changed, sink, hooks);
  return { preview, result, sink };
}

/** Awaits a promise (or runs a function) that must fail, and returns what it threw with its code. */
export async function failure(p: Promise<unknown> | (() => unknown)): Promise<{ err: unknown; code: string; detail: Record<string, unknown>; message: string }> {
  let err: unknown = undefined;
  let threw = false;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    threw = true;
    err = e;
  }
  expect(threw, 'expected an error').toBe(true);
  const info = errorInfo(err);
  return { err, code: info.code, detail: info.detail, message: info.message };
}
