/**
 * How the registry writes: every change runs in one readwrite transaction (aborted as a whole
 * when anything in it throws, so a refused change writes nothing), appends a TransitionRecord to
 * the history, and once committed posts `{model: name}` on the 'benchtop-registry'
 * BroadcastChannel so that serving caches in any tab or worker drop what they hold for it.
 */
import type { IDBPTransaction } from 'idb';
import { BenchtopError } from '../errors';
import { storageError, type DB } from '../store/db';
import type { BenchtopDB, StoreName } from '../store/schema';
import type { ModelVersionRecord, RegisteredModelRecord, TransitionKind, TransitionRecord } from './types';

export const REGISTRY_CHANNEL = 'benchtop-registry';

export type Tx<S extends StoreName[]> = IDBPTransaction<BenchtopDB, S, 'readwrite'>;
/** The stores most registry writes touch. */
export const REGISTRY_STORES: ['registeredModels', 'modelVersions', 'transitions'] = ['registeredModels', 'modelVersions', 'transitions'];
export type RegistryTx = Tx<typeof REGISTRY_STORES>;

/**
 * Runs `fn` in one readwrite transaction over `stores` and waits for the commit. Anything thrown
 * aborts the transaction, so none of its writes land. `fn` must only await IndexedDB requests.
 * `touched` (names of models changed) is announced on the registry channel after the commit.
 */
export async function inTx<S extends StoreName[], T>(db: DB, stores: S, fn: (tx: Tx<S>, touched: Set<string>) => Promise<T>): Promise<T> {
  const tx = db.transaction(stores, 'readwrite') as Tx<S>;
  const touched = new Set<string>();
  let result: T;
  try {
    result = await fn(tx, touched);
    await tx.done;
  } catch (e) {
    try { tx.abort(); } catch { /* already finished */ }
    await tx.done.catch(() => undefined);
    throw storageError(e);
  }
  for (const name of touched) notifyRegistry(name);
  return result;
}

/** Posts `{model: name}` on the registry channel (no-op where BroadcastChannel does not exist). */
export function notifyRegistry(name: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(REGISTRY_CHANNEL);
  try {
    channel.postMessage({ model: name });
  } finally {
    channel.close();
  }
}

type TransitionStore = { objectStore(name: 'transitions'): { add(value: TransitionRecord): Promise<number> } };

/** Appends one transition (its `seq` is given by the store) and marks the model as changed. */
export async function recordTransition(
  tx: TransitionStore, touched: Set<string>,
  t: { name: string; version: number | null; kind: TransitionKind; detail?: Record<string, unknown>; reason?: string; time?: number },
): Promise<TransitionRecord> {
  const rec: TransitionRecord = { name: t.name, version: t.version, kind: t.kind, detail: t.detail ?? {}, reason: (t.reason ?? '').trim(), time: t.time ?? Date.now() };
  rec.seq = await tx.objectStore('transitions').add(rec);
  touched.add(t.name);
  return rec;
}

type ModelStore = { objectStore(name: 'registeredModels'): { get(key: string): Promise<RegisteredModelRecord | undefined> } };
type VersionStore = { objectStore(name: 'modelVersions'): { get(key: [string, number]): Promise<ModelVersionRecord | undefined> } };

/** The registered model, or UNKNOWN_MODEL naming it. */
export async function requireModel(tx: ModelStore, name: string): Promise<RegisteredModelRecord> {
  const m = await tx.objectStore('registeredModels').get(name);
  if (!m) throw new BenchtopError('UNKNOWN_MODEL', `There is no registered model named "${name}".`, { name });
  return m;
}

/** The model version, or UNKNOWN_MODEL naming it. */
export async function requireVersion(tx: VersionStore, name: string, version: number): Promise<ModelVersionRecord> {
  const v = await tx.objectStore('modelVersions').get([name, version]);
  if (!v) throw new BenchtopError('UNKNOWN_MODEL', `Model "${name}" has no version ${version}.`, { name, version });
  return v;
}
