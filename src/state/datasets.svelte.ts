import { deleteDataset, lineageGraph, listDatasets, listVersions, updateDataset, type DatasetSummary, type LineageEdge, type LineageNode, type RecipeRecord, type VersionRecord } from '../lib/store';
import { errorInfo } from '../lib/errors';
import { database } from './db.svelte';
import { storage } from './storage.svelte';

/** The datasets list and the edits made to it. */
export class DatasetsState {
  #items = $state<DatasetSummary[]>([]);
  #loaded = $state(false);
  #error = $state<string | null>(null);

  get items() { return this.#items; }
  get loaded() { return this.#loaded; }
  get error() { return this.#error; }

  find(id: string | undefined): DatasetSummary | undefined {
    return this.#items.find((d) => d.id === id);
  }

  async refresh(): Promise<void> {
    try {
      this.#items = await listDatasets(await database.get());
      this.#error = null;
    } catch (e) {
      this.#error = errorInfo(e).message;
    } finally {
      this.#loaded = true;
    }
  }

  async versions(datasetId: string): Promise<VersionRecord[]> {
    return listVersions(await database.get(), datasetId);
  }

  /** The lineage graph of a dataset's versions and the recipes between them. */
  async lineage(datasetId: string): Promise<{ nodes: LineageNode[]; edges: LineageEdge[] }> {
    const db = await database.get();
    const versions = await listVersions(db, datasetId);
    const recipes = new Map<string, RecipeRecord>();
    for (const v of versions) {
      if (v.recipeId && !recipes.has(v.recipeId)) {
        const r = await db.get('recipes', v.recipeId);
        if (r) recipes.set(r.id, r);
      }
    }
    return lineageGraph(versions, recipes);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#edit(() => database.get().then((db) => updateDataset(db, id, { name })));
  }

  async describe(id: string, description: string): Promise<void> {
    await this.#edit(() => database.get().then((db) => updateDataset(db, id, { description })));
  }

  async remove(id: string): Promise<void> {
    await this.#edit(() => database.get().then((db) => deleteDataset(db, id)));
    await storage.refresh();
  }

  async #edit(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.#error = null;
    } catch (e) {
      this.#error = errorInfo(e).message;
    }
    await this.refresh();
  }
}

export const datasets = new DatasetsState();
