/**
 * Deployments: how requests to an endpoint `model@alias` are routed between versions (routing.ts).
 * This file creates, checks, reads and updates them; deployment-actions.ts holds the changes
 * (share, switch, rollback, stop, start, edit, delete).
 * Every change runs in one readwrite transaction that also checks the registry (the model, its
 * aliases and versions exist), appends an event to the deployment's history, and after the commit
 * posts `{model}` on the 'benchtop-registry' BroadcastChannel so serving caches everywhere drop
 * what they hold. At most one deployment per endpoint is active. A refused change writes nothing.
 */
import { BenchtopError } from '../errors';
import { requireModel } from '../registry/tx';
import { ALIAS_PATTERN, type RegisteredModelRecord } from '../registry/types';
import type { DB } from '../store/db';
import { inDeploymentTx, type DeploymentTx } from './deployment-tx';
import { refText } from './routing';
import { STRATEGIES, type DeploymentRecord, type Strategy, type VersionRef } from './types';

export interface DeploymentInput {
  name?: string;
  model: string;
  alias: string;
  strategy: Strategy;
  primary: VersionRef;
  candidate?: VersionRef | null;
  canaryPercent?: number;
  stickyKey?: string | null;
  live?: 'blue' | 'green';
  suite?: [string, number] | null;
}

export const bad = (message: string, detail: Record<string, unknown> = {}): never => { throw new BenchtopError('BAD_DEPLOYMENT', message, detail); };

/** The version a reference names now, checked against the registry. */
async function resolveRef(tx: DeploymentTx, m: RegisteredModelRecord, ref: VersionRef | null | undefined, what: string): Promise<number> {
  if (!ref || typeof ref !== 'object') return bad(`The ${what} version is required: give {alias} or {version}.`, { field: what });
  if ('alias' in ref) {
    const v = m.aliases[ref.alias];
    if (v === undefined) bad(`Model "${m.name}" has no alias "${ref.alias}" for the ${what}; its aliases are ${Object.keys(m.aliases).join(', ') || '(none)'}.`, { field: what, alias: ref.alias, aliases: Object.keys(m.aliases) });
    return v;
  }
  if (!Number.isInteger(ref.version) || !(await tx.objectStore('modelVersions').get([m.name, ref.version]))) {
    bad(`Model "${m.name}" has no version ${String(ref.version)} for the ${what}.`, { field: what, version: ref.version });
  }
  return ref.version;
}

const sameRef = (a: VersionRef, b: VersionRef): boolean => ('alias' in a && 'alias' in b ? a.alias === b.alias : 'version' in a && 'version' in b && a.version === b.version);

export function checkPercent(p: unknown): number {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) bad(`The canary share must be a number from 0 to 100; got ${JSON.stringify(p)}.`, { field: 'canaryPercent', value: p });
  return p as number;
}

/** The active deployment of an endpoint other than `except`, if any. */
async function activeOn(tx: DeploymentTx, model: string, alias: string, except?: string): Promise<DeploymentRecord | undefined> {
  const all = await tx.objectStore('deployments').index('byEndpoint').getAll([model, alias]);
  return all.find((d) => d.status === 'active' && d.id !== except);
}

/** Checks a whole deployment against the registry (used on create, edit and start). */
export async function check(tx: DeploymentTx, d: DeploymentRecord): Promise<void> {
  if (!STRATEGIES.includes(d.strategy)) bad(`Unknown strategy ${JSON.stringify(d.strategy)}; strategies are ${STRATEGIES.join(', ')}.`, { field: 'strategy', choices: STRATEGIES });
  if (typeof d.alias !== 'string' || !ALIAS_PATTERN.test(d.alias)) bad(`The endpoint alias ${JSON.stringify(d.alias)} is not valid: lower-case letters, digits, '-' and '_', starting with a letter (e.g. champion).`, { field: 'alias' });
  const m = await requireModel(tx, d.model);
  const primary = await resolveRef(tx, m, d.primary, 'primary');
  if (d.strategy === 'single') d.candidate = null;
  else {
    if (!d.candidate) bad(`A ${d.strategy} deployment needs a candidate version besides the primary.`, { field: 'candidate', strategy: d.strategy });
    await resolveRef(tx, m, d.candidate, 'candidate');
    if (sameRef(d.primary, d.candidate!)) bad(`The candidate (${refText(d.candidate!)}) is the primary itself: choose another version.`, { field: 'candidate' });
  }
  checkPercent(d.canaryPercent);
  if (d.stickyKey) {
    const v = await tx.objectStore('modelVersions').get([m.name, primary]);
    const inputs = v?.signature.inputs.map((i) => i.name) ?? [];
    if (!inputs.includes(d.stickyKey)) bad(`The sticky key "${d.stickyKey}" is not an input column of ${m.name} v${primary}; inputs are ${inputs.join(', ')}.`, { field: 'stickyKey', choices: inputs });
  }
  if (d.live !== 'blue' && d.live !== 'green') bad(`The live side must be "blue" or "green"; got ${JSON.stringify(d.live)}.`, { field: 'live' });
  if (d.suite && !(await tx.objectStore('suites').get(d.suite))) bad(`There is no validation suite ${d.suite[0]} version ${d.suite[1]}.`, { field: 'suite' });
  if (d.status === 'active') {
    const other = await activeOn(tx, d.model, d.alias, d.id);
    if (other) bad(`The endpoint ${d.model}@${d.alias} already has an active deployment, "${other.name}": stop it first.`, { field: 'alias', deployment: other.id });
  }
}

export async function createDeployment(db: DB, input: DeploymentInput): Promise<DeploymentRecord> {
  const now = Date.now();
  const d: DeploymentRecord = {
    id: crypto.randomUUID(), name: (input.name ?? '').trim() || `${input.model}@${input.alias} (${input.strategy})`,
    model: input.model, alias: input.alias, strategy: input.strategy, primary: input.primary, candidate: input.candidate ?? null,
    canaryPercent: input.canaryPercent ?? (input.strategy === 'canary' ? 10 : 0), stickyKey: input.stickyKey || null,
    live: input.live ?? 'blue', suite: input.suite ?? null, status: 'active', history: [], created: now, updated: now,
  };
  return inDeploymentTx(db, d.model, async (tx) => {
    await check(tx, d);
    const what = d.strategy === 'canary' ? `, ${d.canaryPercent}% to ${refText(d.candidate!)}` : d.candidate ? `, candidate ${refText(d.candidate)}` : '';
    d.history.push({ time: now, action: 'create', detail: `${d.strategy} on ${d.model}@${d.alias}: primary ${refText(d.primary)}${what}` });
    await tx.objectStore('deployments').add(d);
    return d;
  });
}

/** Applies `change` to a stored deployment and records `action` (change returns the event's detail, or null for no change). */
export async function update(db: DB, id: string, action: string, change: (d: DeploymentRecord, tx: DeploymentTx) => Promise<string | null> | string | null): Promise<DeploymentRecord> {
  const model = (await db.get('deployments', id))?.model;
  if (!model) return bad(`There is no deployment ${id}.`, { id });
  return inDeploymentTx(db, model, async (tx) => {
    const d = await tx.objectStore('deployments').get(id);
    if (!d) return bad(`There is no deployment ${id}.`, { id });
    const detail = await change(d, tx);
    if (detail === null) return d;
    d.updated = Date.now();
    d.history.push({ time: d.updated, action, detail });
    await tx.objectStore('deployments').put(d);
    return d;
  });
}

export async function getDeployment(db: DB, id: string): Promise<DeploymentRecord | undefined> {
  return db.get('deployments', id);
}

/** Deployments, newest first; optionally of one model (and alias) or status. */
export async function listDeployments(db: DB, filter: { model?: string; alias?: string; status?: 'active' | 'stopped' } = {}): Promise<DeploymentRecord[]> {
  const all = filter.model && filter.alias ? await db.getAllFromIndex('deployments', 'byEndpoint', [filter.model, filter.alias]) : await db.getAll('deployments');
  return all.filter((d) => (!filter.model || d.model === filter.model) && (!filter.status || d.status === filter.status)).sort((a, b) => b.created - a.created);
}

/** The active deployment of `model@alias`, or null. */
export async function activeDeployment(db: DB, model: string, alias: string): Promise<DeploymentRecord | null> {
  return (await db.getAllFromIndex('deployments', 'byEndpoint', [model, alias])).find((d) => d.status === 'active') ?? null;
}
