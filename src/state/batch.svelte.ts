/**
 * Batch scoring on the Serve page: a dataset version or a dropped CSV file, scored by an
 * endpoint's version in the serving worker with progress and cancel; the outcome (rows scored,
 * rows refused with their reasons) and the predictions as a CSV file behind a Blob URL.
 */
import { serveBridge } from '../bridge/serve';
import { errorInfo } from '../lib/errors';

export type BatchSource = { kind: 'version'; id: string; label: string } | { kind: 'file'; file: File };
export type BatchOutcome = Omit<Awaited<ReturnType<typeof serveBridge.batchScore>>, 'csv'> & { csv: Blob };

export class BatchState {
  #source = $state.raw<BatchSource | null>(null);
  #progress = $state.raw<{ phase: string; done: number; total: number } | null>(null);
  #outcome = $state.raw<BatchOutcome | null>(null);
  #url = $state<string | null>(null);
  #error = $state<string | null>(null);
  #job = $state<string | null>(null);
  #cancelled = $state(false);

  get source() { return this.#source; }
  get progress() { return this.#progress; }
  get outcome() { return this.#outcome; }
  get url() { return this.#url; }
  get error() { return this.#error; }
  get running() { return this.#job !== null; }
  get cancelled() { return this.#cancelled; }

  choose(source: BatchSource | null): void {
    if (this.#job) return;
    this.#source = source;
    this.#reset();
  }

  #reset(): void {
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = null;
    this.#outcome = null;
    this.#error = null;
    this.#progress = null;
    this.#cancelled = false;
  }

  async run(model: string, alias: string): Promise<void> {
    const src = this.#source;
    if (!src || this.#job) return;
    this.#reset();
    const job = crypto.randomUUID();
    this.#job = job;
    this.#progress = { phase: 'read', done: 0, total: 0 };
    try {
      const source = src.kind === 'version' ? { kind: 'dataset' as const, versionId: src.id } : { kind: 'csv' as const, text: await src.file.text(), fileName: src.file.name };
      const out = await serveBridge.batchScore(job, { model, alias, source }, (p) => {
        if (this.#job === job) this.#progress = { phase: p.phase, done: p.done, total: p.total };
      });
      if (this.#job !== job) return;
      const csv = new Blob([out.csv], { type: 'text/csv;charset=utf-8' });
      this.#outcome = { ...out, csv };
      this.#url = URL.createObjectURL(csv);
    } catch (e) {
      const info = errorInfo(e);
      if (info.code === 'CANCELLED') this.#cancelled = true;
      else this.#error = info.message;
    } finally {
      if (this.#job === job) {
        this.#job = null;
        this.#progress = null;
      }
    }
  }

  async cancel(): Promise<void> {
    const job = this.#job;
    if (!job) return;
    await serveBridge.cancelBatch(job);
  }

  /** The CSV's file name: `<model>@<alias>-<source>-predictions.csv`. */
  fileName(model: string, alias: string): string {
    const src = this.#source;
    const base = !src ? 'batch' : src.kind === 'file' ? src.file.name.replace(/\.[^.]+$/, '') : src.id.slice(0, 12);
    return `${model}@${alias}-${base}-predictions.csv`.replace(/[^\w@.-]+/g, '_');
  }

  destroy(): void {
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = null;
  }
}

export const batch = new BatchState();
