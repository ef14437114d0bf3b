/**
 * Changes to a deployment, each one recorded in its history (deployments.ts `update`): the canary
 * share, the blue-green live side and its rollback, stop and start, edits, and deleting a stopped one.
 */
import type { DB } from '../store/db';
import { inDeploymentTx } from './deployment-tx';
import { bad, check, checkPercent, update } from './deployments';
import { refText } from './routing';
import type { DeploymentRecord, VersionRef } from './types';

export function setCanaryPercent(db: DB, id: string, percent: number): Promise<DeploymentRecord> {
  return update(db, id, 'share', (d) => {
    if (d.strategy !== 'canary') bad(`Deployment "${d.name}" is ${d.strategy}; only canary deployments have a share.`, { id });
    const before = d.canaryPercent;
    d.canaryPercent = checkPercent(percent);
    return before === percent ? null : `canary share ${before}% → ${percent}%`;
  });
}

/** Blue-green: makes `to` (default: the other side) live. */
export function switchLive(db: DB, id: string, to?: 'blue' | 'green'): Promise<DeploymentRecord> {
  return update(db, id, 'switch', (d) => {
    if (d.strategy !== 'blue-green') bad(`Deployment "${d.name}" is ${d.strategy}; only blue-green deployments switch sides.`, { id });
    const next = to ?? (d.live === 'blue' ? 'green' : 'blue');
    if (next !== 'blue' && next !== 'green') bad(`The live side must be "blue" or "green"; got ${JSON.stringify(to)}.`, { field: 'live' });
    if (next === d.live) return null;
    const before = d.live;
    d.live = next;
    return `live ${before} → ${next} (${refText(next === 'blue' ? d.primary : d.candidate!)})`;
  });
}

/** Blue-green: back to the side that was live before the last switch. Canary: share to 0 (all to primary). */
export function rollbackDeployment(db: DB, id: string): Promise<DeploymentRecord> {
  return update(db, id, 'rollback', (d) => {
    if (d.strategy === 'canary') {
      if (d.canaryPercent === 0) return null;
      const before = d.canaryPercent;
      d.canaryPercent = 0;
      return `canary share ${before}% → 0%: every request to the primary (${refText(d.primary)})`;
    }
    if (d.strategy !== 'blue-green') bad(`Deployment "${d.name}" is ${d.strategy}: there is no live side or share to roll back; stop it instead.`, { id });
    if (!d.history.some((e) => e.action === 'switch' || e.action === 'rollback')) bad(`Deployment "${d.name}" was never switched: there is no previous live side to return to.`, { id });
    const before = d.live;
    d.live = before === 'blue' ? 'green' : 'blue';
    return `rolled back: live ${before} → ${d.live} (${refText(d.live === 'blue' ? d.primary : d.candidate!)})`;
  });
}

export function stopDeployment(db: DB, id: string): Promise<DeploymentRecord> {
  return update(db, id, 'stop', (d) => {
    if (d.status === 'stopped') return null;
    d.status = 'stopped';
    return `stopped: ${d.model}@${d.alias} answers with the alias's version`;
  });
}

export function startDeployment(db: DB, id: string): Promise<DeploymentRecord> {
  return update(db, id, 'start', async (d, tx) => {
    if (d.status === 'active') return null;
    d.status = 'active';
    await check(tx, d);
    return 'started';
  });
}

export interface DeploymentEdit {
  name?: string;
  candidate?: VersionRef | null;
  primary?: VersionRef;
  stickyKey?: string | null;
  suite?: [string, number] | null;
}

export function editDeployment(db: DB, id: string, edit: DeploymentEdit): Promise<DeploymentRecord> {
  return update(db, id, 'edit', async (d, tx) => {
    const parts: string[] = [];
    if (edit.name !== undefined && edit.name.trim() && edit.name.trim() !== d.name) { parts.push(`name "${d.name}" → "${edit.name.trim()}"`); d.name = edit.name.trim(); }
    if (edit.primary) { parts.push(`primary ${refText(d.primary)} → ${refText(edit.primary)}`); d.primary = edit.primary; }
    if (edit.candidate !== undefined) { parts.push(`candidate ${d.candidate ? refText(d.candidate) : 'none'} → ${edit.candidate ? refText(edit.candidate) : 'none'}`); d.candidate = edit.candidate; }
    if (edit.stickyKey !== undefined) { parts.push(`sticky key ${d.stickyKey ?? 'none'} → ${edit.stickyKey || 'none'}`); d.stickyKey = edit.stickyKey || null; }
    if (edit.suite !== undefined) { parts.push(`suite ${d.suite ? d.suite.join(' v') : 'none'} → ${edit.suite ? edit.suite.join(' v') : 'none'}`); d.suite = edit.suite; }
    if (!parts.length) return null;
    await check(tx, d);
    return parts.join('; ');
  });
}

/** Deletes a stopped deployment (its logged predictions stay). */
export async function deleteDeployment(db: DB, id: string): Promise<void> {
  const d = await db.get('deployments', id);
  if (!d) return bad(`There is no deployment ${id}.`, { id });
  if (d.status === 'active') bad(`Deployment "${d.name}" is active: stop it before deleting it.`, { id });
  await inDeploymentTx(db, d.model, (tx) => tx.objectStore('deployments').delete(id));
}
