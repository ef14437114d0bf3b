/**
 * Model versions: created from a run (register.ts) or a bundle (bundle.ts) through addVersion,
 * which numbers them 1, 2, 3… per model in the same transaction that creates the model when it
 * is new and records the transition; numbers are never reused, even after a delete. Description,
 * tags and the model card's text are editable; everything else a version holds is fixed.
 */
import { BenchtopError } from '../errors';
import { guarded, type DB } from '../store/db';
import { insertModel } from './models';
import { checkModelName, checkTag } from './rules';
import { inTx, recordTransition, requireVersion, REGISTRY_STORES } from './tx';
import type { ModelCard, ModelVersionRecord } from './types';

export type VersionDraft = Omit<ModelVersionRecord, 'name' | 'version' | 'created' | 'updated' | 'stage'>;
export type CardText = Pick<ModelCard, 'intendedUse' | 'limitations' | 'ethics' | 'notes'>;
export const CARD_FIELDS: readonly (keyof CardText)[] = ['intendedUse', 'limitations', 'ethics', 'notes'];

/**
 * Stores `draft` as the next version of `name` (creating the registered model when absent) and
 * records a 'create' or 'import' transition, all in one transaction.
 */
export async function addVersion(db: DB, name: string, draft: VersionDraft, kind: 'create' | 'import', reason = ''): Promise<ModelVersionRecord> {
  checkModelName(name);
  for (const [k, v] of Object.entries(draft.tags ?? {})) checkTag(k, v);
  return inTx(db, REGISTRY_STORES, async (tx, touched) => {
    const model = (await tx.objectStore('registeredModels').get(name)) ?? (await insertModel(tx, touched, name));
    const now = Date.now();
    const version = model.latestVersion + 1;
    const rec: ModelVersionRecord = { ...draft, name, version, stage: 'None', created: now, updated: now };
    await tx.objectStore('modelVersions').add(rec);
    await tx.objectStore('registeredModels').put({ ...model, latestVersion: version, updated: now });
    const source = draft.source.kind === 'run' ? { runId: draft.source.runId } : { fileName: draft.source.fileName ?? null };
    await recordTransition(tx, touched, { name, version, kind, detail: { ...source, datasetVersion: draft.lineage.datasetVersion }, reason, time: now });
    return rec;
  });
}

export function getVersion(db: DB, name: string, version: number): Promise<ModelVersionRecord | undefined> {
  return guarded(() => db.get('modelVersions', [name, version]));
}

/** A model's versions, newest first. */
export async function listVersions(db: DB, name: string): Promise<ModelVersionRecord[]> {
  const vs = await guarded(() => db.getAllFromIndex('modelVersions', 'byName', name));
  return vs.sort((a, b) => b.version - a.version);
}

/** The versions registered from a run (for the run page's "registered as" links). */
export async function versionsOfRun(db: DB, runId: string): Promise<ModelVersionRecord[]> {
  const vs = await guarded(() => db.getAllFromIndex('modelVersions', 'byRun', runId));
  return vs.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

/** Applies `edit` to one version and records an 'edit' transition with `detail`. */
function editVersion(db: DB, name: string, version: number, detail: Record<string, unknown>, edit: (v: ModelVersionRecord) => void): Promise<ModelVersionRecord> {
  return inTx(db, REGISTRY_STORES, async (tx, touched) => {
    const v = await requireVersion(tx, name, version);
    edit(v);
    v.updated = Date.now();
    await tx.objectStore('modelVersions').put(v);
    await recordTransition(tx, touched, { name, version, kind: 'edit', detail, time: v.updated });
    return v;
  });
}

export function setVersionDescription(db: DB, name: string, version: number, description: string): Promise<ModelVersionRecord> {
  return editVersion(db, name, version, { field: 'description' }, (v) => { v.description = description; });
}

export function setVersionTag(db: DB, name: string, version: number, key: string, value: string): Promise<ModelVersionRecord> {
  checkTag(key, value);
  return editVersion(db, name, version, { field: 'tag', key, value }, (v) => { v.tags = { ...v.tags, [key]: value }; });
}

export function deleteVersionTag(db: DB, name: string, version: number, key: string): Promise<ModelVersionRecord> {
  return editVersion(db, name, version, { field: 'tag', key, deleted: true }, (v) => {
    if (!(key in v.tags)) throw new BenchtopError('BAD_REGISTRY', `Version ${version} of "${name}" has no tag "${key}"; its tags are ${Object.keys(v.tags).join(', ') || '(none)'}.`, { field: 'tag', value: key });
    const { [key]: _gone, ...rest } = v.tags;
    v.tags = rest;
  });
}

/** Edits the model card's text fields (Markdown); the computed part is never edited. */
export function editCard(db: DB, name: string, version: number, text: Partial<CardText>): Promise<ModelVersionRecord> {
  const unknown = Object.keys(text).filter((k) => !CARD_FIELDS.includes(k as keyof CardText));
  if (unknown.length) {
    throw new BenchtopError('BAD_REGISTRY', `Unknown model card field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the editable fields are ${CARD_FIELDS.join(', ')}.`, { field: unknown[0], choices: [...CARD_FIELDS] });
  }
  for (const [k, v] of Object.entries(text)) {
    if (typeof v !== 'string') throw new BenchtopError('BAD_REGISTRY', `The model card field "${k}" must be text.`, { field: k });
  }
  const changed = Object.keys(text);
  return editVersion(db, name, version, { field: 'card', changed }, (v) => { v.card = { ...v.card, ...text }; });
}

/** A version without its model weights and fitted recipes: what lists need. */
export type VersionSummary = Omit<ModelVersionRecord, 'model' | 'recipes'> & { model: Omit<ModelVersionRecord['model'], 'weights'>; recipeCount: number };

export function summarizeVersion(v: ModelVersionRecord): VersionSummary {
  const { model, recipes, ...rest } = v;
  const { weights: _weights, ...doc } = model;
  return { ...rest, model: doc, recipeCount: recipes.length };
}
