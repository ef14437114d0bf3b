/**
 * A model version from a finished run: the run's model (`model/model.json`) and evaluation
 * (`evaluation.json`) artifacts, its metrics, and the lineage behind it — the dataset version it
 * trained on and the chain of fitted recipes back to the raw data (each derived version names its
 * parent and the recipe that made it). The raw data gives the signature and the input example;
 * the recipes travel with the version so serving transforms raw inputs exactly as in training.
 */
import { BenchtopError } from '../errors';
import type { EvaluationReport } from '../ml/evaluate-report';
import type { FittedRecipe } from '../recipe';
import { guarded, type DB } from '../store/db';
import { loadTable } from '../store/prep';
import type { ArtifactRecord, RunRecord, VersionRecord } from '../store/schema';
import { getVersion as getDatasetVersion, readDictionary } from '../store/versions';
import { getArtifact, getRun } from '../track/runs';
import { newCard } from './card';
import { checkModelName } from './rules';
import { buildSignature, inputColumns, inputExample } from './signature';
import { pruneUnusedInputs } from './signature-prune';
import type { ModelDoc, ModelVersionRecord } from './types';
import { addVersion } from './versions';

export const MODEL_ARTIFACT = 'model/model.json';
export const EVALUATION_ARTIFACT = 'evaluation.json';
/** Raw rows read to check which inputs the recipe chain needs (signature-prune.ts). */
const SAMPLE_ROWS = 256;

export interface RegisterRequest {
  runId: string;
  name: string;
  description?: string;
  tags?: Record<string, string>;
}

const short = (id: string) => id.slice(0, 12);
const fail = (code: 'NOT_FOUND' | 'BAD_REGISTRY', message: string, detail: Record<string, unknown> = {}): never => {
  throw new BenchtopError(code, message, detail);
};

function json<T>(a: ArtifactRecord): T {
  return JSON.parse(typeof a.data === 'string' ? a.data : new TextDecoder().decode(a.data)) as T;
}

export async function finishedRun(db: DB, runId: string): Promise<RunRecord> {
  const run = await getRun(db, runId);
  if (!run) return fail('NOT_FOUND', `There is no run ${runId}: it may have been deleted.`, { runId });
  if (run.lifecycle === 'deleted') fail('BAD_REGISTRY', `Run "${run.name}" is deleted: restore it on the Experiments page before registering its model.`, { runId });
  if (run.status !== 'FINISHED') fail('BAD_REGISTRY', `Run "${run.name}" is ${run.status}: only a FINISHED run's model can be registered.`, { runId, status: run.status });
  return run;
}

export async function modelOfRun(db: DB, run: RunRecord): Promise<ModelDoc> {
  const art = await getArtifact(db, run.id, MODEL_ARTIFACT);
  if (!art) {
    const why = run.parentId ? ' It is a candidate of a hyperparameter search, scored by cross-validation only: register the search run, which holds the refit best model.' : '';
    return fail('BAD_REGISTRY', `Run "${run.name}" has no model artifact (${MODEL_ARTIFACT}), so there is nothing to register.${why}`, { runId: run.id });
  }
  const doc = json<ModelDoc>(art);
  if (doc?.format !== 'benchtop-model-v1' || !Array.isArray(doc.features) || typeof doc.datasetVersion !== 'string') {
    fail('BAD_REGISTRY', `The model artifact of run "${run.name}" is not a Benchtop model (format ${JSON.stringify(doc?.format)}; expected benchtop-model-v1).`, { runId: run.id });
  }
  return doc;
}

/** The training version's recipe chain back to the raw data: recipes root-first, and the root version. */
export async function recipeChain(db: DB, training: VersionRecord): Promise<{ root: VersionRecord; recipes: FittedRecipe[]; recipeIds: string[] }> {
  const recipes: FittedRecipe[] = [], recipeIds: string[] = [];
  const seen = new Set<string>();
  let v = training;
  while (v.recipeId) {
    if (seen.has(v.id)) fail('BAD_REGISTRY', `The lineage of dataset version ${short(training.id)} loops at ${short(v.id)}.`, { versionId: v.id });
    seen.add(v.id);
    const rec = await guarded(() => db.get('recipes', v.recipeId!));
    if (!rec || !rec.fitted) fail('NOT_FOUND', `The fitted recipe ${short(v.recipeId)} that made dataset version ${short(v.id)} is missing, so raw inputs could not be transformed as in training.`, { recipeId: v.recipeId, versionId: v.id });
    recipes.unshift(rec!.recipe as FittedRecipe);
    recipeIds.unshift(v.recipeId);
    const parent = v.parent ? await getDatasetVersion(db, v.parent) : undefined;
    if (!parent) {
      fail('NOT_FOUND', `Dataset version ${short(v.id)} was made by the recipe "${rec!.name}" from version ${short(v.parent ?? '?')}, which was deleted: the model's raw inputs cannot be described without it.`, { versionId: v.id, parent: v.parent });
    }
    v = parent!;
  }
  return { root: v, recipes, recipeIds };
}

/** Builds the version draft for a finished run (everything but its name and number). */
export async function draftFromRun(db: DB, req: RegisterRequest): Promise<Omit<ModelVersionRecord, 'name' | 'version' | 'created' | 'updated' | 'stage'>> {
  const run = await finishedRun(db, req.runId);
  const doc = await modelOfRun(db, run);
  const evalArt = await getArtifact(db, run.id, EVALUATION_ARTIFACT);
  const evaluation = evalArt ? json<EvaluationReport>(evalArt) : null;
  const training = await getDatasetVersion(db, doc.datasetVersion);
  if (!training) {
    fail('NOT_FOUND', `Run "${run.name}" trained on dataset version ${short(doc.datasetVersion)}, which was deleted: the version's lineage, signature and input example come from it.`, { runId: run.id, versionId: doc.datasetVersion });
  }
  const { root, recipes, recipeIds } = await recipeChain(db, training!);
  const columns = inputColumns(root, recipes, doc);
  const dictionaries: Record<string, string[]> = {};
  for (const c of columns) if (c.type === 'categorical') dictionaries[c.name] = await readDictionary(db, root, root.columns.findIndex((x) => x.name === c.name));
  const sample = await loadTable(db, root, SAMPLE_ROWS);
  const signature = pruneUnusedInputs(buildSignature(root, dictionaries, recipes, doc), recipes, doc, sample);
  const dataset = await guarded(() => db.get('datasets', training!.datasetId));
  const card = newCard({
    run, doc, evaluation,
    trainingData: { datasetId: training!.datasetId, datasetName: dataset?.name ?? null, versionId: training!.id, rows: training!.rows, recipeIds },
  });
  return {
    description: req.description ?? '',
    tags: { ...(req.tags ?? {}) },
    source: { kind: 'run', runId: run.id, experimentId: run.experimentId },
    lineage: { runId: run.id, experimentId: run.experimentId, datasetId: training!.datasetId, datasetVersion: training!.id, recipeIds },
    model: doc,
    recipes,
    signature,
    inputExample: inputExample(sample, signature),
    metrics: { ...run.metrics },
    card,
  };
}

/** Registers a finished run's model as the next version of `name` (created when new). */
export async function registerRun(db: DB, req: RegisterRequest): Promise<ModelVersionRecord> {
  checkModelName(req.name);
  const draft = await draftFromRun(db, req);
  return addVersion(db, req.name, draft, 'create');
}
