import { ingestBridge } from '../bridge/ingest';
import { errorInfo, type ErrorInfo } from '../lib/errors';
import type { ImportPreview } from '../lib/data/preview';
import type { ColumnRole, ColumnSchema, ColumnType, FileFormat } from '../lib/data/types';
import type { ImportOutcome, Progress } from '../lib/protocol';
import { datasets } from './datasets.svelte';
import { storage } from './storage.svelte';

export type ImportStage = 'idle' | 'previewing' | 'review' | 'importing' | 'done' | 'error';

export interface EditableColumn extends ColumnSchema {
  inferredType: ColumnType;
  missingShare: number;
}

/** One import: pick a file, review the inferred schema, run it with progress and cancel. */
export class ImportState {
  #stage = $state<ImportStage>('idle');
  #file = $state.raw<File | null>(null);
  #preview = $state.raw<ImportPreview | null>(null);
  #columns = $state<EditableColumn[]>([]);
  #error = $state<ErrorInfo | null>(null);
  #progress = $state.raw<Extract<Progress, { kind: 'progress' }> | null>(null);
  #outcome = $state.raw<ImportOutcome | null>(null);
  /** The last finished import (kept after reset, so the version view can report it). */
  #last = $state.raw<ImportOutcome | null>(null);
  #jobId: string | null = null;
  /** Bumped by each choose(): a slower earlier preview must not land on a newer choice. */
  #seq = 0;
  #startedAt = 0;
  name = $state('');
  targetDataset = $state<string>('');
  skipMalformed = $state(false);

  get stage() { return this.#stage; }
  get file() { return this.#file; }
  get preview() { return this.#preview; }
  get columns() { return this.#columns; }
  get error() { return this.#error; }
  get progress() { return this.#progress; }
  get outcome() { return this.#outcome; }
  get last() { return this.#last; }

  /** Bytes/s, rows/s and seconds left, from the latest progress report. */
  readonly rates = $derived.by(() => {
    const p = this.#progress;
    if (!p || !p.elapsedMs || p.phase !== 'parse') return null;
    const secs = p.elapsedMs / 1000;
    const bytesPerSec = p.done / secs;
    return { rowsPerSec: (p.rows ?? 0) / secs, bytesPerSec, secondsLeft: bytesPerSec > 0 ? (p.total - p.done) / bytesPerSec : NaN };
  });

  /** Problems that block the import before it starts. */
  readonly blockers = $derived.by(() => {
    const out: string[] = [];
    if (this.#columns.length > 0 && this.#columns.every((c) => c.role === 'ignore')) out.push('Every column is set to Ignore: keep at least one.');
    if (this.#columns.filter((c) => c.role === 'target').length > 1) out.push('Only one column can be the target.');
    const p = this.#preview;
    if (p && p.malformed.count > 0 && !this.skipMalformed) out.push(`${p.malformed.count} malformed row(s) in the first part of the file (line ${p.malformed.lines[0]}): turn on "Skip malformed rows" to import without them.`);
    return out;
  });

  async choose(file: File, override?: { format?: FileFormat; delimiter?: string }): Promise<void> {
    if (this.#stage === 'importing') return; // one import at a time: cancel it first
    const seq = ++this.#seq;
    this.reset();
    this.#file = file;
    this.#stage = 'previewing';
    this.name = file.name.replace(/\.(csv|tsv|tab|json|ndjson|jsonl|txt)$/i, '');
    try {
      const preview = await ingestBridge.preview(file, override);
      if (seq !== this.#seq) return;
      this.#preview = preview;
      this.#columns = preview.columns.map((c) => ({ ...c, inferredType: c.type }));
      this.#stage = 'review';
    } catch (e) {
      if (seq !== this.#seq) return;
      this.#error = errorInfo(e);
      this.#stage = 'error';
    }
  }

  setType(i: number, type: ColumnType): void {
    const c = this.#columns[i];
    c.type = type;
    if (type === 'datetime' && !c.dateFormat) c.dateFormat = 'iso';
  }

  setRole(i: number, role: ColumnRole): void {
    if (role === 'target') for (const c of this.#columns) if (c.role === 'target') c.role = 'feature';
    this.#columns[i].role = role;
  }

  /** Runs the import; resolves with the outcome, or null on error/cancel (see `error`). */
  async run(): Promise<ImportOutcome | null> {
    const file = this.#file;
    const preview = this.#preview;
    if (!file || !preview || this.blockers.length > 0) return null;
    const jobId = crypto.randomUUID();
    this.#jobId = jobId;
    this.#stage = 'importing';
    this.#error = null;
    this.#startedAt = performance.now();
    this.#progress = { kind: 'progress', phase: 'parse', done: 0, total: file.size, rows: 0, elapsedMs: 0 };
    try {
      const outcome = await ingestBridge.importFile(
        jobId,
        file,
        {
          datasetId: this.targetDataset || undefined,
          name: this.name,
          format: preview.format,
          delimiter: preview.delimiter,
          columns: this.#columns.map(({ name, type, role, dateFormat }) => ({ name, type, role, ...(dateFormat && type === 'datetime' ? { dateFormat } : {}) })),
          fixed: this.#columns.map((c) => c.type !== c.inferredType),
          skipMalformed: this.skipMalformed,
          notices: preview.notices.filter((n) => n.kind === 'renamed-column'),
        },
        { fileName: preview.fileName, size: preview.size, sourceSample: preview.sourceSample },
        (p) => {
          if (this.#jobId === jobId && p.kind === 'progress') this.#progress = p;
        },
      );
      await Promise.all([datasets.refresh(), storage.refresh()]);
      if (this.#jobId !== jobId) return null;
      this.#outcome = outcome;
      this.#last = outcome;
      this.#stage = 'done';
      // Data worth keeping: ask the browser not to evict it (Chromium decides without a prompt).
      if (!storage.persisted) void storage.requestPersistence(true);
      return outcome;
    } catch (e) {
      if (this.#jobId !== jobId) return null;
      this.#error = errorInfo(e);
      this.#stage = 'error';
      // A worker that died leaves staged chunks behind: remove them now rather than at the next start.
      if (this.#error.code !== 'CANCELLED') await storage.collectOrphans();
      await storage.refresh();
      return null;
    } finally {
      if (this.#jobId === jobId) this.#jobId = null;
    }
  }

  get elapsedMs(): number {
    return performance.now() - this.#startedAt;
  }

  async cancel(): Promise<void> {
    if (this.#jobId) await ingestBridge.cancel(this.#jobId);
  }

  /** Back to the review step after an error, keeping the file and the choices made. */
  back(): void {
    if (this.#preview) { this.#stage = 'review'; this.#error = null; }
    else this.reset();
  }

  reset(): void {
    this.#stage = 'idle';
    this.#file = null;
    this.#preview = null;
    this.#columns = [];
    this.#error = null;
    this.#progress = null;
    this.#outcome = null;
    this.skipMalformed = false;
    this.targetDataset = '';
  }
}

export const importer = new ImportState();
