/**
 * What "the same recipe and algorithm" means for retraining a served version on new data:
 * - the recipe chain that made its training version, step by step from the raw data, each recipe
 *   with its steps' parameters but not what they learned (fitted steps are refitted on the new
 *   data, on its training rows, with the same split spec), applied with the Prepare page's
 *   runRecipe so each derived version is stored with its lineage;
 * - the training job of its run: algorithm, task, target, features, hyperparameters (the model
 *   document's, defaults filled), hold-out, missing-value policy, seed, slice column, experiment.
 */
import { BenchtopError } from '../errors';
import type { SplitSpec } from '../data/split';
import type { BackendChoice, HoldOut, MissingPolicy, TrainSpec } from '../ml/spec';
import type { Recipe } from '../recipe/recipe';
import type { ModelVersionRecord } from '../registry/types';
import type { DB } from '../store/db';
import { runRecipe } from '../store/prep';
import type { RunRecord, VersionRecord } from '../store/schema';
import { getVersion } from '../store/versions';

export interface ChainStep { recipeId: string; name: string; recipe: Recipe; split: SplitSpec }

const DEFAULT_SPLIT: SplitSpec = { method: 'random', test: 0.2, validation: 0, seed: 0 };
const short = (id: string) => id.slice(0, 12);

/** The recipes (unfitted) and splits that made the version's training data, root first. */
export async function recipePlan(db: DB, v: ModelVersionRecord): Promise<ChainStep[]> {
  const out: ChainStep[] = [];
  let dv = await getVersion(db, v.lineage.datasetVersion);
  if (!dv) throw new BenchtopError('NOT_FOUND', `${v.name} v${v.version} was trained on dataset version ${short(v.lineage.datasetVersion)}, which is not on this device, so its recipes cannot be repeated.`, { versionId: v.lineage.datasetVersion });
  for (let guard = 0; dv.recipeId && guard < 100; guard++) {
    const rec = await db.get('recipes', dv.recipeId);
    if (!rec) throw new BenchtopError('NOT_FOUND', `The recipe ${short(dv.recipeId)} that made dataset version ${short(dv.id)} is missing.`, { recipeId: dv.recipeId });
    const steps = ((rec.recipe as Recipe).steps ?? []).map(({ type, params }) => ({ type, params }));
    out.unshift({ recipeId: dv.recipeId, name: rec.name, recipe: { version: 1, steps }, split: dv.split ?? DEFAULT_SPLIT });
    if (!dv.parent) break;
    const parent = await getVersion(db, dv.parent);
    if (!parent) throw new BenchtopError('NOT_FOUND', `Dataset version ${short(dv.id)} was derived from ${short(dv.parent)}, which was deleted.`, { versionId: dv.parent });
    dv = parent;
  }
  return out;
}

/** Applies the plan to a raw version; answers the final version id (the input itself when there is no recipe). */
export async function applyPlan(db: DB, versionId: string, plan: readonly ChainStep[], cancelled?: () => boolean): Promise<string> {
  let current = versionId;
  for (const step of plan) current = (await runRecipe(db, current, step.recipe, step.name, step.split, { cancelled })).versionId;
  return current;
}

/** Features from the run's comma-joined param, matched against the version's columns when a name holds a comma. */
export function splitFeatures(text: string, count: number, columns: readonly string[]): string[] {
  const simple = text.split(',');
  if (!text) return [];
  if (simple.length === count && simple.every((f) => columns.includes(f))) return simple;
  const out: string[] = [];
  let rest = text;
  const byLength = [...columns].sort((a, b) => b.length - a.length);
  while (rest.length) {
    const hit = byLength.find((c) => rest === c || rest.startsWith(`${c},`));
    if (!hit) return simple;
    out.push(hit);
    rest = rest.slice(hit.length + 1);
  }
  return out;
}

/**
 * The features to train on in the prepared new version: the columns the original run left out
 * (the target, the split column, columns not chosen) stay out, everything else is in — so a
 * refitted one-hot step that meets new categories (or misses old ones) changes the features the
 * same way it changed the columns. Without the original training version, the original features
 * that exist.
 */
export async function featurePlan(db: DB, v: ModelVersionRecord, original: readonly string[], prepared: VersionRecord): Promise<string[]> {
  const old = await getVersion(db, v.lineage.datasetVersion);
  const names = prepared.columns.map((c) => c.name);
  if (!old) return original.filter((f) => names.includes(f));
  const chosen = new Set(original);
  const excluded = new Set(old.columns.map((c) => c.name).filter((c) => !chosen.has(c)));
  return prepared.columns.filter((c) => !excluded.has(c.name) && c.name !== v.model.target && c.role !== 'ignore' && c.role !== 'target' && c.role !== 'identifier').map((c) => c.name);
}

/** The training job of the served version's run, on another (prepared) dataset version. */
export async function trainPlan(db: DB, v: ModelVersionRecord, run: RunRecord, versionId: string, runName: string, backend: BackendChoice): Promise<TrainSpec> {
  const dv = await getVersion(db, versionId);
  if (!dv) throw new BenchtopError('NOT_FOUND', `There is no dataset version ${short(versionId)} to retrain on.`, { versionId });
  const p = run.params;
  const holdOut: HoldOut = !p.hold_out || p.hold_out === 'split column'
    ? { kind: 'column' }
    : { kind: 'split', method: p.hold_out === 'stratified' ? 'stratified' : 'random', test: Number(p.test_share ?? 0.2), seed: Number(p.split_seed ?? 0) };
  const old = await getVersion(db, v.lineage.datasetVersion);
  const original = splitFeatures(p.features ?? '', Number(p.n_features ?? NaN), (old ?? dv).columns.map((c) => c.name));
  const features = await featurePlan(db, v, original, dv);
  if (!features.length) {
    throw new BenchtopError('BAD_MONITOR', `The prepared dataset version ${short(dv.id)} has none of the feature columns ${v.name} v${v.version} was trained on (${original.join(', ')}); its columns are ${dv.columns.map((c) => c.name).join(', ')}.`, { features: original });
  }
  const experiment = (await db.get('experiments', run.experimentId))?.name ?? 'monitoring';
  return {
    datasetId: dv.datasetId, versionId: dv.id, target: v.model.target, features, task: v.model.task, model: v.model.model,
    params: { ...v.model.params }, holdOut, missing: (p.missing === 'impute' ? 'impute' : 'error') as MissingPolicy,
    seed: Number.isFinite(Number(p.seed)) ? Number(p.seed) : 0, backend,
    ...(p.slice && dv.columns.some((c) => c.name === p.slice) ? { sliceColumn: p.slice } : {}),
    experiment, runName,
  };
}
