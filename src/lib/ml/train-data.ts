/**
 * The first step of every training job, before any run is written: read the dataset version,
 * build the train and test matrices and check the model and its parameters. Every problem the
 * user can fix (one class, no rows, a text feature, a missing value, a bad parameter) is
 * reported here, so no run is started on input that cannot train.
 */
import { BenchtopError } from '../errors';
import { loadTable } from '../store/prep';
import type { DB } from '../store/db';
import type { RunInput, VersionRecord } from '../store/schema';
import { getVersion } from '../store/versions';
import { buildTrainSet } from './dataset';
import { TrainInputError } from './errors';
import { readParams } from './linalg/fit-checks';
import type { ModelDef } from './model';
import { modelDef, MODELS } from './models/registry';
import type { TrainSpec } from './spec';

export type TrainSet = Awaited<ReturnType<typeof buildTrainSet>>;

export interface PreparedJob {
  spec: TrainSpec;
  def: ModelDef;
  version: VersionRecord;
  set: TrainSet;
  /** The parameters with defaults filled in. */
  params: Record<string, number | string | boolean>;
}

export async function prepareJob(db: DB, spec: TrainSpec): Promise<PreparedJob> {
  const def = modelDef(spec.model);
  if (!def) throw new TrainInputError(`Unknown model '${spec.model}'; the models are ${MODELS.map((m) => m.id).join(', ')}.`, { choices: MODELS.map((m) => m.id) });
  if (!def.tasks.includes(spec.task)) {
    throw new TrainInputError(`${def.label} does not do ${spec.task}; it does ${def.tasks.join(', ')}.`, { choices: def.tasks });
  }
  const version = await getVersion(db, spec.versionId);
  if (!version) throw new BenchtopError('NOT_FOUND', `Dataset version ${spec.versionId.slice(0, 12)} no longer exists.`);
  // A ModelError (a TrainInputError) names the parameter and its valid range.
  const params = readParams(def.label, def.params, spec.params);
  const table = await loadTable(db, version);
  const set = buildTrainSet(table, spec);
  return { spec, def, version, set, params };
}

/** The run's inputs: the version for training and for testing, with its digest and recipe. */
export function runInputs(job: PreparedJob): RunInput[] {
  const v = job.version;
  const base = { datasetId: v.datasetId, versionId: v.id, digest: v.id, recipeId: v.recipeId };
  return [
    { ...base, context: 'training', rows: job.set.train.n },
    { ...base, context: 'test', rows: job.set.test.n },
  ];
}

/** The run's params: the algorithm's (defaults filled in) and the job's own settings. */
export function runParams(job: PreparedJob): Record<string, unknown> {
  const { spec } = job;
  const h = spec.holdOut;
  const holdOut = h.kind === 'column' ? { hold_out: 'split column' } : { hold_out: h.method, test_share: h.test, split_seed: h.seed };
  return {
    ...job.params,
    model: spec.model,
    task: spec.task,
    target: spec.target,
    features: spec.features.join(','),
    n_features: spec.features.length,
    ...holdOut,
    missing: spec.missing,
    seed: spec.seed,
    ...(spec.sliceColumn ? { slice: spec.sliceColumn } : {}),
  };
}
