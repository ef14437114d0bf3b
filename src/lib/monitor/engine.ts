/**
 * The monitoring engine: computes a monitor's windows over any range on demand, and incrementally
 * as predictions arrive — it keeps per-monitor state (the loaded reference, the model's figures,
 * the streaming detectors) and recomputes only the open window (from the start of the last stored
 * window on; 'chunks' monitors recompute their whole log). Every pass stores its window results
 * (replacing the ones it supersedes), fires the alerts the rules call for, starts the automation
 * they ask for (retraining), and posts on the 'benchtop-monitor' channel.
 *
 * Incremental runs are throttled per monitor (at most one per `throttleMs`, default one second):
 * the 'benchtop-predictions' channel (the prediction log posts `{deployment, model, rows}` after
 * each write) only marks monitors dirty. Detector state lives in memory: after a restart the
 * detectors start afresh at the open window; a recompute over a range replays its rows.
 */
import { PREDICTIONS_CHANNEL } from '../serve/log';
import type { DB } from '../store/db';
import { fireAlerts } from './alerts';
import { computeWindow, windowValues, type ComputeContext } from './compute';
import { fitMultivariate } from './multivariate';
import { listMonitors, requireMonitor, servedVersion } from './monitors';
import { loadReference, referenceKey, type Reference } from './reference';
import { retrain, type RetrainHooks } from './retrain';
import { monitorSources, readSlice, subSlice } from './slice';
import { modelBytes } from './software';
import { postMonitor, readResults, replaceResults, lastResult, resultAtOrBefore } from './store';
import { feedStreams, newStreams, type Detection, type StreamState } from './streams';
import type { AlertRecord, MonitorRecord, WindowResult } from './types';
import { periodStart, settle, splitWindows } from './windows';

export { PREDICTIONS_CHANNEL };

export interface EngineOptions {
  throttleMs?: number;
  now?: () => number;
  /** Training context for automated retraining (the worker's backend hooks). */
  retrainHooks?: RetrainHooks;
  /** Called after each pass (tests, the worker). */
  onResults?(monitor: string, results: WindowResult[], alerts: AlertRecord[]): void;
}

interface MonitorState {
  key: string;
  ctx: ComputeContext;
  streams: StreamState;
  events: Detection[];
}

interface Throttle {
  lastRun: number;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  dirty: boolean;
  /** Labels arrived: the next run recomputes every window (labels land in closed windows too). */
  full: boolean;
}

export class MonitorEngine {
  private readonly states = new Map<string, MonitorState>();
  private readonly throttles = new Map<string, Throttle>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly throttleMs: number;
  private readonly now: () => number;
  private channel: BroadcastChannel | null = null;
  private readonly automations = new Set<Promise<unknown>>();

  constructor(private readonly db: () => Promise<DB>, private readonly opts: EngineOptions = {}) {
    this.throttleMs = opts.throttleMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** The state of a monitor for its current served version and settings (reloaded when either changed). */
  private async state(db: DB, m: MonitorRecord, fresh: boolean): Promise<MonitorState> {
    const v = await servedVersion(db, m.deployment);
    const key = referenceKey(m, v) + JSON.stringify([m.columns, m.datasetShare, m.window]);
    let s = this.states.get(m.id);
    if (!s || s.key !== key) {
      const reference: Reference = s && s.ctx.reference.key === referenceKey(m, v) ? s.ctx.reference : await loadReference(db, m, v);
      const ctx: ComputeContext = {
        monitor: m, reference, model: { task: v.model.task, classes: v.model.classes, metrics: v.metrics }, modelBytes: modelBytes(v.model), multivariate: fitMultivariate(reference),
      };
      s = { key, ctx, streams: this.newStreams(ctx), events: [] };
      this.states.set(m.id, s);
    }
    s.ctx.monitor = m;
    if (fresh) { s.streams = this.newStreams(s.ctx); s.events = []; }
    return s;
  }

  private newStreams(ctx: ComputeContext): StreamState {
    return newStreams(ctx.model.task, ctx.reference.columns.flatMap((c) => (c.scale ? [c.scale] : [])), 17);
  }

  /** Windows of [from, to] from the log, stored; the streams carried through in time order. */
  private async pass(db: DB, m: MonitorRecord, s: MonitorState, from: number, to: number): Promise<WindowResult[]> {
    const slice = await readSlice(db, m.deployment, from, to);
    const windows = splitWindows(slice.time, m.window, this.now());
    const scales = new Map(s.ctx.reference.columns.flatMap((c) => (c.scale ? [[c.name, c.scale] as const] : [])));
    const results: WindowResult[] = [];
    for (const w of windows) {
      const sub = subSlice(slice, w.from, w.to);
      const values = windowValues(s.ctx.reference, sub);
      const feature = (column: string, i: number) => {
        const v = values.get(column), sc = scales.get(column);
        return v?.numeric && sc ? (v.values[i] - sc.mean) / sc.std : NaN;
      };
      s.events.push(...feedStreams(s.streams, sub, feature, s.ctx.model.task));
      const detections = s.events.filter((e) => e.time >= sub.time[0] && e.time <= sub.time[sub.n - 1]);
      results.push(computeWindow(s.ctx, sub, w, detections, this.now(), values));
    }
    const keepFrom = results.length ? results[results.length - 1].start : from;
    s.events = s.events.filter((e) => e.time >= keepFrom);
    await replaceResults(db, m.id, from, to, results);
    return results;
  }

  /** After a pass: alerts over the stored results, automation, and the channel. */
  private async after(db: DB, m: MonitorRecord, results: WindowResult[]): Promise<AlertRecord[]> {
    const all = settle(await readResults(db, m.id), m.window, this.now());
    const fired = await fireAlerts(db, m, all, this.now());
    postMonitor({ kind: 'results', monitor: m.id, starts: results.map((r) => r.start) });
    for (const a of fired) {
      postMonitor({ kind: 'alert', monitor: m.id, alert: a });
      if (m.automation !== 'alert') this.automate(db, m, a);
    }
    this.opts.onResults?.(m.id, results, fired);
    return fired;
  }

  private automate(db: DB, m: MonitorRecord, a: AlertRecord): void {
    const p = retrain(db, { monitor: m.id, alert: a.id, reason: `Alert on ${a.metric} (${a.value} vs ${a.threshold}).` }, this.opts.retrainHooks).catch(() => undefined);
    this.automations.add(p);
    void p.finally(() => this.automations.delete(p));
  }

  /** Resolves when the automations started so far have ended (recorded on their alerts). */
  async idle(): Promise<void> {
    while (this.automations.size) await Promise.all([...this.automations]);
  }

  /** Runs passes of one monitor one after the other. */
  private serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(id) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    const tail = next.catch(() => undefined);
    this.queues.set(id, tail);
    void tail.then(() => { if (this.queues.get(id) === tail) this.queues.delete(id); });
    return next;
  }

  /** Recomputes the windows from the one that holds `range.from` (default: the whole log) to the end of the log, replacing the stored ones there. `range.to` is accepted for callers and not needed: later windows depend on where the recomputed ones end. */
  compute(monitorId: string, range: { from?: number; to?: number } = {}): Promise<WindowResult[]> {
    return this.serial(monitorId, () => this.computeNow(monitorId, range));
  }

  /** Recomputes the open window (and any new ones after it); the first run in this context computes everything. */
  update(monitorId: string): Promise<WindowResult[]> {
    return this.serial(monitorId, () => this.updateNow(monitorId));
  }

  private async computeNow(monitorId: string, range: { from?: number; to?: number }): Promise<WindowResult[]> {
    const db = await this.db();
    const m = await requireMonitor(db, monitorId);
    const s = await this.state(db, m, true);
    // A recompute starts at the boundary of the stored window that holds `from` (so no window is
    // cut in two and no row counted twice or dropped) and runs to the end of the log: the windows
    // after a recomputed one are cut from where it ends. Chunked windows span the whole log.
    let from = range.from ?? -Infinity;
    const to = Infinity;
    const spec = m.window;
    if (spec.kind === 'chunks') from = -Infinity;
    else if (Number.isFinite(from)) {
      if (spec.kind === 'period') from = periodStart(from, spec.period);
      else from = (await resultAtOrBefore(db, m.id, from))?.start ?? -Infinity;
    }
    const results = await this.pass(db, m, s, from, to);
    await this.after(db, m, results);
    return results;
  }

  private async updateNow(monitorId: string): Promise<WindowResult[]> {
    const db = await this.db();
    const m = await requireMonitor(db, monitorId);
    const last = await lastResult(db, m.id);
    const spec = m.window;
    if (!last || spec.kind === 'chunks' || !this.states.has(m.id)) return this.computeNow(monitorId, {});
    const s = await this.state(db, m, false);
    const results = await this.pass(db, m, s, last.start, Infinity);
    await this.after(db, m, results);
    return results;
  }

  /**
   * Marks the monitors of a deployment dirty; each runs at most once per throttle period. New
   * predictions update the open window; new labels (`labels: true`) recompute all the windows.
   */
  async notify(msg: { deployment: string; model?: string; labels?: boolean }): Promise<void> {
    const db = await this.db();
    for (const m of await listMonitors(db, msg.model ? { model: msg.model } : {})) {
      if (m.deployment === msg.deployment || (await monitorSources(db, m.deployment)).includes(msg.deployment)) this.schedule(m.id, msg.labels === true);
    }
  }

  private schedule(id: string, full = false): void {
    let t = this.throttles.get(id);
    if (!t) this.throttles.set(id, (t = { lastRun: -Infinity, timer: null, running: false, dirty: false, full: false }));
    if (full) t.full = true;
    if (t.running || t.timer) { t.dirty = true; return; }
    const throttle = t;
    throttle.timer = setTimeout(() => {
      throttle.timer = null;
      throttle.dirty = false;
      throttle.running = true;
      throttle.lastRun = this.now();
      const full = throttle.full;
      throttle.full = false;
      void (full ? this.compute(id, {}) : this.update(id)).catch(() => undefined).finally(() => {
        throttle.running = false;
        if (throttle.dirty && this.throttles.get(id) === throttle) { throttle.dirty = false; this.schedule(id); }
      });
    }, Math.max(0, throttle.lastRun + this.throttleMs - this.now()));
  }

  /** Listens on 'benchtop-predictions' and updates the monitors of each deployment that logs. */
  watch(): void {
    if (this.channel || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(PREDICTIONS_CHANNEL);
    this.channel.onmessage = (e: MessageEvent) => {
      const d = e.data as { deployment?: unknown; model?: unknown } | null;
      if (d && typeof d.deployment === 'string') {
        void this.notify({ deployment: d.deployment, model: typeof d.model === 'string' ? d.model : undefined, labels: (d as { labels?: unknown }).labels === true }).catch(() => undefined);
      }
    };
  }

  unwatch(): void {
    this.channel?.close();
    this.channel = null;
  }

  /** Forgets a monitor's state (or all): the next run reloads its reference. */
  invalidate(monitorId?: string): void {
    for (const id of [...this.states.keys(), ...this.throttles.keys()]) {
      if (monitorId !== undefined && id !== monitorId) continue;
      const t = this.throttles.get(id);
      if (t?.timer) clearTimeout(t.timer);
      this.states.delete(id);
      this.throttles.delete(id);
    }
  }

  dispose(): void {
    this.unwatch();
    this.invalidate();
  }
}
