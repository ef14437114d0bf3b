/**
 * Window results in the `monitorResults` store, keyed [monitor, window start]: read over a range,
 * and replaced over a range in one transaction (a recompute deletes the results it supersedes, so
 * windows cut differently never overlap), and posted on the 'benchtop-monitor' channel so open
 * pages refresh.
 */
import type { DB } from '../store/db';
import type { AlertRecord, WindowResult } from './types';

export const MONITOR_CHANNEL = 'benchtop-monitor';

/** What the channel carries: new or recomputed results of a monitor, or a fired alert. */
export type MonitorMessage =
  | { kind: 'results'; monitor: string; starts: number[] }
  | { kind: 'alert'; monitor: string; alert: AlertRecord };

export function postMonitor(msg: MonitorMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(MONITOR_CHANNEL);
  ch.postMessage(msg);
  ch.close();
}

const keys = (monitor: string, from = -Infinity, to = Infinity) => IDBKeyRange.bound([monitor, from], [monitor, to]);

/** Results of a monitor whose window starts in [from, to], oldest first. */
export async function readResults(db: DB, monitor: string, range: { from?: number; to?: number } = {}): Promise<WindowResult[]> {
  return db.getAll('monitorResults', keys(monitor, range.from ?? -Infinity, range.to ?? Infinity));
}

/** The latest stored result of a monitor, if any. */
export async function lastResult(db: DB, monitor: string): Promise<WindowResult | undefined> {
  const c = await db.transaction('monitorResults').store.openCursor(keys(monitor), 'prev');
  return c?.value;
}

/** The stored window that starts at or before `time` (the one a row at `time` belongs to), if any. */
export async function resultAtOrBefore(db: DB, monitor: string, time: number): Promise<WindowResult | undefined> {
  const c = await db.transaction('monitorResults').store.openCursor(keys(monitor, -Infinity, time), 'prev');
  return c?.value;
}

/** Deletes results starting in [from, to] and writes `results`, in one transaction. */
export async function replaceResults(db: DB, monitor: string, from: number, to: number, results: readonly WindowResult[]): Promise<void> {
  const tx = db.transaction('monitorResults', 'readwrite', { durability: 'relaxed' });
  void tx.store.delete(keys(monitor, from, to));
  for (const r of results) void tx.store.put(r);
  await tx.done;
}
