/// <reference lib="webworker" />
/** Ingest worker: previews, imports and exports datasets off the main thread. */
import * as Comlink from 'comlink';
import { previewFile, type FileFormat, type IngestHooks } from '../src/lib/data';
import { PARALLEL_MIN_BYTES } from '../src/lib/data/parallel';
import type { ParseApi } from './parse';
import { CancelledError, transferErrors } from '../src/lib/errors';
import type { ImportRequest, Progress } from '../src/lib/protocol';
import { RowReader, collectOrphans, exportVersionCsv, importLockName, runImport, workerDB } from '../src/lib/store';

/** Helper threads for parsing large files and profiling: one fewer than the cores, at most 3. */
const HELPERS = Math.max(0, Math.min(3, (navigator.hardwareConcurrency || 2) - 1));
let helpers: { worker: Worker; api: Comlink.Remote<ParseApi> }[] = [];
let idle: ReturnType<typeof setTimeout> | null = null;
/** Imports using the pool now; it is released only when none is. */
let active = 0;
/** Rejects every call in flight on the pool when it is terminated (comlink would never settle them). */
let gone: { promise: Promise<never>; reject: (e: Error) => void } | null = null;

function pool() {
  if (idle) clearTimeout(idle);
  idle = null;
  if (helpers.length === 0) {
    helpers = Array.from({ length: HELPERS }, (_, i) => {
      const worker = new Worker(new URL('./parse.ts', import.meta.url), { type: 'module', name: `parse-${i + 1}` });
      return { worker, api: Comlink.wrap<ParseApi>(worker) };
    });
    let reject: (e: Error) => void = () => {};
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => undefined);
    gone = { promise, reject };
  }
  return helpers;
}

function releasePool(): void {
  for (const h of helpers) h.worker.terminate();
  helpers = [];
  gone?.reject(new CancelledError('The helper threads were stopped.'));
  gone = null;
}

const aborts = new Map<string, () => void>();

/** Hooks that put the helper threads to work; a cancel terminates them and rejects what they were doing. */
function parallelHooks(jobId: string): IngestHooks {
  const hs = pool();
  if (hs.length === 0) return {};
  let next = 0;
  const aborted = new Promise<never>((_, reject) => aborts.set(jobId, () => reject(new CancelledError())));
  aborted.catch(() => undefined);
  const stopped = gone!.promise;
  const guard = <T>(p: Promise<T>) => Promise.race([p, aborted, stopped]);
  return {
    parts: { count: hs.length + 1, run: (file, range, opts) => guard(hs[(range.index - 1) % hs.length].api.parsePart(file, range, opts)) },
    summarize: (values, min, max, integer) => guard(hs[next++ % hs.length].api.summarize(Comlink.transfer(values, [values.buffer as ArrayBuffer]), min, max, integer)),
    cancelled: () => cancelled.has(jobId),
  };
}

const db = workerDB();
const cancelled = new Set<string>();
const reader = new RowReader(db);

const api = {
  preview: transferErrors((file: Blob, fileName: string, override?: { format?: FileFormat; delimiter?: string }) => {
    // Start the helper threads while the user reviews the columns: the import then finds them ready.
    if (file.size >= PARALLEL_MIN_BYTES) pool();
    return previewFile(file, fileName, override);
  }),

  importFile: transferErrors(async (jobId: string, file: Blob, req: ImportRequest, source: { fileName: string; size: number; sourceSample: string }, onProgress?: (p: Progress) => void) => {
    active++;
    try {
      return await runImport(await db(), file, req, source, { progress: onProgress, cancelled: () => cancelled.has(jobId), ...parallelHooks(jobId) });
    } finally {
      cancelled.delete(jobId);
      aborts.delete(jobId);
      if (--active === 0) {
        if (idle) clearTimeout(idle);
        idle = setTimeout(releasePool, 30_000);
      }
    }
  }),

  exportCsv: transferErrors(async (jobId: string, versionId: string, onProgress?: (p: Progress) => void) => {
    try {
      return await exportVersionCsv(await db(), versionId, onProgress, () => cancelled.has(jobId));
    } finally {
      cancelled.delete(jobId);
    }
  }),

  /** Rows [start, start + count) of a version as display text. */
  rows: transferErrors((versionId: string, start: number, count: number) => reader.rows(versionId, start, count)),

  /** Marks a job cancelled: it stops at its next chunk and discards what it staged. */
  async cancel(jobId: string) {
    cancelled.add(jobId);
    // Helper threads cannot see the flag: fail this job's calls on them now; stop the threads
    // themselves only when no other import is using them.
    const abort = aborts.get(jobId);
    abort?.();
    if (abort && active <= 1) releasePool();
  },

  /** Deletes chunks of imports that never finished (closed tab, crashed worker). */
  collectOrphans: transferErrors(async () =>
    collectOrphans(await db(), async (key) => {
      const state = await navigator.locks.query();
      return (state.held ?? []).some((l) => l.name === importLockName(key));
    }),
  ),
};

export type IngestApi = typeof api;
Comlink.expose(api);
