/**
 * Ground-truth labels for logged predictions (feedback that arrives later). A label is stored only
 * for an id the prediction log holds: the log has no id index, so the batches are scanned once
 * (a cursor, stopping as soon as every asked id is found; ~100k logged predictions take a few
 * tens of milliseconds). Unknown ids are reported, not stored. A later label for an id replaces
 * the earlier one. All labels of a call are written in one transaction.
 */
import { BenchtopError } from '../errors';
import type { DB } from '../store/db';
import { PREDICTIONS_CHANNEL } from './log';
import type { LabelRecord } from './types';

export interface LabelInput {
  id: string;
  label: string | number;
}

/** Checks the shape of a list of labels; BAD_REQUEST names the first bad entry. */
export function checkLabels(labels: unknown): LabelInput[] {
  if (!Array.isArray(labels)) throw new BenchtopError('BAD_REQUEST', 'Labels must be a JSON array of {"id": "<prediction id>", "label": <value>} objects.', { got: typeof labels });
  labels.forEach((l, i) => {
    const o = l as Partial<LabelInput> | null;
    if (!o || typeof o !== 'object' || typeof o.id !== 'string' || o.id === '') throw new BenchtopError('BAD_REQUEST', `Label ${i}: "id" must be the prediction id (a non-empty string).`, { index: i });
    if (!(typeof o.label === 'string' || (typeof o.label === 'number' && Number.isFinite(o.label)))) {
      throw new BenchtopError('BAD_REQUEST', `Label ${i} (id ${o.id}): "label" must be a string or a finite number; got ${JSON.stringify(o.label) ?? 'nothing'}.`, { index: i, id: o.id });
    }
  });
  return labels as LabelInput[];
}

/** The ids among `ids` that the prediction log holds. */
export async function knownPredictionIds(db: DB, ids: Iterable<string>, where?: Map<string, string>): Promise<Set<string>> {
  const wanted = new Set(ids), found = new Set<string>();
  if (wanted.size === 0) return found;
  let cursor = await db.transaction('predictions').store.openCursor();
  while (cursor) {
    const before = found.size;
    for (const id of cursor.value.ids) if (wanted.has(id)) found.add(id);
    // The deployments (→ model) the found ids were logged under.
    if (where && found.size > before) where.set(cursor.value.deployment, cursor.value.model);
    if (found.size === wanted.size) break;
    cursor = await cursor.continue();
  }
  return found;
}

export async function attachLabels(db: DB, labels: readonly LabelInput[]): Promise<{ attached: number; unknown: string[] }> {
  checkLabels(labels);
  const where = new Map<string, string>();
  const known = await knownPredictionIds(db, labels.map((l) => l.id), where);
  const time = Date.now(), unknown: string[] = [], records = new Map<string, LabelRecord>();
  for (const l of labels) {
    if (known.has(l.id)) records.set(l.id, { id: l.id, label: l.label, time });
    else unknown.push(l.id);
  }
  if (records.size) {
    const tx = db.transaction('labels', 'readwrite');
    for (const r of records.values()) void tx.store.put(r);
    await tx.done;
    // Monitors of those deployments recompute their windows with the new labels.
    if (typeof BroadcastChannel !== 'undefined') {
      const channel = new BroadcastChannel(PREDICTIONS_CHANNEL);
      for (const [deployment, model] of where) channel.postMessage({ deployment, model, rows: 0, labels: true });
      channel.close();
    }
  }
  return { attached: records.size, unknown };
}

/** Labels of the given prediction ids (those that have one). */
export async function labelsFor(db: DB, ids: readonly string[]): Promise<Map<string, LabelRecord>> {
  const tx = db.transaction('labels');
  const got = await Promise.all(ids.map((id) => tx.store.get(id)));
  return new Map(got.filter((r): r is LabelRecord => r !== undefined).map((r) => [r.id, r]));
}
