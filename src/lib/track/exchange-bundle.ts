/**
 * A run with everything that belongs to it (metric history, artifacts, its experiment's name),
 * read from the database in one transaction: what export and the MLflow push work from.
 */
import { BenchtopError } from '../errors';
import { guarded, type DB } from '../store/db';
import type { ExperimentRecord, RunRecord } from '../store/schema';
import type { MetricPoint, PathArtifact } from './exchange-format';

export interface RunBundle {
  run: RunRecord;
  experimentName: string;
  /** The whole history, ordered by key then step. */
  metrics: MetricPoint[];
  artifacts: PathArtifact[];
  /** Names of the datasets in run.inputs, by dataset id, where the dataset is still here. */
  datasetNames: Record<string, string>;
}

export interface LoadedRuns {
  bundles: RunBundle[];
  /** The experiments of those runs, each once. */
  experiments: ExperimentRecord[];
}

/** Reads runs with their metrics, artifacts and experiments; an unknown run id is NOT_FOUND. */
export async function readRunBundles(db: DB, runIds: readonly string[]): Promise<LoadedRuns> {
  return guarded(async () => {
    const tx = db.transaction(['runs', 'experiments', 'metrics', 'artifacts', 'datasets']);
    const experiments = new Map<string, ExperimentRecord>();
    const bundles: RunBundle[] = [];
    for (const id of new Set(runIds)) {
      const run = await tx.objectStore('runs').get(id);
      if (!run) throw new BenchtopError('NOT_FOUND', `Run ${id} does not exist (deleted?); nothing was exported.`, { run: id });
      let exp = experiments.get(run.experimentId);
      if (!exp) {
        exp = await tx.objectStore('experiments').get(run.experimentId);
        if (!exp) throw new BenchtopError('NOT_FOUND', `The experiment of run ${id} (${run.experimentId}) does not exist.`, { run: id });
        experiments.set(exp.id, exp);
      }
      const range = IDBKeyRange.bound([id], [id, []]);
      const [mKeys, mValues, aKeys, aValues] = await Promise.all([
        tx.objectStore('metrics').getAllKeys(range),
        tx.objectStore('metrics').getAll(range),
        tx.objectStore('artifacts').getAllKeys(range),
        tx.objectStore('artifacts').getAll(range),
      ]);
      const metrics = mValues.map((m, i) => ({ key: mKeys[i][1], step: mKeys[i][2], value: m.value, timestamp: m.timestamp }));
      const artifacts = aValues.map((a, i) => ({ path: aKeys[i][1], ...a }));
      const datasetNames: Record<string, string> = {};
      for (const input of run.inputs) {
        const ds = await tx.objectStore('datasets').get(input.datasetId);
        if (ds) datasetNames[input.datasetId] = ds.name;
      }
      bundles.push({ run, experimentName: exp.name, metrics, artifacts, datasetNames });
    }
    await tx.done;
    return { bundles, experiments: [...experiments.values()] };
  });
}

export async function loadRunBundles(db: DB, runIds: readonly string[]): Promise<RunBundle[]> {
  return (await readRunBundles(db, runIds)).bundles;
}
