import { StorageError } from '../errors';
import { storageOf } from '../data/types';
import { guarded, type DB } from './db';
import { decodeChunk } from './encoding';
import type { DatasetRecord, VersionRecord } from './schema';

export function getVersion(db: DB, id: string): Promise<VersionRecord | undefined> {
  return db.get('datasetVersions', id);
}

export async function listVersions(db: DB, datasetId: string): Promise<VersionRecord[]> {
  const vs = await db.getAllFromIndex('datasetVersions', 'byDataset', datasetId);
  return vs.sort((a, b) => b.created - a.created);
}

export interface CommitInput {
  version: Omit<VersionRecord, 'datasetId' | 'parent' | 'created'>;
  dictionaries: string[][];
  /** Existing dataset to add the version to; else a new dataset is created with `name`. */
  datasetId?: string;
  name: string;
  /** The version this one derives from; default: the dataset's latest version. */
  parent?: string;
}

/**
 * Makes a staged import visible in one transaction: the dataset (new or updated), the version
 * record and its dictionaries, and drops the staging mark. Returns `existed` when a version with
 * the same content id is already stored (the caller then discards its staged chunks).
 */
export async function commitVersion(db: DB, input: CommitInput): Promise<{ datasetId: string; existed: boolean }> {
  return guarded(async () => {
    const tx = db.transaction(['datasets', 'datasetVersions', 'dictionaries', 'staging'], 'readwrite');
    const versions = tx.objectStore('datasetVersions');
    const existing = await versions.get(input.version.id);
    if (existing) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return { datasetId: existing.datasetId, existed: true };
    }
    // The staged chunks must still be there (nothing else may have collected them).
    if (!(await tx.objectStore('staging').get(input.version.storageKey))) {
      throw new StorageError('NOT_FOUND', 'The data staged for this version was removed before it could be saved (another tab cleaned up storage). Nothing was saved; try again.');
    }
    const now = Date.now();
    const datasets = tx.objectStore('datasets');
    let dataset: DatasetRecord | undefined;
    let parent: string | null = null;
    if (input.datasetId) {
      dataset = await datasets.get(input.datasetId);
      if (!dataset) throw new StorageError('NOT_FOUND', `No dataset with id ${input.datasetId}: it may have been deleted in another tab.`);
      const prior = await versions.index('byDataset').getAll(input.datasetId);
      parent = input.parent ?? prior.sort((a, b) => b.created - a.created)[0]?.id ?? null;
      dataset = { ...dataset, updated: now };
    } else {
      dataset = { id: crypto.randomUUID(), name: input.name.trim() || 'Untitled dataset', description: '', tags: [], created: now, updated: now };
    }
    await datasets.put(dataset);
    await versions.put({ ...input.version, datasetId: dataset.id, parent, recipeId: input.version.recipeId ?? null, created: now });
    const dicts = tx.objectStore('dictionaries');
    for (let c = 0; c < input.dictionaries.length; c++) {
      if (storageOf(input.version.columns[c].type) === 'codes') await dicts.put({ values: input.dictionaries[c] }, [input.version.storageKey, c]);
    }
    await tx.objectStore('staging').delete(input.version.storageKey);
    await tx.done;
    return { datasetId: dataset.id, existed: false };
  });
}

/** Reads one chunk of one column. */
export async function readChunk(db: DB, version: VersionRecord, column: number, chunk: number): Promise<Float64Array | Int32Array> {
  const rec = await db.get('columnChunks', [version.storageKey, column, chunk]);
  if (!rec) throw new StorageError('NOT_FOUND', `Chunk ${chunk} of column ${column} of version ${version.id.slice(0, 12)} is missing.`);
  return decodeChunk(rec, storageOf(version.columns[column].type));
}

export async function readDictionary(db: DB, version: VersionRecord, column: number): Promise<string[]> {
  if (storageOf(version.columns[column].type) !== 'codes') return [];
  const rec = await db.get('dictionaries', [version.storageKey, column]);
  return rec?.values ?? [];
}
