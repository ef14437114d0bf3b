/// <reference lib="webworker" />
/** Helper thread of the ingest worker: parses a byte range of a file, summarises numeric columns. */
import * as Comlink from 'comlink';
import { parsePart, type ByteRange } from '../src/lib/data/parallel';
import { summarizeNumeric } from '../src/lib/data/summary';
import type { TableOptions } from '../src/lib/data/table';
import { toTransferableError } from '../src/lib/errors';

const api = {
  async parsePart(file: Blob, range: ByteRange, opts: TableOptions) {
    try {
      const part = await parsePart(file, range, opts);
      return Comlink.transfer(part, part.chunks.flatMap((c) => c.map((a) => a.buffer as ArrayBuffer)));
    } catch (e) {
      throw toTransferableError(e);
    }
  },
  summarize(values: Float64Array, min: number, max: number, integer: boolean) {
    return summarizeNumeric(values, min, max, integer);
  },
};

export type ParseApi = typeof api;
Comlink.expose(api);
