/** Windows: last N (same-instant rows kept together, open last window), calendar periods in UTC, N equal chunks; spec checks. */
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { checkWindow, describeWindow, periodStart, settle, splitWindows } from '../../../src/lib/monitor/windows';

const H = 3_600_000, D = 24 * H;
const ranges = (ws: { from: number; to: number }[]) => ws.map((w) => [w.from, w.to]);

describe('splitWindows', () => {
  it('last N: consecutive windows of N rows; the last is open until it holds N', () => {
    const t = Array.from({ length: 25 }, (_, i) => 1000 + i);
    const ws = splitWindows(t, { kind: 'last', n: 10 });
    expect(ranges(ws)).toEqual([[0, 10], [10, 20], [20, 25]]);
    expect(ws.map((w) => w.partial)).toEqual([false, false, true]);
    expect(ws.map((w) => [w.start, w.end])).toEqual([[1000, 1009], [1010, 1019], [1020, 1024]]);
    expect(splitWindows(t.slice(0, 20), { kind: 'last', n: 10 }).map((w) => w.partial)).toEqual([false, false]);
  });

  it('last N never splits rows logged at the same instant, so window starts are unique', () => {
    // Requests of 4 rows each (one time per request).
    const t = Array.from({ length: 20 }, (_, i) => 5000 + Math.floor(i / 4) * 10);
    const ws = splitWindows(t, { kind: 'last', n: 6 });
    expect(ranges(ws)).toEqual([[0, 8], [8, 16], [16, 20]]);
    expect(new Set(ws.map((w) => w.start)).size).toBe(ws.length);
    for (const w of ws.slice(1)) expect(t[w.from]).not.toBe(t[w.from - 1]);
  });

  it('periods: UTC hours, days and weeks starting Monday; the current period is open', () => {
    const base = Date.UTC(2024, 0, 1); // a Monday
    const t = [base + 0.5 * H, base + 0.9 * H, base + 1.2 * H, base + 3.7 * H];
    const ws = splitWindows(t, { kind: 'period', period: 'hour' }, base + 10 * H);
    expect(ranges(ws)).toEqual([[0, 2], [2, 3], [3, 4]]);
    expect(ws.map((w) => [w.start - base, w.end - base])).toEqual([[0, H], [H, 2 * H], [3 * H, 4 * H]]);
    expect(ws.every((w) => !w.partial)).toBe(true);
    expect(splitWindows(t, { kind: 'period', period: 'hour' }, base + 3.8 * H).at(-1)!.partial).toBe(true);
    expect(periodStart(Date.UTC(2024, 0, 7, 23), 'week')).toBe(base); // Sunday → that week's Monday
    expect(periodStart(Date.UTC(2024, 0, 8, 0, 0, 1), 'week')).toBe(base + 7 * D);
    expect(periodStart(Date.UTC(2024, 0, 3, 17, 5), 'day')).toBe(Date.UTC(2024, 0, 3));
    expect(new Date(periodStart(Date.UTC(1969, 11, 31), 'week')).getUTCDay()).toBe(1);
  });

  it('chunks: N windows of equal row counts over the range, never open', () => {
    const t = Array.from({ length: 100 }, (_, i) => i * 7);
    const ws = splitWindows(t, { kind: 'chunks', n: 4 });
    expect(ranges(ws)).toEqual([[0, 25], [25, 50], [50, 75], [75, 100]]);
    expect(ws.some((w) => w.partial)).toBe(false);
    expect(ranges(splitWindows(t.slice(0, 3), { kind: 'chunks', n: 5 }))).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(splitWindows([], { kind: 'chunks', n: 3 })).toEqual([]);
  });
});

describe('settle', () => {
  it('closes stored open windows once a later one exists or their period has ended', () => {
    const rs = [{ end: 10, partial: true }, { end: 20 }, { end: 30, partial: true }];
    expect(settle(rs, { kind: 'last', n: 5 }, 100)).toEqual([{ end: 10 }, { end: 20 }, { end: 30, partial: true }]);
    expect(settle(rs, { kind: 'period', period: 'hour' }, 100)).toEqual([{ end: 10 }, { end: 20 }, { end: 30 }]);
    expect(settle(rs, { kind: 'period', period: 'hour' }, 25).at(-1)).toEqual({ end: 30, partial: true });
  });
});

describe('checkWindow', () => {
  it('accepts good specs and names the field and choices of bad ones', () => {
    expect(checkWindow({ kind: 'last', n: 500 })).toEqual({ kind: 'last', n: 500 });
    expect(checkWindow({ kind: 'period', period: 'day' })).toEqual({ kind: 'period', period: 'day' });
    const fail = (w: unknown) => { try { checkWindow(w); } catch (e) { return errorInfo(e); } throw new Error('accepted'); };
    expect(fail({ kind: 'sliding' })).toMatchObject({ code: 'BAD_MONITOR', detail: { choices: ['last', 'period', 'chunks'] } });
    expect(fail({ kind: 'period', period: 'month' }).message).toMatch(/hour, day, week/);
    expect(fail({ kind: 'last', n: 0 }).message).toMatch(/whole number from 1/);
    expect(fail({ kind: 'chunks', n: 2.5 }).detail).toMatchObject({ part: 'n' });
  });

  it('describes windows', () => {
    expect(describeWindow({ kind: 'last', n: 1000 })).toBe('every 1,000 predictions');
    expect(describeWindow({ kind: 'period', period: 'week' })).toBe('weekly');
    expect(describeWindow({ kind: 'chunks', n: 8 })).toBe('8 equal chunks');
  });
});
