import { ingestBridge } from '../bridge/ingest';
import { errorInfo } from '../lib/errors';
import { getDataset, getVersion, type DatasetRecord, type VersionRecord } from '../lib/store';
import type { Progress } from '../lib/protocol';
import { database } from './db.svelte';

/** Rows fetched from the worker at a time, and blocks kept. */
const BLOCK = 256;
const CACHE_BLOCKS = 64;

/** One open dataset version: its record, and rows read chunk by chunk for the preview table. */
export class VersionState {
  #version = $state.raw<VersionRecord | null>(null);
  #dataset = $state.raw<DatasetRecord | null>(null);
  #error = $state<string | null>(null);
  #loading = $state(false);
  /** Bumped when a chunk arrives, so views re-read rows. */
  #tick = $state(0);
  #exporting = $state.raw<Extract<Progress, { kind: 'progress' }> | null>(null);
  #cache = new Map<number, string[][]>();
  #pending = new Map<number, Promise<void>>();
  #exportJob: string | null = null;

  get version() { return this.#version; }
  get dataset() { return this.#dataset; }
  get error() { return this.#error; }
  get loading() { return this.#loading; }
  get tick() { return this.#tick; }
  get exporting() { return this.#exporting; }

  async open(versionId: string): Promise<void> {
    if (this.#version?.id === versionId) return;
    this.#loading = true;
    this.#error = null;
    this.#cache.clear();
    this.#pending.clear();
    try {
      const db = await database.get();
      const v = await getVersion(db, versionId);
      if (!v) throw new Error(`There is no dataset version ${versionId.slice(0, 12)}… in this browser. It may have been deleted.`);
      this.#dataset = (await getDataset(db, v.datasetId)) ?? null;
      this.#version = v;
    } catch (e) {
      this.#version = null;
      this.#error = errorInfo(e).message;
    } finally {
      this.#loading = false;
    }
  }

  close(): void {
    this.#version = null;
    this.#dataset = null;
    this.#cache.clear();
  }

  /** Formatted cell text, or null while its block of rows loads (a load is started). */
  cell(row: number, col: number): string | null {
    const v = this.#version;
    if (!v) return null;
    const k = Math.floor(row / BLOCK);
    const block = this.#cache.get(k);
    if (!block) {
      void this.#load(k);
      return null;
    }
    return block[row - k * BLOCK]?.[col] ?? null;
  }

  /** Rows are read and formatted in the worker; only the block's text crosses to this thread. */
  async #load(k: number): Promise<void> {
    const v = this.#version;
    if (!v || this.#pending.has(k)) return this.#pending.get(k);
    const p = (async () => {
      try {
        const rows = await ingestBridge.rows(v.id, k * BLOCK, BLOCK);
        if (this.#version !== v) return;
        this.#cache.set(k, rows);
        while (this.#cache.size > CACHE_BLOCKS) this.#cache.delete(this.#cache.keys().next().value!);
        this.#tick++;
      } catch (e) {
        this.#error = errorInfo(e).message;
      } finally {
        this.#pending.delete(k);
      }
    })();
    this.#pending.set(k, p);
    return p;
  }

  /** Renders the version as CSV in the worker and hands it to the browser as a download. */
  async exportCsv(): Promise<void> {
    const v = this.#version;
    if (!v || this.#exportJob) return;
    const job = crypto.randomUUID();
    this.#exportJob = job;
    this.#exporting = { kind: 'progress', phase: 'export', done: 0, total: v.chunks };
    try {
      const blob = await ingestBridge.exportCsv(job, v.id, (p) => { if (p.kind === 'progress') this.#exporting = p; });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${(this.#dataset?.name ?? 'dataset').replace(/[^\w.-]+/g, '_')}-${v.id.slice(0, 12)}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      const info = errorInfo(e);
      if (info.code !== 'CANCELLED') this.#error = info.message;
    } finally {
      this.#exportJob = null;
      this.#exporting = null;
    }
  }

  async cancelExport(): Promise<void> {
    if (this.#exportJob) await ingestBridge.cancel(this.#exportJob);
  }
}

export const current = new VersionState();
