/**
 * Fired alerts, stored in `alerts`: a rule fires when it has broken for its number of consecutive
 * complete windows (rules.ts). One open alert per rule until it is acknowledged, and one streak
 * fires once (an alert remembers the window that completed it), so recomputing windows never
 * duplicates an alert. Each alert keeps the steps its automation took (retraining…); a retraining
 * started by hand is recorded the same way under the reserved rule id 'retrain'.
 */
import { BenchtopError } from '../errors';
import type { DB } from '../store/db';
import { describeRule, streaks } from './rules';
import type { AlertRecord, MonitorRecord, WindowResult } from './types';

/** Rule id of a retraining started by hand (its record holds the steps). */
export const MANUAL_RETRAIN = 'retrain';

/**
 * Alerts the results fire (results of the monitor in time order, enough history for the longest
 * streak). Writes and returns the new ones.
 */
export async function fireAlerts(db: DB, monitor: MonitorRecord, results: readonly WindowResult[], now = Date.now()): Promise<AlertRecord[]> {
  if (!monitor.rules.length || !results.length) return [];
  const tx = db.transaction('alerts', 'readwrite');
  const existing = await tx.store.index('byMonitor').getAll(monitor.id);
  const fired: AlertRecord[] = [];
  for (const rule of monitor.rules) {
    const mine = existing.filter((a) => a.rule === rule.id);
    for (const s of streaks(rule, results)) {
      if (mine.some((a) => a.acknowledged === null)) break;
      const firstStart = results[s.first].start;
      if (mine.some((a) => (a.window ?? -Infinity) >= firstStart)) continue;
      const a: AlertRecord = {
        id: crypto.randomUUID(), monitor: monitor.id, rule: rule.id, metric: rule.metric, value: s.value, threshold: rule.threshold,
        fired: now, window: results[s.at].start, acknowledged: null,
        actions: [{ time: now, step: 'fired', detail: `${describeRule(rule)}: ${rule.metric} was ${fmt(s.value)} in the window starting ${new Date(results[s.at].start).toISOString()}` }],
      };
      mine.push(a);
      fired.push(a);
      void tx.store.add(a);
    }
  }
  await tx.done;
  return fired;
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/** Alerts newest first; of one monitor, and only open (unacknowledged) ones when asked. */
export async function listAlerts(db: DB, filter: { monitor?: string; open?: boolean } = {}): Promise<AlertRecord[]> {
  const all = filter.monitor ? await db.getAllFromIndex('alerts', 'byMonitor', filter.monitor) : await db.getAll('alerts');
  return all.filter((a) => !filter.open || a.acknowledged === null).sort((a, b) => b.fired - a.fired);
}

export async function getAlert(db: DB, id: string): Promise<AlertRecord | undefined> {
  return db.get('alerts', id);
}

/** Applies `change` to a stored alert in one transaction. */
async function updateAlert(db: DB, id: string, change: (a: AlertRecord) => void): Promise<AlertRecord> {
  const tx = db.transaction('alerts', 'readwrite');
  const a = await tx.store.get(id);
  if (!a) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new BenchtopError('NOT_FOUND', `There is no alert ${id}: it may have been deleted with its monitor.`, { id });
  }
  change(a);
  await tx.store.put(a);
  await tx.done;
  return a;
}

/** Acknowledges an alert (its rule may fire again on a later streak); `note` is recorded as a step. */
export function acknowledgeAlert(db: DB, id: string, note = '', now = Date.now()): Promise<AlertRecord> {
  return updateAlert(db, id, (a) => {
    if (a.acknowledged !== null) return;
    a.acknowledged = now;
    a.actions.push({ time: now, step: 'acknowledged', detail: note.trim() || 'Acknowledged.' });
  });
}

/** Appends one step to an alert's record. */
export function appendAction(db: DB, id: string, step: string, detail: string, now = Date.now()): Promise<AlertRecord> {
  return updateAlert(db, id, (a) => { a.actions.push({ time: now, step, detail }); });
}

/** A record for a retraining started by hand (closed at once; its steps follow). */
export async function manualRecord(db: DB, monitor: string, reason: string, now = Date.now()): Promise<AlertRecord> {
  const a: AlertRecord = {
    id: crypto.randomUUID(), monitor, rule: MANUAL_RETRAIN, metric: 'retrain', value: 0, threshold: 0, fired: now, acknowledged: now,
    actions: [{ time: now, step: 'requested', detail: reason.trim() || 'Retraining started by hand.' }],
  };
  await db.add('alerts', a);
  return a;
}
