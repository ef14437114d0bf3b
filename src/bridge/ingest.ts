/** The client of the ingest worker: preview, import, rows, export, cancel. */
import * as Comlink from 'comlink';
import { WorkerBridge } from './worker';
import type { IngestApi } from '../../workers/ingest';
import type { FileFormat, ImportOutcome, ImportPreview, ImportRequest, Progress } from '../lib/protocol';

export class IngestBridge {
  private readonly w = new WorkerBridge<IngestApi>(() => new Worker(new URL('../../workers/ingest.ts', import.meta.url), { type: 'module', name: 'ingest' }), 'The import worker');
  private readonly call = <T>(fn: (api: Comlink.Remote<IngestApi>) => Promise<T>) => this.w.call(fn);

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
    return this.w.running ? this.w.running.cancel(jobId) : Promise.resolve();
  }

  dispose(): void {
    this.w.dispose();
  }
}

export const ingestBridge = new IngestBridge();
