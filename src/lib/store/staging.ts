import type { ChunkSink } from '../data/ingest';
import { guarded, storageError, type DB } from './db';
import { encodeChunk } from './encoding';

/**
 * Chunks of an import in progress go under a fresh storage key and only become visible when
 * the version is committed. A failed, cancelled or crashed import leaves only staged chunks,
 * which `discardStaging` (or `collectOrphans` at the next start) removes.
 */
/**
 * Runs `fn` with a fresh storage key for staged chunks. The key's Web Lock is held for the whole
 * run (taken before the staging mark is written), so orphan collection in any tab leaves the
 * chunks alone; if `fn` fails, everything staged under the key is discarded.
 */
export async function withStaging<T>(db: DB, fn: (storageKey: string) => Promise<T>): Promise<T> {
  const storageKey = crypto.randomUUID();
  const run = async (): Promise<T> => {
    await guarded(() => db.put('staging', { storageKey, started: Date.now() }));
    try {
      return await fn(storageKey);
    } catch (e) {
      await discardStaging(db, storageKey).catch(() => undefined);
      throw e;
    }
  };
  const locks = (globalThis.navigator as WorkerNavigator | undefined)?.locks;
  return locks ? locks.request(importLockName(storageKey), run) : run();
}

export function stagingSink(db: DB, storageKey: string): ChunkSink {
  return {
    async write(chunk, data) {
      try {
        const encoded = data.map(encodeChunk);
        const tx = db.transaction('columnChunks', 'readwrite', { durability: 'relaxed' });
        encoded.forEach((rec, c) => void tx.store.put(rec, [storageKey, c, chunk]));
        await tx.done;
        return encoded.reduce((n, r) => n + r.data.byteLength, 0);
      } catch (e) {
        throw storageError(e);
      }
    },
    async reset() {
      await deleteChunks(db, storageKey);
    },
  };
}

async function deleteChunks(db: DB, storageKey: string): Promise<void> {
  const tx = db.transaction(['columnChunks', 'dictionaries'], 'readwrite');
  await tx.objectStore('columnChunks').delete(IDBKeyRange.bound([storageKey], [storageKey, []]));
  await tx.objectStore('dictionaries').delete(IDBKeyRange.bound([storageKey], [storageKey, []]));
  await tx.done;
}

/** Removes a staged import entirely (chunks and its staging mark). */
export async function discardStaging(db: DB, storageKey: string): Promise<void> {
  await deleteChunks(db, storageKey);
  await db.delete('staging', storageKey);
}

/**
 * Deletes chunks of imports that never committed (a closed tab, a crashed worker). Skips
 * imports still running in another tab, which hold a Web Lock named after their key.
 */
export async function collectOrphans(db: DB, isRunning: (storageKey: string) => Promise<boolean>): Promise<number> {
  const staged = await db.getAll('staging');
  let removed = 0;
  for (const s of staged) {
    if (await isRunning(s.storageKey)) continue;
    await discardStaging(db, s.storageKey);
    removed++;
  }
  // Safety net: chunks under a key that no version and no staging mark own (a write that landed late).
  const known = new Set([...(await db.getAll('datasetVersions')).map((v) => v.storageKey), ...(await db.getAllKeys('staging'))]);
  const stray: string[] = [];
  let cursor = await db.transaction('columnChunks').store.openKeyCursor();
  while (cursor) {
    const key = cursor.key[0];
    if (!known.has(key)) stray.push(key);
    cursor = await cursor.continue([key, []] as unknown as [string, number, number]);
  }
  for (const key of stray) await deleteChunks(db, key);
  return removed + stray.length;
}

export function importLockName(storageKey: string): string {
  return `benchtop-import-${storageKey}`;
}
