/**
 * Monitors: settings kept in the `monitors` store, checked on every write (BAD_MONITOR names the
 * field and the valid choices). A monitor watches a deployment (a DeploymentRecord id, or the log
 * key `endpoint:model@alias` of an endpoint answered without one); the version it compares with
 * its reference is the one that endpoint answers with now. Deleting a monitor deletes its window
 * results and alerts.
 */
import { BenchtopError } from '../errors';
import type { ModelVersionRecord } from '../registry/types';
import type { DB } from '../store/db';
import type { DeploymentRecord } from '../serve/types';
import { watchable } from './columns';
import { checkColumnSetting } from './drift';
import { checkRule } from './rules';
import type { AlertRule, Automation, ColumnSetting, MonitorRecord, ReferenceSpec, WindowSpec } from './types';
import { checkWindow } from './windows';

export const AUTOMATIONS: readonly Automation[] = ['alert', 'suggest', 'automatic'];
export const DEFAULT_WINDOW: WindowSpec = { kind: 'last', n: 500 };
export const DEFAULT_SHARE = 0.5;

export interface MonitorInput {
  name?: string;
  deployment: string;
  reference?: ReferenceSpec;
  window?: WindowSpec;
  /** Watched columns with optional test and threshold; default: every watchable signature input. */
  columns?: ColumnSetting[];
  datasetShare?: number;
  /** Rules (ids are given to new ones); default: dataset drift share ≥ datasetShare for 2 windows. */
  rules?: (Omit<AlertRule, 'id'> & { id?: string })[];
  automation?: Automation;
  retrainVersion?: string | null;
}

export type MonitorPatch = Partial<Omit<MonitorInput, 'deployment'>>;

const bad = (message: string, detail: Record<string, unknown> = {}): never => { throw new BenchtopError('BAD_MONITOR', message, detail); };

/** The endpoint a deployment key answers: its model and alias, and the deployment record when there is one. */
export async function endpointOf(db: DB, deployment: string): Promise<{ model: string; alias: string; record: DeploymentRecord | null }> {
  const m = /^endpoint:(.+)@([^@]+)$/.exec(deployment);
  if (m) return { model: m[1], alias: m[2], record: null };
  const d = await db.get('deployments', deployment);
  if (!d) {
    const ids = (await db.getAll('deployments')).map((x) => `${x.id} (${x.name})`);
    return bad(`There is no deployment "${deployment}"; give a deployment id or an endpoint as endpoint:model@alias. Deployments: ${ids.join(', ') || '(none)'}.`, { field: 'deployment' });
  }
  return { model: d.model, alias: d.alias, record: d };
}

/**
 * The version the monitored endpoint answers with now: the deployment's primary (blue-green: the
 * live side); when the deployment is stopped, the endpoint's active deployment or else its alias.
 */
export async function servedVersion(db: DB, deployment: string): Promise<ModelVersionRecord> {
  const { model, alias, record: given } = await endpointOf(db, deployment);
  const record = given?.status === 'active' ? given : (await db.getAllFromIndex('deployments', 'byEndpoint', [model, alias])).find((d) => d.status === 'active') ?? null;
  const m = await db.get('registeredModels', model);
  if (!m) return bad(`The monitored model "${model}" is no longer registered.`, { field: 'deployment', model });
  const ref = record ? (record.strategy === 'blue-green' && record.live === 'green' && record.candidate ? record.candidate : record.primary) : { alias };
  const version = 'version' in ref ? ref.version : m.aliases[ref.alias];
  if (version === undefined) return bad(`${model}@${'alias' in ref ? ref.alias : '?'} points at no version; its aliases are ${Object.keys(m.aliases).join(', ') || '(none)'}.`, { field: 'deployment', model });
  const v = await db.get('modelVersions', [model, version]);
  if (!v) return bad(`${model} has no version ${version}.`, { field: 'deployment', model, version });
  return v;
}

async function checkReference(db: DB, r: ReferenceSpec | undefined): Promise<ReferenceSpec> {
  if (r === undefined) return { kind: 'training' };
  if (r?.kind === 'training') return { kind: 'training' };
  if (r?.kind === 'version') {
    if (typeof r.versionId !== 'string' || !(await db.get('datasetVersions', r.versionId))) bad(`There is no dataset version ${JSON.stringify(r.versionId)} to use as the reference.`, { field: 'reference.versionId' });
    return { kind: 'version', versionId: r.versionId };
  }
  if (r?.kind === 'log') {
    if (!Number.isFinite(r.from) || !Number.isFinite(r.to) || r.from >= r.to) bad('A reference range of the log needs times from < to (ms since the epoch).', { field: 'reference.from' });
    return { kind: 'log', from: r.from, to: r.to };
  }
  return bad(`The reference kind must be training, version or log; got ${JSON.stringify((r as { kind?: unknown })?.kind)}.`, { field: 'reference.kind', choices: ['training', 'version', 'log'] });
}

/** A whole record, checked against the registry and the dataset store. */
async function checked(db: DB, id: string, input: MonitorInput, created: number): Promise<MonitorRecord> {
  const { model, alias } = await endpointOf(db, input.deployment);
  const v = await servedVersion(db, input.deployment);
  const inputs = v.signature.inputs.filter(watchable);
  const names = inputs.map((i) => i.name);
  const columns = (input.columns ?? inputs.map((i) => ({ column: i.name }))).map((c) => {
    const i = inputs.find((x) => x.name === c?.column);
    if (!i) return bad(`"${c?.column}" is not a watchable input of ${model} v${v.version}; inputs are ${names.join(', ')}.`, { field: 'columns', choices: names });
    return checkColumnSetting(c, i);
  });
  if (new Set(columns.map((c) => c.column)).size !== columns.length) bad('A column is listed twice in the watched columns.', { field: 'columns' });
  const share = input.datasetShare ?? DEFAULT_SHARE;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) bad(`The dataset drift share must be a number in (0, 1]; got ${JSON.stringify(share)}.`, { field: 'datasetShare' });
  const rules = (input.rules ?? [{ metric: 'dataset_drift_share', op: '>=', threshold: share, windows: 2 }]).map((r) => checkRule(r, columns.map((c) => c.column)));
  const automation = input.automation ?? 'alert';
  if (!AUTOMATIONS.includes(automation)) bad(`The automation must be one of ${AUTOMATIONS.join(', ')}; got ${JSON.stringify(automation)}.`, { field: 'automation', choices: AUTOMATIONS });
  const retrainVersion = input.retrainVersion ?? null;
  if (retrainVersion !== null && !(await db.get('datasetVersions', retrainVersion))) bad(`There is no dataset version ${JSON.stringify(retrainVersion)} to retrain on.`, { field: 'retrainVersion' });
  const now = Date.now();
  return {
    id, name: (input.name ?? '').trim() || `${model}@${alias} monitor`, deployment: input.deployment, model,
    reference: await checkReference(db, input.reference), window: checkWindow(input.window ?? DEFAULT_WINDOW), columns, datasetShare: share,
    rules, automation, retrainVersion, created, updated: now,
  };
}

export async function createMonitor(db: DB, input: MonitorInput): Promise<MonitorRecord> {
  const m = await checked(db, crypto.randomUUID(), input, Date.now());
  await db.add('monitors', m);
  return m;
}

export async function getMonitor(db: DB, id: string): Promise<MonitorRecord | undefined> {
  return db.get('monitors', id);
}

export async function requireMonitor(db: DB, id: string): Promise<MonitorRecord> {
  const m = await db.get('monitors', id);
  if (!m) throw new BenchtopError('NOT_FOUND', `There is no monitor ${id}: it may have been deleted.`, { id });
  return m;
}

/** Monitors, newest first; of one deployment or model when asked. */
export async function listMonitors(db: DB, filter: { deployment?: string; model?: string } = {}): Promise<MonitorRecord[]> {
  const all = filter.deployment ? await db.getAllFromIndex('monitors', 'byDeployment', filter.deployment) : await db.getAll('monitors');
  return all.filter((m) => !filter.model || m.model === filter.model).sort((a, b) => b.created - a.created);
}

/** Changes settings (the deployment stays); everything is checked again. Stored results stay until recomputed. */
export async function updateMonitor(db: DB, id: string, patch: MonitorPatch): Promise<MonitorRecord> {
  const m = await requireMonitor(db, id);
  const next = await checked(db, id, { ...m, ...patch, deployment: m.deployment }, m.created);
  await db.put('monitors', next);
  return next;
}

/** Replaces the alert rules (ids are kept for rules that have one, so their alerts stay linked). */
export function setRules(db: DB, id: string, rules: MonitorInput['rules']): Promise<MonitorRecord> {
  return updateMonitor(db, id, { rules: rules ?? [] });
}

/** Deletes a monitor with its window results and alerts, in one transaction. */
export async function deleteMonitor(db: DB, id: string): Promise<void> {
  const tx = db.transaction(['monitors', 'monitorResults', 'alerts'], 'readwrite');
  await tx.objectStore('monitors').delete(id);
  await tx.objectStore('monitorResults').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
  const alerts = tx.objectStore('alerts');
  for (const k of await alerts.index('byMonitor').getAllKeys(id)) await alerts.delete(k);
  await tx.done;
}
