/**
 * The one owner of the ingest worker: starts it on first use, queues calls through comlink,
 * shuts it down after a minute idle, and cancels jobs (softly, then by terminating the worker).
 */
import * as Comlink from 'comlink';
import type { IngestApi } from '../../workers/ingest';
import type { FileFormat, ImportOutcome, ImportPreview, ImportRequest, Progress } from '../lib/protocol';

const IDLE_MS = 60_000;

export class IngestBridge {
  private worker: Worker | null = null;
  private api: Comlink.Remote<IngestApi> | null = null;
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Rejecters of the calls in flight, for when the worker dies under them. */
  private inFlight = new Set<(e: Error) => void>();

  private start(): Comlink.Remote<IngestApi> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/ingest.ts', import.meta.url), { type: 'module', name: 'ingest' });
      this.worker.addEventListener('error', (ev) => {
        // comlink never settles calls to a dead worker: fail them, so the UI does not wait forever.
        const err = Object.assign(new Error(`The import worker stopped unexpectedly${ev.message ? ` (${ev.message})` : ''}. Nothing was saved; try again.`), { code: 'WORKER_CRASHED' });
        for (const reject of this.inFlight) reject(err);
        this.inFlight.clear();
        this.dispose();
      });
      this.api = Comlink.wrap<IngestApi>(this.worker);
    }
    return this.api;
  }

  private async call<T>(fn: (api: Comlink.Remote<IngestApi>) => Promise<T>): Promise<T> {
    const api = this.start();
    this.busy++;
    let reject: (e: Error) => void = () => {};
    const crash = new Promise<never>((_, r) => (reject = r));
    this.inFlight.add(reject);
    try {
      return await Promise.race([fn(api), crash]);
    } finally {
      this.inFlight.delete(reject);
      this.busy--;
      if (this.busy === 0) this.idleTimer = setTimeout(() => this.dispose(), IDLE_MS);
    }
  }

  preview(file: File, override?: { format?: FileFormat; delimiter?: string }): Promise<ImportPreview> {
    return this.call((api) => api.preview(file, file.name, override));
  }

  importFile(jobId: string, file: File, req: ImportRequest, source: { fileName: string; size: number; sourceSample: string }, onProgress: (p: Progress) => void): Promise<ImportOutcome> {
    return this.call((api) => api.importFile(jobId, file, req, source, Comlink.proxy(onProgress)));
  }

  exportCsv(jobId: string, versionId: string, onProgress: (p: Progress) => void): Promise<Blob> {
    return this.call((api) => api.exportCsv(jobId, versionId, Comlink.proxy(onProgress)));
  }

  rows(versionId: string, start: number, count: number): Promise<string[][]> {
    return this.call((api) => api.rows(versionId, start, count));
  }

  collectOrphans(): Promise<number> {
    return this.call((api) => api.collectOrphans());
  }

  /** Asks the job to stop at its next chunk; it discards what it staged and rejects with CANCELLED. */
  cancel(jobId: string): Promise<void> {
    return this.api ? this.api.cancel(jobId) : Promise.resolve();
  }

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }
}

export const ingestBridge = new IngestBridge();
