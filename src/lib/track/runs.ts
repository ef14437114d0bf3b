/**
 * Reading runs, and the sweep at start-up: a run whose tab closed or whose worker died stays
 * RUNNING in the database; every live run holds a Web Lock named after it, so a RUNNING run
 * without its lock is marked KILLED.
 */
import { guarded, type DB } from '../store/db';
import type { ArtifactRecord, RunRecord } from '../store/schema';

export const runLockName = (runId: string): string => `benchtop-run:${runId}`;

export async function getRun(db: DB, id: string): Promise<RunRecord | undefined> {
  return guarded(() => db.get('runs', id));
}

export async function childRuns(db: DB, parentId: string): Promise<RunRecord[]> {
  return guarded(() => db.getAllFromIndex('runs', 'byParent', parentId));
}

/** The newest runs first (all experiments, or one), without deleted ones. */
export async function recentRuns(db: DB, opts: { experimentId?: string; limit?: number; topLevel?: boolean } = {}): Promise<RunRecord[]> {
  const all = await guarded(() => (opts.experimentId ? db.getAllFromIndex('runs', 'byExperiment', opts.experimentId) : db.getAll('runs')));
  return all
    .filter((r) => r.lifecycle === 'active' && (!opts.topLevel || r.parentId === null))
    .sort((a, b) => b.start - a.start)
    .slice(0, opts.limit ?? Infinity);
}

/** The history of one metric, by step. */
export async function metricHistory(db: DB, runId: string, key: string): Promise<{ step: number; value: number; timestamp: number }[]> {
  return guarded(async () => {
    const range = IDBKeyRange.bound([runId, key, -Infinity], [runId, key, Infinity]);
    const tx = db.transaction('metrics');
    const out: { step: number; value: number; timestamp: number }[] = [];
    for (let c = await tx.store.openCursor(range); c; c = await c.continue()) out.push({ step: (c.key as [string, string, number])[2], ...c.value });
    return out;
  });
}

export async function getArtifact(db: DB, runId: string, path: string): Promise<ArtifactRecord | undefined> {
  return guarded(() => db.get('artifacts', [runId, path]));
}

export async function listArtifacts(db: DB, runId: string): Promise<{ path: string; mediaType: string; size: number }[]> {
  return guarded(async () => {
    const tx = db.transaction('artifacts');
    const out: { path: string; mediaType: string; size: number }[] = [];
    const range = IDBKeyRange.bound([runId], [runId, []]);
    for (let c = await tx.store.openCursor(range); c; c = await c.continue()) out.push({ path: (c.key as [string, string])[1], mediaType: c.value.mediaType, size: c.value.size });
    return out;
  });
}

/** Marks RUNNING runs whose lock nobody holds KILLED. Returns how many. */
export async function killStaleRuns(db: DB): Promise<number> {
  const running = await guarded(() => db.getAllFromIndex('runs', 'byStatus', 'RUNNING'));
  if (!running.length) return 0;
  const locks = (globalThis.navigator as WorkerNavigator | undefined)?.locks;
  const held = new Set(locks ? ((await locks.query()).held ?? []).map((l) => l.name) : []);
  const stale = running.filter((r) => !held.has(runLockName(r.id)));
  if (!stale.length) return 0;
  const now = Date.now();
  await guarded(async () => {
    const tx = db.transaction('runs', 'readwrite');
    for (const r of stale) {
      const cur = await tx.store.get(r.id);
      if (cur?.status === 'RUNNING') await tx.store.put({ ...cur, status: 'KILLED', end: now, error: { code: 'INTERRUPTED', message: 'The tab or worker running it closed before it finished.' } });
    }
    await tx.done;
  });
  return stale.length;
}

/**
 * Ends a run stopped from outside — its worker terminated by a cancel (KILLED) or dead of a crash
 * (FAILED) — with its unfinished children. Waits for the run's lock first, so it never races the
 * run's own last writes.
 */
export async function killRun(db: DB, runId: string, message: string, status: 'KILLED' | 'FAILED' = 'KILLED'): Promise<boolean> {
  const locks = (globalThis.navigator as WorkerNavigator | undefined)?.locks;
  const mark = async (): Promise<boolean> => {
    const children = await childRuns(db, runId);
    const now = Date.now();
    return guarded(async () => {
      const tx = db.transaction('runs', 'readwrite');
      let changed = false;
      for (const id of [runId, ...children.map((c) => c.id)]) {
        const r = await tx.store.get(id);
        if (r?.status !== 'RUNNING') continue;
        await tx.store.put({ ...r, status, end: now, error: { code: status === 'KILLED' ? 'CANCELLED' : 'WORKER_CRASHED', message } });
        changed = true;
      }
      await tx.done;
      return changed;
    });
  };
  return locks ? locks.request(runLockName(runId), { mode: 'exclusive' }, mark) : mark();
}

/** Every metric's history of one run, read in one pass (key → points by step). */
export async function runHistories(db: DB, runId: string, keys?: readonly string[]): Promise<Record<string, { step: number; value: number; timestamp: number }[]>> {
  return guarded(async () => {
    const range = IDBKeyRange.bound([runId], [runId, []]);
    const tx = db.transaction('metrics');
    const [values, ids] = await Promise.all([tx.store.getAll(range), tx.store.getAllKeys(range)]);
    const want = keys ? new Set(keys) : null;
    const out: Record<string, { step: number; value: number; timestamp: number }[]> = {};
    ids.forEach((k, i) => {
      const [, key, step] = k as [string, string, number];
      if (!want || want.has(key)) (out[key] ??= []).push({ step, ...values[i] });
    });
    return out;
  });
}
