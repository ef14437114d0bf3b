import { StorageError } from '../errors';
import { guarded, type DB } from './db';
import type { DatasetRecord, VersionRecord } from './schema';

export interface DatasetSummary extends DatasetRecord {
  versions: number;
  latest: VersionRecord | null;
  /** Bytes on disk over all versions. */
  bytes: number;
}

export async function listDatasets(db: DB): Promise<DatasetSummary[]> {
  const tx = db.transaction(['datasets', 'datasetVersions']);
  const [datasets, versions] = await Promise.all([tx.objectStore('datasets').getAll(), tx.objectStore('datasetVersions').getAll()]);
  const byDataset = new Map<string, VersionRecord[]>();
  for (const v of versions) byDataset.set(v.datasetId, [...(byDataset.get(v.datasetId) ?? []), v]);
  return datasets
    .map((d) => {
      const vs = (byDataset.get(d.id) ?? []).sort((a, b) => b.created - a.created);
      return { ...d, versions: vs.length, latest: vs[0] ?? null, bytes: vs.reduce((s, v) => s + v.bytes, 0) };
    })
    .sort((a, b) => b.updated - a.updated);
}

export function getDataset(db: DB, id: string): Promise<DatasetRecord | undefined> {
  return db.get('datasets', id);
}

export async function updateDataset(db: DB, id: string, patch: Partial<Pick<DatasetRecord, 'name' | 'description' | 'tags'>>): Promise<DatasetRecord> {
  return guarded(async () => {
    const tx = db.transaction('datasets', 'readwrite');
    const d = await tx.store.get(id);
    if (!d) throw new StorageError('NOT_FOUND', `No dataset with id ${id}.`);
    const name = patch.name?.trim();
    if (patch.name !== undefined && !name) throw new StorageError('BAD_SCHEMA', 'A dataset needs a name.');
    const next = { ...d, ...patch, ...(name ? { name } : {}), updated: Date.now() };
    await tx.store.put(next);
    await tx.done;
    return next;
  });
}

/** Deletes a dataset with every version, chunk and dictionary, in one transaction. */
export async function deleteDataset(db: DB, id: string): Promise<void> {
  return guarded(async () => {
    const tx = db.transaction(['datasets', 'datasetVersions', 'columnChunks', 'dictionaries'], 'readwrite');
    const versions = await tx.objectStore('datasetVersions').index('byDataset').getAll(id);
    for (const v of versions) {
      await tx.objectStore('columnChunks').delete(IDBKeyRange.bound([v.storageKey], [v.storageKey, []]));
      await tx.objectStore('dictionaries').delete(IDBKeyRange.bound([v.storageKey], [v.storageKey, []]));
      await tx.objectStore('datasetVersions').delete(v.id);
    }
    await tx.objectStore('datasets').delete(id);
    await tx.done;
  });
}
