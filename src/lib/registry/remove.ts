/**
 * Deleting versions and models, with the guards production teams expect: nothing that serves
 * traffic can disappear under it. A version in Production or Staging, one an alias points at, or
 * one an active deployment routes to by number is refused; so is a model with a version in
 * Production or Staging, a champion alias, or an active deployment. The history stays (the
 * 'delete' transition names what went), and version numbers are never given again.
 */
import { BenchtopError } from '../errors';
import type { DB } from '../store/db';
import type { DeploymentRecord } from '../serve/types';
import { CHAMPION } from './rules';
import { inTx, recordTransition, requireModel, requireVersion, type Tx } from './tx';

const STORES: ['registeredModels', 'modelVersions', 'transitions', 'deployments'] = ['registeredModels', 'modelVersions', 'transitions', 'deployments'];
type DeleteTx = Tx<typeof STORES>;

async function activeDeployments(tx: DeleteTx, name: string): Promise<DeploymentRecord[]> {
  const all = await tx.objectStore('deployments').index('byEndpoint').getAll(IDBKeyRange.bound([name], [name, []]));
  return all.filter((d) => d.status === 'active');
}

const refuse = (message: string, detail: Record<string, unknown>): never => {
  throw new BenchtopError('BAD_REGISTRY', message, detail);
};

export async function deleteVersion(db: DB, name: string, version: number, reason = ''): Promise<void> {
  await inTx(db, STORES, async (tx, touched) => {
    const model = await requireModel(tx, name);
    const v = await requireVersion(tx, name, version);
    if (v.stage === 'Production' || v.stage === 'Staging') {
      refuse(`Version ${version} of "${name}" is in ${v.stage}: move it to Archived (or None) before deleting it.`, { name, version, stage: v.stage });
    }
    const aliases = Object.entries(model.aliases).filter(([, n]) => n === version).map(([a]) => a);
    if (aliases.length) {
      refuse(`Version ${version} of "${name}" is what ${aliases.map((a) => `@${a}`).join(', ')} point${aliases.length === 1 ? 's' : ''} to: move or remove ${aliases.length === 1 ? 'that alias' : 'those aliases'} before deleting it.`, { name, version, aliases });
    }
    const routed = (await activeDeployments(tx, name)).filter((d) => [d.primary, d.candidate].some((r) => r && 'version' in r && r.version === version));
    if (routed.length) {
      refuse(`Version ${version} of "${name}" receives traffic from the active deployment${routed.length > 1 ? 's' : ''} ${routed.map((d) => `"${d.name}"`).join(', ')}: stop or change ${routed.length > 1 ? 'them' : 'it'} first.`, { name, version, deployments: routed.map((d) => d.id) });
    }
    await tx.objectStore('modelVersions').delete([name, version]);
    const now = Date.now();
    await tx.objectStore('registeredModels').put({ ...model, updated: now });
    await recordTransition(tx, touched, { name, version, kind: 'delete', detail: { what: 'version', runId: v.source.runId, latestVersion: model.latestVersion }, reason, time: now });
  });
}

export async function deleteModel(db: DB, name: string, reason = ''): Promise<{ versions: number[] }> {
  return inTx(db, STORES, async (tx, touched) => {
    const model = await requireModel(tx, name);
    const versions = await tx.objectStore('modelVersions').index('byName').getAll(name);
    const serving = versions.filter((v) => v.stage === 'Production' || v.stage === 'Staging');
    if (serving.length) {
      refuse(`"${name}" has ${serving.map((v) => `version ${v.version} in ${v.stage}`).join(', ')}: archive ${serving.length > 1 ? 'them' : 'it'} before deleting the model.`, { name, versions: serving.map((v) => v.version) });
    }
    if (model.aliases[CHAMPION] !== undefined) {
      refuse(`"${name}" has a champion (version ${model.aliases[CHAMPION]}), which serving answers ${name}@${CHAMPION} with: remove the alias before deleting the model.`, { name, alias: CHAMPION });
    }
    const active = await activeDeployments(tx, name);
    if (active.length) {
      refuse(`"${name}" is served by the active deployment${active.length > 1 ? 's' : ''} ${active.map((d) => `"${d.name}" (@${d.alias})`).join(', ')}: stop ${active.length > 1 ? 'them' : 'it'} before deleting the model.`, { name, deployments: active.map((d) => d.id) });
    }
    for (const v of versions) await tx.objectStore('modelVersions').delete([name, v.version]);
    await tx.objectStore('registeredModels').delete(name);
    const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
    await recordTransition(tx, touched, {
      name, version: null, kind: 'delete', detail: { what: 'model', versions: numbers, aliases: model.aliases, latestVersion: model.latestVersion }, reason,
    });
    return { versions: numbers };
  });
}
