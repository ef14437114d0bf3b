/**
 * Monitoring windows: how the rows of the prediction log (sorted by time) are cut into the windows
 * a monitor scores.
 * - last N: consecutive windows of N predictions from the first row of the range; the last one is
 *   the open ("current") window until it holds N.
 * - period hour/day/week: calendar periods in UTC by prediction time (weeks start on Monday
 *   00:00 UTC); a window is open until its period has ended.
 * - chunks N: the range cut into N windows of equal row counts (never open).
 * Predictions logged at the same instant (one request) always stay in one window, so a window of
 * N may hold a few more rows than N, and every window's start time is unique (the start is the key
 * of its stored result).
 */
import { BenchtopError } from '../errors';
import type { WindowSpec } from './types';

export const PERIOD_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
export const PERIODS = Object.keys(PERIOD_MS) as (keyof typeof PERIOD_MS)[];
export const WINDOW_KINDS = ['last', 'period', 'chunks'] as const;
/** Largest N for 'last' and 'chunks'. */
export const MAX_WINDOW_ROWS = 10_000_000;
export const MAX_CHUNKS = 1000;
/** 1970-01-05 was a Monday. */
const MONDAY = 4 * 86_400_000;

/** One window: rows [from, to) of the sorted rows, its start and end times, and whether it is still open. */
export interface WindowSlice {
  from: number;
  to: number;
  start: number;
  end: number;
  partial: boolean;
}

const bad = (message: string, detail: Record<string, unknown>): never => { throw new BenchtopError('BAD_MONITOR', message, detail); };

/** Checks a window spec; BAD_MONITOR names the field and the valid choices. */
export function checkWindow(w: unknown): WindowSpec {
  const s = w as Partial<WindowSpec> | null;
  if (!s || typeof s !== 'object' || !WINDOW_KINDS.includes(s.kind as never)) {
    return bad(`The window kind must be one of ${WINDOW_KINDS.join(', ')}; got ${JSON.stringify(s?.kind)}.`, { field: 'window', part: 'kind', choices: WINDOW_KINDS });
  }
  if (s.kind === 'period') {
    if (!PERIODS.includes(s.period as never)) bad(`The window period must be one of ${PERIODS.join(', ')}; got ${JSON.stringify(s.period)}.`, { field: 'window', part: 'period', choices: PERIODS });
    return { kind: 'period', period: s.period! };
  }
  const n = (s as { n?: unknown }).n, max = s.kind === 'chunks' ? MAX_CHUNKS : MAX_WINDOW_ROWS;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    bad(`The window's n (${s.kind === 'last' ? 'predictions per window' : 'number of chunks'}) must be a whole number from 1 to ${max}; got ${JSON.stringify(n)}.`, { field: 'window', part: 'n', min: 1, max });
  }
  return { kind: s.kind as 'last' | 'chunks', n: n as number };
}

/** The start of the calendar period holding `t` (UTC). */
export function periodStart(t: number, period: keyof typeof PERIOD_MS): number {
  const len = PERIOD_MS[period];
  if (period === 'week') return Math.floor((t - MONDAY) / len) * len + MONDAY;
  return Math.floor(t / len) * len;
}

/** The first index ≥ i whose time differs from time[i - 1] (so a same-instant group is not split). */
function groupEnd(time: ArrayLike<number>, i: number): number {
  const n = time.length;
  if (i <= 0 || i >= n) return Math.min(Math.max(i, 0), n);
  while (i < n && time[i] === time[i - 1]) i++;
  return i;
}

/**
 * Cuts sorted times into windows. `now` decides whether the last period window is still open.
 * Times must be sorted ascending.
 */
export function splitWindows(time: ArrayLike<number>, spec: WindowSpec, now = Date.now()): WindowSlice[] {
  const n = time.length, out: WindowSlice[] = [];
  if (n === 0) return out;
  const push = (from: number, to: number, start: number, end: number, partial: boolean) => out.push({ from, to, start, end, partial });
  if (spec.kind === 'period') {
    let from = 0;
    while (from < n) {
      const start = periodStart(time[from], spec.period), end = start + PERIOD_MS[spec.period];
      let to = from;
      while (to < n && time[to] < end) to++;
      push(from, to, start, end, to === n && end > now);
      from = to;
    }
    return out;
  }
  if (spec.kind === 'last') {
    for (let from = 0; from < n;) {
      const to = groupEnd(time, Math.min(n, from + spec.n));
      push(from, to, time[from], time[to - 1], to === n && to - from < spec.n);
      from = to;
    }
    return out;
  }
  let from = 0;
  for (let k = 1; k <= spec.n && from < n; k++) {
    const to = k === spec.n ? n : groupEnd(time, Math.max(from + 1, Math.round((k * n) / spec.n)));
    if (to <= from) continue;
    push(from, to, time[from], time[to - 1], false);
    from = to;
  }
  return out;
}

/**
 * Stored results with their open flags brought up to date: a window stays open only while it is
 * the last one and (periods) its period has not ended yet. Results in time order.
 */
export function settle<R extends { end: number; partial?: boolean }>(results: readonly R[], spec: WindowSpec, now = Date.now()): R[] {
  return results.map((r, i) => {
    if (!r.partial) return r;
    const closed = i < results.length - 1 || (spec.kind === 'period' && r.end <= now);
    if (!closed) return r;
    const { partial: _open, ...rest } = r;
    return rest as R;
  });
}

/** "last 500 predictions", "daily", "10 chunks". */
export function describeWindow(w: WindowSpec): string {
  if (w.kind === 'last') return `every ${w.n.toLocaleString('en-US')} predictions`;
  if (w.kind === 'chunks') return `${w.n} equal chunks`;
  return { hour: 'hourly', day: 'daily', week: 'weekly' }[w.period];
}
