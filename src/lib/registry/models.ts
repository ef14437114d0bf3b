/**
 * Registered models: a unique name (it appears in API paths), a description and tags, the
 * aliases that point at its versions and the highest version number ever given. Creating a
 * model, editing its description or tags is recorded in its history like every other change.
 * A model created again under the name of a deleted one continues that name's numbering, so a
 * (name, version) pair in the prediction log always means one model.
 */
import { BenchtopError } from '../errors';
import { guarded, type DB } from '../store/db';
import { checkModelName, checkTag } from './rules';
import { inTx, recordTransition, requireModel, REGISTRY_STORES, type RegistryTx } from './tx';
import type { ModelVersionRecord, RegisteredModelRecord, Stage } from './types';

export interface ModelSummary extends RegisteredModelRecord {
  /** Versions stored now (deleted ones not counted). */
  versionCount: number;
  /** The newest stored version, if any. */
  latest: { version: number; created: number; stage: Stage } | null;
  /** Versions in the Production stage (normally one). */
  production: number[];
  staging: number[];
}

/** The highest version number this name was ever given, from its history (0 for a new name). */
async function usedNumbers(tx: RegistryTx, name: string): Promise<number> {
  let max = 0;
  for (const t of await tx.objectStore('transitions').index('byName').getAll(name)) {
    if (typeof t.version === 'number' && t.version > max) max = t.version;
    const latest = t.detail.latestVersion;
    if (typeof latest === 'number' && latest > max) max = latest;
  }
  return max;
}

/** Creates the model record inside `tx` (the caller checked that it is absent). */
export async function insertModel(tx: RegistryTx, touched: Set<string>, name: string, description = '', tags: Record<string, string> = {}): Promise<RegisteredModelRecord> {
  const now = Date.now();
  const rec: RegisteredModelRecord = { name, description, tags: { ...tags }, aliases: {}, latestVersion: await usedNumbers(tx, name), created: now, updated: now };
  await tx.objectStore('registeredModels').add(rec);
  await recordTransition(tx, touched, { name, version: null, kind: 'create', detail: { model: name, latestVersion: rec.latestVersion }, time: now });
  return rec;
}

export async function createModel(db: DB, name: string, description = '', tags: Record<string, string> = {}): Promise<RegisteredModelRecord> {
  checkModelName(name);
  for (const [k, v] of Object.entries(tags)) checkTag(k, v);
  return inTx(db, REGISTRY_STORES, async (tx, touched) => {
    if (await tx.objectStore('registeredModels').get(name)) {
      throw new BenchtopError('BAD_REGISTRY', `A registered model named "${name}" already exists; choose another name, or register the run as a new version of it.`, { field: 'name', value: name });
    }
    return insertModel(tx, touched, name, description, tags);
  });
}

export function getModel(db: DB, name: string): Promise<RegisteredModelRecord | undefined> {
  return guarded(() => db.get('registeredModels', name));
}

/** Every registered model with its version count, newest version, and Production/Staging versions; by name. */
export async function listModels(db: DB): Promise<ModelSummary[]> {
  const [models, versions] = await guarded(() => Promise.all([db.getAll('registeredModels'), db.getAll('modelVersions')]));
  const byName = new Map<string, ModelVersionRecord[]>();
  for (const v of versions) byName.set(v.name, [...(byName.get(v.name) ?? []), v]);
  return models
    .map((m): ModelSummary => {
      const vs = (byName.get(m.name) ?? []).sort((a, b) => b.version - a.version);
      const inStage = (s: Stage) => vs.filter((v) => v.stage === s).map((v) => v.version);
      return {
        ...m, versionCount: vs.length,
        latest: vs[0] ? { version: vs[0].version, created: vs[0].created, stage: vs[0].stage } : null,
        production: inStage('Production'), staging: inStage('Staging'),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Applies `edit` to the model and records an 'edit' transition with `detail`. */
function editModel(db: DB, name: string, detail: Record<string, unknown>, edit: (m: RegisteredModelRecord) => void): Promise<RegisteredModelRecord> {
  return inTx(db, REGISTRY_STORES, async (tx, touched) => {
    const m = await requireModel(tx, name);
    edit(m);
    m.updated = Date.now();
    await tx.objectStore('registeredModels').put(m);
    await recordTransition(tx, touched, { name, version: null, kind: 'edit', detail, time: m.updated });
    return m;
  });
}

export function setModelDescription(db: DB, name: string, description: string): Promise<RegisteredModelRecord> {
  return editModel(db, name, { field: 'description' }, (m) => { m.description = description; });
}

export function setModelTag(db: DB, name: string, key: string, value: string): Promise<RegisteredModelRecord> {
  checkTag(key, value);
  return editModel(db, name, { field: 'tag', key, value }, (m) => { m.tags = { ...m.tags, [key]: value }; });
}

export function deleteModelTag(db: DB, name: string, key: string): Promise<RegisteredModelRecord> {
  return editModel(db, name, { field: 'tag', key, deleted: true }, (m) => {
    if (!(key in m.tags)) throw new BenchtopError('BAD_REGISTRY', `Model "${name}" has no tag "${key}"; its tags are ${Object.keys(m.tags).join(', ') || '(none)'}.`, { field: 'tag', value: key });
    const { [key]: _gone, ...rest } = m.tags;
    m.tags = rest;
  });
}
