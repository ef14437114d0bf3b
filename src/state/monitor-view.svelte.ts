/**
 * One monitor as its view shows it: the record, its window results (oldest first) and alerts, the
 * chosen window (default: the last complete one) and column, that window's logged rows, and the
 * actions: recompute a range, acknowledge an alert, edit rules and settings, attach labels from a
 * CSV, export a report, delete. Results and alerts reload when the channel says they changed.
 */
import { monitorBridge } from '../bridge/monitor';
import { serveBridge } from '../bridge/serve';
import { errorInfo } from '../lib/errors';
import type { MonitorPatch } from '../lib/monitor/monitors';
import type { MonitorMessage } from '../lib/monitor/store';
import type { AlertRecord, MonitorRecord, WindowResult } from '../lib/monitor/types';
import type { LoggedPrediction } from '../lib/serve/log-read';
import { parseLabelCsv } from './labels-csv';
import { metricLines, rankColumns, type MetricLine, type RankedColumn } from './monitor-present';
import { monitors } from './monitor.svelte';
import { serve } from './serve.svelte';
import type { RuleDraft } from './monitor-form';

/** Steps after which an alert's automation does nothing more (retrain.ts). */
const FINAL_STEPS = ['waiting', 'promoted', 'not promoted', 'failed', 'acknowledged'];
const FOLLOW_MS = 1500;
/** A step older than this with nothing after it: the automation is not running (the worker was restarted). */
const STALE_MS = 10 * 60_000;

export class MonitorViewState {
  #record = $state.raw<MonitorRecord | null>(null);
  #results = $state.raw<WindowResult[]>([]);
  #alerts = $state.raw<AlertRecord[]>([]);
  #chosen = $state<number | null>(null);
  #column = $state<string | null>(null);
  #rows = $state.raw<LoggedPrediction[] | null>(null);
  #error = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #notice = $state<string | null>(null);
  #loaded = $state(false);
  #seq = 0;
  #unlisten: (() => void) | null = null;
  #follow: ReturnType<typeof setTimeout> | null = null;

  get record() { return this.#record; }
  get results() { return this.#results; }
  get alerts() { return this.#alerts; }
  get error() { return this.#error; }
  get busy() { return this.#busy; }
  get notice() { return this.#notice; }
  get loaded() { return this.#loaded; }
  get column() { return this.#column; }
  get rows() { return this.#rows; }

  /** The chosen window: the one picked on a timeline, else the last complete one, else the open one. */
  readonly window: WindowResult | null = $derived(
    this.#results.find((r) => r.start === this.#chosen) ?? this.#results.findLast((r) => !r.partial) ?? this.#results.at(-1) ?? null,
  );
  readonly windowIndex: number = $derived(this.window ? this.#results.indexOf(this.window) : -1);
  readonly features: RankedColumn[] = $derived(this.window ? rankColumns(this.window.columns) : []);
  readonly lines: MetricLine[] = $derived(this.#record ? metricLines(this.#record, this.#results) : []);
  readonly openAlerts: number = $derived(this.#alerts.filter((a) => a.acknowledged === null && a.rule !== 'retrain').length);

  async open(id: string): Promise<void> {
    const seq = ++this.#seq;
    if (this.#record?.id !== id) {
      this.#record = null;
      this.#results = [];
      this.#alerts = [];
      this.#chosen = null;
      this.#column = null;
      this.#rows = null;
      this.#loaded = false;
      this.#notice = null;
    }
    this.#error = null;
    this.#unlisten?.();
    this.#unlisten = monitors.listen((msg) => this.#message(msg));
    try {
      const m = await monitorBridge.monitor(id);
      if (seq !== this.#seq) return;
      if (!m) throw new Error(`There is no monitor ${id} in this browser: it may have been deleted. Choose one on the left.`);
      this.#record = m;
      await this.reload();
      // Nothing stored yet (a monitor made in another tab, or before any prediction): compute now.
      if (seq === this.#seq && this.#results.length === 0) await this.#act('Computing', () => monitorBridge.update(id));
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    } finally {
      if (seq === this.#seq) this.#loaded = true;
    }
  }

  #message(msg: MonitorMessage): void {
    if (msg?.monitor !== this.#record?.id) return;
    void this.reload();
  }

  /** Reads the record, results and alerts again. */
  async reload(): Promise<void> {
    const id = this.#record?.id;
    if (!id) return;
    const [m, results, alerts] = await Promise.all([monitorBridge.monitor(id), monitorBridge.results(id), monitorBridge.alerts({ monitor: id })]);
    if (this.#record?.id !== id) return;
    if (m) this.#record = m;
    this.#results = results;
    this.#alerts = alerts;
    if (this.#column) void this.#readRows();
    this.#followAutomation();
  }

  /**
   * Automation steps are appended to an alert without a channel message: while an alert's
   * automation is still going (its last step is not a final one), the alerts are read again.
   */
  #followAutomation(): void {
    if (this.#follow) clearTimeout(this.#follow);
    this.#follow = null;
    const m = this.#record;
    if (!m || m.automation === 'alert') return;
    const going = this.#alerts.some((a) => {
      const last = a.actions.at(-1);
      return a.rule !== 'retrain' && !!last && !FINAL_STEPS.includes(last.step) && Date.now() - last.time < STALE_MS;
    });
    if (going) this.#follow = setTimeout(() => void this.reload().catch(() => undefined), FOLLOW_MS);
  }

  async #act<T>(label: string, fn: () => Promise<T>): Promise<T | null> {
    this.#busy = label;
    this.#error = null;
    try {
      const out = await fn();
      await this.reload();
      return out;
    } catch (e) {
      this.#error = errorInfo(e).message;
      return null;
    } finally {
      this.#busy = null;
    }
  }

  chooseWindow(index: number): void {
    this.#chosen = this.#results[index]?.start ?? null;
    if (this.#column) void this.#readRows();
  }

  chooseColumn(column: string | null): void {
    this.#column = column;
    this.#rows = null;
    if (column) void this.#readRows();
  }

  /** The chosen window's logged rows of the monitored endpoint (the first 200), shadow copies left out. */
  async #readRows(): Promise<void> {
    const w = this.window, m = this.#record;
    if (!w || !m) return;
    try {
      const rows = await serveBridge.readPredictions({ model: m.model, from: w.start, to: w.end });
      if (this.window !== w) return;
      // The endpoint's traffic: answered by its alias or by any deployment of it (as the engine reads it).
      const alias = /^endpoint:.+@([^@]+)$/.exec(m.deployment)?.[1] ?? serve.deployment(m.deployment)?.alias;
      const ours = (d: string) => alias === undefined || d === `endpoint:${m.model}@${alias}` || d === m.deployment || serve.deployment(d)?.alias === alias;
      this.#rows = rows.filter((r) => r.arm !== 'shadow' && !r.shadowOf && ours(r.deployment)).slice(0, 200);
    } catch (e) {
      this.#error = errorInfo(e).message;
    }
  }

  /** Recomputes the windows of [from, to] (ms; null: open-ended), replacing the stored ones. */
  recompute(from: number | null, to: number | null): Promise<unknown> {
    const id = this.#record?.id;
    if (!id) return Promise.resolve();
    return this.#act('Recomputing', async () => {
      await serveBridge.flush();
      const r = await monitorBridge.compute(id, { ...(from !== null ? { from } : {}), ...(to !== null ? { to } : {}) });
      this.#notice = `Recomputed ${r.length} window${r.length === 1 ? '' : 's'}.`;
    });
  }

  acknowledge(alertId: string): Promise<unknown> {
    return this.#act(alertId, () => monitorBridge.acknowledgeAlert(alertId));
  }

  saveRules(rules: RuleDraft[]): Promise<unknown> {
    const id = this.#record?.id;
    if (!id) return Promise.resolve();
    return this.#act('Saving', async () => {
      await monitorBridge.setRules(id, rules.map((r) => ({ ...r, threshold: Number(r.threshold), windows: Number(r.windows) })));
      this.#notice = 'Rules saved; they apply from the next computed window (recompute a range to apply them to past windows).';
    });
  }

  update(patch: MonitorPatch): Promise<unknown> {
    const id = this.#record?.id;
    if (!id) return Promise.resolve();
    return this.#act('Saving', async () => {
      await monitorBridge.updateMonitor(id, patch);
      this.#notice = 'Settings saved.';
    });
  }

  /** Attaches (prediction id, label) rows from a CSV through the serving worker, then recomputes. */
  attachLabels(file: File): Promise<unknown> {
    const id = this.#record?.id;
    if (!id) return Promise.resolve();
    return this.#act('Attaching labels', async () => {
      const parsed = parseLabelCsv(new Uint8Array(await file.arrayBuffer()));
      if (parsed.labels.length === 0) throw new Error(`${file.name} holds no (prediction id, label) rows.`);
      const r = await serveBridge.attachLabels(parsed.labels);
      await monitorBridge.compute(id);
      this.#notice = `${file.name}: ${r.attached} labels attached, ${r.unknown.length} unknown prediction ids${parsed.skippedCount ? `, ${parsed.skippedCount} rows skipped` : ''}.`;
    });
  }

  /** The report of [from, to] as a download (HTML opens offline; JSON for machines). */
  exportReport(kind: 'html' | 'json', from: number | null, to: number | null): Promise<unknown> {
    const m = this.#record;
    if (!m) return Promise.resolve();
    return this.#act('Exporting', async () => {
      const range = { ...(from !== null ? { from } : {}), ...(to !== null ? { to } : {}) };
      const text = kind === 'html' ? await monitorBridge.reportHTML(m.id, range) : await monitorBridge.reportJSON(m.id, range);
      const url = URL.createObjectURL(new Blob([text], { type: kind === 'html' ? 'text/html' : 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${m.name.replace(/[^\w.@-]+/g, '_')}-report.${kind}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  async remove(): Promise<boolean> {
    const id = this.#record?.id;
    if (!id) return false;
    const ok = (await this.#act('Deleting', () => monitorBridge.deleteMonitor(id))) !== null;
    if (ok) { this.close(); this.#record = null; await monitors.refresh(); }
    return ok;
  }

  dismissNotice(): void {
    this.#notice = null;
  }

  close(): void {
    this.#seq++;
    if (this.#follow) clearTimeout(this.#follow);
    this.#follow = null;
    this.#unlisten?.();
    this.#unlisten = null;
  }
}

export const monitorView = new MonitorViewState();
