/**
 * Editing what tracking holds: experiments (create, rename, describe, delete, restore), a run's
 * mutable parts (tags, note), and runs' lifecycle (delete, restore; purge removes a deleted run
 * with its metric history and artifacts for good). Params and metrics stay write-once.
 */
import { guarded, type DB } from '../store/db';
import type { ExperimentRecord, Lifecycle, RunRecord } from '../store/schema';
import { checkKey, checkTagValue, TrackingError } from './keys';

const cleanName = (name: string): string => {
  const n = name.trim();
  if (!n || n.length > 500) throw new TrackingError('An experiment needs a name of 1–500 characters.', { name });
  return n;
};

export async function createExperiment(db: DB, name: string, description = ''): Promise<ExperimentRecord> {
  const n = cleanName(name);
  return guarded(async () => {
    const tx = db.transaction('experiments', 'readwrite');
    if (await tx.store.index('byName').get(n)) throw new TrackingError(`An experiment named '${n}' exists already; names are unique.`, { name: n });
    const now = Date.now();
    const rec: ExperimentRecord = { id: crypto.randomUUID(), name: n, description, tags: {}, lifecycle: 'active', created: now, updated: now };
    await tx.store.add(rec);
    await tx.done;
    return rec;
  });
}

async function editExperiment(db: DB, id: string, fn: (e: ExperimentRecord, tx: { nameTaken(n: string): Promise<boolean> }) => Promise<void> | void): Promise<ExperimentRecord> {
  return guarded(async () => {
    const tx = db.transaction('experiments', 'readwrite');
    const e = await tx.store.get(id);
    if (!e) throw new TrackingError(`Experiment ${id} does not exist.`, { id });
    await fn(e, { nameTaken: async (n) => ((await tx.store.index('byName').get(n))?.id ?? id) !== id });
    e.updated = Date.now();
    await tx.store.put(e);
    await tx.done;
    return e;
  });
}

export function renameExperiment(db: DB, id: string, name: string): Promise<ExperimentRecord> {
  const n = cleanName(name);
  return editExperiment(db, id, async (e, tx) => {
    if (await tx.nameTaken(n)) throw new TrackingError(`An experiment named '${n}' exists already; names are unique.`, { name: n });
    e.name = n;
  });
}

export function describeExperiment(db: DB, id: string, description: string): Promise<ExperimentRecord> {
  return editExperiment(db, id, (e) => void (e.description = description));
}

/** Deleting an experiment hides it and its runs; restoring brings both back. Nothing is removed. */
export function setExperimentLifecycle(db: DB, id: string, lifecycle: Lifecycle): Promise<ExperimentRecord> {
  return editExperiment(db, id, (e) => void (e.lifecycle = lifecycle));
}

export interface ExperimentSummary {
  experiment: ExperimentRecord;
  runs: number;
  /** Start or end of its newest run (or its own last change). */
  lastActivity: number;
}

/** Every experiment with its count of active runs and last activity, newest first. */
function summarize(experiments: ExperimentRecord[], runs: RunRecord[]): ExperimentSummary[] {
  const by = new Map(experiments.map((e) => [e.id, { experiment: e, runs: 0, lastActivity: e.updated }]));
  for (const r of runs) {
    const s = by.get(r.experimentId);
    if (!s || r.lifecycle !== 'active') continue;
    s.runs++;
    s.lastActivity = Math.max(s.lastActivity, r.end ?? r.start);
  }
  return [...by.values()].sort((a, b) => b.lastActivity - a.lastActivity);
}

/** The run fields the runs table shows and searches (no environment or note): less to copy to the page. */
export type RunRow = Omit<RunRecord, 'env' | 'note'>;
const row = ({ env: _env, note: _note, ...rest }: RunRecord): RunRow => rest;

/**
 * What the Experiments page opens with, from one read of the runs: every experiment's summary and
 * the table rows of the chosen experiments (the most recently active one when none is chosen).
 */
export async function experimentsOverview(db: DB, opts: { experimentIds?: readonly string[]; lifecycle?: Lifecycle } = {}): Promise<{ summaries: ExperimentSummary[]; selected: string[]; runs: RunRow[] }> {
  const [experiments, runs] = await guarded(() => Promise.all([db.getAll('experiments'), db.getAll('runs')]));
  const summaries = summarize(experiments, runs);
  const known = new Set(experiments.map((e) => e.id));
  let selected = (opts.experimentIds ?? []).filter((id) => known.has(id));
  if (!selected.length) selected = summaries.filter((s) => s.experiment.lifecycle === 'active').slice(0, 1).map((s) => s.experiment.id);
  const want = new Set(selected), lifecycle = opts.lifecycle ?? 'active';
  return { summaries, selected, runs: runs.filter((r) => want.has(r.experimentId) && r.lifecycle === lifecycle).map(row) };
}

/** The runs of some experiments (all when none are named), by lifecycle. */
export async function listRuns(db: DB, opts: { experimentIds?: readonly string[]; lifecycle?: Lifecycle | 'all' } = {}): Promise<RunRecord[]> {
  const ids = opts.experimentIds;
  const runs = await guarded(async () =>
    ids?.length ? (await Promise.all(ids.map((id) => db.getAllFromIndex('runs', 'byExperiment', id)))).flat() : db.getAll('runs'));
  const want = opts.lifecycle ?? 'active';
  return want === 'all' ? runs : runs.filter((r) => r.lifecycle === want);
}

async function editRuns(db: DB, ids: readonly string[], fn: (r: RunRecord) => void): Promise<number> {
  return guarded(async () => {
    const tx = db.transaction('runs', 'readwrite');
    let n = 0;
    for (const id of ids) {
      const r = await tx.store.get(id);
      if (!r) throw new TrackingError(`Run ${id} does not exist.`, { id });
      fn(r);
      await tx.store.put(r);
      n++;
    }
    await tx.done;
    return n;
  });
}

/** Sets (or, with value null, deletes) a tag: tags are the mutable part of a run. */
export function setRunTag(db: DB, runId: string, key: string, value: string | null): Promise<number> {
  checkKey('tag', key);
  if (value !== null) checkTagValue(key, value);
  return editRuns(db, [runId], (r) => {
    if (value === null) delete r.tags[key];
    else r.tags[key] = value;
  });
}

export function setRunNote(db: DB, runId: string, note: string): Promise<number> {
  if (note.length > 50_000) throw new TrackingError(`The note is ${note.length} characters long; the limit is 50,000.`, { runId });
  return editRuns(db, [runId], (r) => void (r.note = note));
}

export function setRunsLifecycle(db: DB, ids: readonly string[], lifecycle: Lifecycle): Promise<number> {
  return editRuns(db, ids, (r) => void (r.lifecycle = lifecycle));
}

/** Removes deleted runs for good: their records, metric history and artifacts, in one transaction. */
export async function purgeRuns(db: DB, ids: readonly string[]): Promise<number> {
  return guarded(async () => {
    const tx = db.transaction(['runs', 'metrics', 'artifacts'], 'readwrite');
    for (const id of ids) {
      const r = await tx.objectStore('runs').get(id);
      if (!r) continue;
      if (r.lifecycle !== 'deleted') throw new TrackingError(`Run '${r.name}' is not deleted: delete it first, then remove it for good.`, { id });
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('metrics').delete(IDBKeyRange.bound([id], [id, []]));
      await tx.objectStore('artifacts').delete(IDBKeyRange.bound([id], [id, []]));
    }
    await tx.done;
    return ids.length;
  });
}
