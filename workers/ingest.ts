/// <reference lib="webworker" />
/** Ingest worker: previews, imports and exports datasets off the main thread. */
import * as Comlink from 'comlink';
import { previewFile, type FileFormat } from '../src/lib/data';
import { toTransferableError } from '../src/lib/errors';
import type { ImportRequest, Progress } from '../src/lib/protocol';
import { collectOrphans, exportVersionCsv, importLockName, openBenchtopDB, runImport, type DB } from '../src/lib/store';

let dbPromise: Promise<DB> | null = null;
const db = () => (dbPromise ??= openBenchtopDB({ onVersionChange: () => (dbPromise = null) }));
const cancelled = new Set<string>();

/** comlink keeps only name and message of thrown errors: carry code and detail in the message. */
function wrap<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a) => {
    try {
      return await fn(...a);
    } catch (e) {
      throw toTransferableError(e);
    }
  };
}

const api = {
  preview: wrap((file: Blob, fileName: string, override?: { format?: FileFormat; delimiter?: string }) => previewFile(file, fileName, override)),

  importFile: wrap(async (jobId: string, file: Blob, req: ImportRequest, source: { fileName: string; size: number; sourceSample: string }, onProgress?: (p: Progress) => void) => {
    try {
      return await runImport(await db(), file, req, source, { progress: onProgress, cancelled: () => cancelled.has(jobId) });
    } finally {
      cancelled.delete(jobId);
    }
  }),

  exportCsv: wrap(async (jobId: string, versionId: string, onProgress?: (p: Progress) => void) => {
    try {
      return await exportVersionCsv(await db(), versionId, onProgress, () => cancelled.has(jobId));
    } finally {
      cancelled.delete(jobId);
    }
  }),

  /** Marks a job cancelled: it stops at its next chunk and discards what it staged. */
  async cancel(jobId: string) {
    cancelled.add(jobId);
  },

  /** Deletes chunks of imports that never finished (closed tab, crashed worker). */
  collectOrphans: wrap(async () =>
    collectOrphans(await db(), async (key) => {
      const state = await navigator.locks.query();
      return (state.held ?? []).some((l) => l.name === importLockName(key));
    }),
  ),
};

export type IngestApi = typeof api;
Comlink.expose(api);
