/** Experiments: get-or-create by unique name, list. */
import { guarded, type DB } from '../store/db';
import type { ExperimentRecord } from '../store/schema';
import { TrackingError } from './keys';

export async function experimentByName(db: DB, name: string): Promise<ExperimentRecord | undefined> {
  return guarded(() => db.getFromIndex('experiments', 'byName', name));
}

/** The active experiment of this name, created when there is none (a deleted one is restored). */
export async function ensureExperiment(db: DB, name: string): Promise<ExperimentRecord> {
  const clean = name.trim();
  if (!clean || clean.length > 500) throw new TrackingError('An experiment needs a name of 1–500 characters.', { name });
  return guarded(async () => {
    const tx = db.transaction('experiments', 'readwrite');
    const found = await tx.store.index('byName').get(clean);
    if (found) {
      if (found.lifecycle === 'deleted') await tx.store.put({ ...found, lifecycle: 'active', updated: Date.now() });
      await tx.done;
      return { ...found, lifecycle: 'active' };
    }
    const now = Date.now();
    const rec: ExperimentRecord = { id: crypto.randomUUID(), name: clean, description: '', tags: {}, lifecycle: 'active', created: now, updated: now };
    await tx.store.add(rec);
    await tx.done;
    return rec;
  });
}

export async function listExperiments(db: DB): Promise<ExperimentRecord[]> {
  return guarded(() => db.getAll('experiments'));
}
