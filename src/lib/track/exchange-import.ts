/**
 * Imports a `benchtop-runs-v1` file: the whole file is checked first, then everything is written
 * in one transaction, so an import either lands whole or changes nothing. Experiments are matched
 * by name (created when missing, keeping the file's id when it is free); a run already here with
 * the same content is skipped, one with other content is a conflict unless `replace` is set.
 */
import { BenchtopError } from '../errors';
import { guarded, type DB } from '../store/db';
import type { ExperimentRecord } from '../store/schema';
import { deepEqual, sameArtifacts, sameMetrics } from './exchange-equal';
import { parseRunsFile, type ImportedRun, type ParsedRunsFile } from './exchange-validate';

export interface ImportOptions {
  /** Overwrite runs that exist here with other content (their metrics and artifacts too). */
  replace?: boolean;
}

export interface ImportResult {
  /** Runs written (new or replaced). */
  runs: number;
  /** Experiments created. */
  experiments: number;
  /** Runs already here with the same content. */
  skipped: number;
}

type Tx = ReturnType<typeof beginImport>;
const beginImport = (db: DB) => db.transaction(['experiments', 'runs', 'metrics', 'artifacts'], 'readwrite');

/** Reads what is stored under a run: its metric history and artifacts. */
async function stored(tx: Tx, runId: string): Promise<Pick<ImportedRun, 'metrics' | 'artifacts'>> {
  const range = IDBKeyRange.bound([runId], [runId, []]);
  const [mKeys, mValues, aKeys, aValues] = await Promise.all([
    tx.objectStore('metrics').getAllKeys(range),
    tx.objectStore('metrics').getAll(range),
    tx.objectStore('artifacts').getAllKeys(range),
    tx.objectStore('artifacts').getAll(range),
  ]);
  return {
    metrics: mValues.map((m, i) => ({ key: mKeys[i][1], step: mKeys[i][2], ...m })),
    artifacts: aValues.map((a, i) => ({ path: aKeys[i][1], ...a })),
  };
}

async function apply(tx: Tx, file: ParsedRunsFile, opts: ImportOptions): Promise<ImportResult> {
  const experiments = tx.objectStore('experiments');
  // Where each of the file's experiments goes: an experiment here of the same name, or a new one.
  const target = new Map<string, { id: string; create: ExperimentRecord | null; restore: ExperimentRecord | null }>();
  for (const e of file.experiments) {
    const found = await experiments.index('byName').get(e.name);
    if (found) target.set(e.id, { id: found.id, create: null, restore: found.lifecycle === 'deleted' ? found : null });
    else {
      const id = (await experiments.get(e.id)) ? crypto.randomUUID() : e.id;
      target.set(e.id, { id, create: { ...e, id }, restore: null });
    }
  }
  const writes: ImportedRun[] = [];
  let skipped = 0;
  for (const item of file.runs) {
    const run = { ...item.run, experimentId: target.get(item.run.experimentId)!.id };
    const existing = await tx.objectStore('runs').get(run.id);
    if (existing) {
      const here = await stored(tx, run.id);
      if (deepEqual(existing, run) && sameMetrics(here.metrics, item.metrics) && sameArtifacts(here.artifacts, item.artifacts)) {
        skipped++;
        continue;
      }
      if (!opts.replace) {
        throw new BenchtopError('IMPORT_CONFLICT', `Run ${run.id} ('${existing.name}') is already here with other content; import again with "replace" to overwrite it. Nothing was changed.`, { run: run.id });
      }
    }
    writes.push({ ...item, run });
  }
  let created = 0;
  const used = new Set(writes.map((w) => w.run.experimentId));
  for (const t of target.values()) {
    if (!used.has(t.id)) continue;
    if (t.create) {
      await experiments.add(t.create);
      created++;
    }
    if (t.restore) await experiments.put({ ...t.restore, lifecycle: 'active', updated: Date.now() });
    t.create = t.restore = null;
  }
  const metrics = tx.objectStore('metrics');
  const artifacts = tx.objectStore('artifacts');
  // Requests run in the order they are made: a replaced run's old history goes before the new is put.
  const pending: Promise<unknown>[] = [];
  for (const { run, metrics: history, artifacts: files } of writes) {
    const range = IDBKeyRange.bound([run.id], [run.id, []]);
    pending.push(metrics.delete(range), artifacts.delete(range), tx.objectStore('runs').put(run));
    for (const m of history) pending.push(metrics.put({ value: m.value, timestamp: m.timestamp }, [run.id, m.key, m.step]));
    for (const { path, ...a } of files) pending.push(artifacts.put(a, [run.id, path]));
  }
  await Promise.all(pending);
  return { runs: writes.length, experiments: created, skipped };
}

/** Checks the whole file, then writes it in one transaction (all or nothing). */
export async function importRunsJson(db: DB, text: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const file = parseRunsFile(text);
  return guarded(async () => {
    const tx = beginImport(db);
    try {
      const result = await apply(tx, file, opts);
      await tx.done;
      return result;
    } catch (e) {
      tx.done.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        /* already finished or aborted */
      }
      throw e;
    }
  });
}
