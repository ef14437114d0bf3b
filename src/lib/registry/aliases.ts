/**
 * Aliases: names that point at one version each (`champion`, `challenger`, any valid name), what
 * serving resolves (`name@alias`). Setting an alias that points elsewhere moves it; the
 * transition records from → to. Making a version `champion` goes through the promotion rule
 * (promotion.ts). Every change is announced on the registry channel.
 */
import { BenchtopError } from '../errors';
import type { DB } from '../store/db';
import { authorizePromotion, type PromotionOptions } from './promotion';
import { CHAMPION, checkAlias, checkVersionNumber } from './rules';
import { inTx, recordTransition, requireModel, requireVersion, REGISTRY_STORES } from './tx';
import type { RegisteredModelRecord } from './types';

export type AliasOptions = PromotionOptions;

/** Points `alias` at `version` (moving it when it pointed elsewhere). */
export async function setAlias(db: DB, name: string, alias: string, version: number, opts: AliasOptions = {}): Promise<RegisteredModelRecord> {
  checkAlias(alias);
  checkVersionNumber(version);
  return inTx(db, REGISTRY_STORES, async (tx, touched) => {
    const model = await requireModel(tx, name);
    await requireVersion(tx, name, version);
    const from = model.aliases[alias] ?? null;
    if (from === version) return model;
    const gate = alias === CHAMPION ? await authorizePromotion(tx, touched, { model, version, target: `@${CHAMPION}`, held: from !== null }, opts) : {};
    const now = Date.now();
    const next: RegisteredModelRecord = { ...model, aliases: { ...model.aliases, [alias]: version }, updated: now };
    await tx.objectStore('registeredModels').put(next);
    await recordTransition(tx, touched, { name, version, kind: 'alias-set', detail: { alias, from, to: version, ...gate }, reason: opts.reason, time: now });
    return next;
  });
}

/** Removes `alias` from the model; the transition records the version it pointed at. */
export async function removeAlias(db: DB, name: string, alias: string, reason = ''): Promise<RegisteredModelRecord> {
  return inTx(db, ALIAS_STORES, async (tx, touched) => {
    const model = await requireModel(tx, name);
    const from = model.aliases[alias];
    if (from === undefined) {
      const names = Object.keys(model.aliases);
      throw new BenchtopError('BAD_REGISTRY', `"${name}" has no alias "${alias}"; its aliases are ${names.map((a) => `@${a}`).join(', ') || '(none)'}.`, { name, alias, choices: names });
    }
    // An active deployment answering for the alias, or routing an arm to it, would fail its requests.
    const deployments = await tx.objectStore('deployments').index('byEndpoint').getAll(IDBKeyRange.bound([name], [name, []]));
    const uses = deployments.filter((d) => d.status === 'active' && (d.alias === alias || [d.primary, d.candidate].some((r) => r !== null && 'alias' in r && r.alias === alias)));
    if (uses.length) {
      throw new BenchtopError('BAD_REGISTRY', `@${alias} of "${name}" is used by the active deployment${uses.length > 1 ? 's' : ''} ${uses.map((d) => `"${d.name}"`).join(', ')}: stop or change ${uses.length > 1 ? 'them' : 'it'} first.`, { name, alias, deployments: uses.map((d) => d.id) });
    }
    const { [alias]: _removed, ...aliases } = model.aliases;
    const now = Date.now();
    const next: RegisteredModelRecord = { ...model, aliases, updated: now };
    await tx.objectStore('registeredModels').put(next);
    await recordTransition(tx, touched, { name, version: from, kind: 'alias-removed', detail: { alias, from }, reason, time: now });
    return next;
  });
}

/** The registry stores plus deployments (read to refuse removing an alias in use). */
const ALIAS_STORES: ['registeredModels', 'modelVersions', 'transitions', 'deployments'] = ['registeredModels', 'modelVersions', 'transitions', 'deployments'];

/** The version an alias points at, or UNKNOWN_MODEL naming the aliases there are. */
export async function resolveAlias(db: DB, name: string, alias: string): Promise<number> {
  const model = await db.get('registeredModels', name);
  if (!model) throw new BenchtopError('UNKNOWN_MODEL', `There is no registered model named "${name}".`, { name });
  const v = model.aliases[alias];
  if (v === undefined) {
    const names = Object.keys(model.aliases);
    throw new BenchtopError('UNKNOWN_MODEL', `"${name}" has no alias "${alias}"; its aliases are ${names.map((a) => `@${a}`).join(', ') || '(none)'}.`, { name, alias, choices: names });
  }
  return v;
}
