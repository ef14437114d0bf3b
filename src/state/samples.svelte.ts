import { ingestBridge } from '../bridge/ingest';
import { datasets } from './datasets.svelte';
import { storage } from './storage.svelte';

export interface Sample {
  id: string;
  name: string;
  file: string;
  task: string;
  target?: string;
  description: string;
  source: string;
  license: string;
}

const SEEDED_KEY = 'benchtop.seeded';

/** The bundled sample datasets, and the one imported for a first visit. */
class SamplesState {
  #items = $state<Sample[]>([]);
  #seeding = $state(false);

  get items() { return this.#items; }
  get seeding() { return this.#seeding; }

  async load(): Promise<void> {
    try {
      const res = await fetch('./samples/index.json');
      this.#items = res.ok ? await res.json() : [];
    } catch {
      this.#items = [];
    }
  }

  async file(s: Sample): Promise<File> {
    const res = await fetch(`./samples/${s.file}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    return new File([blob], s.file, { type: blob.type });
  }

  /**
   * On a first visit (no datasets, never seeded, not opted out with ?seed=none) the first sample
   * is imported with its inferred schema, so the app opens on real data. Returns its dataset id.
   */
  async seedFirstVisit(): Promise<string | null> {
    if (new URLSearchParams(location.search).get('seed') === 'none') return null;
    if (localStorage.getItem(SEEDED_KEY) || datasets.items.length > 0) return null;
    if (this.#items.length === 0) await this.load();
    const s = this.#items[0];
    if (!s) return null;
    localStorage.setItem(SEEDED_KEY, new Date().toISOString());
    this.#seeding = true;
    try {
      const file = await this.file(s);
      const p = await ingestBridge.preview(file);
      const columns = p.columns.map((c) => ({ name: c.name, type: c.type, role: c.name === s.target ? ('target' as const) : c.role === 'target' ? ('feature' as const) : c.role, ...(c.dateFormat ? { dateFormat: c.dateFormat } : {}) }));
      const out = await ingestBridge.importFile(crypto.randomUUID(), file, { name: s.name, format: p.format, delimiter: p.delimiter, columns, fixed: columns.map(() => false), skipMalformed: false }, { fileName: p.fileName, size: p.size, sourceSample: p.sourceSample }, () => {});
      await Promise.all([datasets.refresh(), storage.refresh()]);
      return out.datasetId;
    } catch {
      return null;
    } finally {
      this.#seeding = false;
    }
  }
}

export const samples = new SamplesState();
