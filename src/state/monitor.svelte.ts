/**
 * The Monitor page's overview: every monitor with its status (the last complete window's dataset
 * drift share, open alerts), what can be monitored (the serve state's endpoints and deployments),
 * the dataset versions a reference or a retraining can use, and creating a monitor (computed over
 * the log at once). While the page has been opened, the monitoring worker watches the prediction
 * log; new results and alerts arrive on the 'benchtop-monitor' channel, and each new alert raises
 * a browser notification when the user allowed them.
 */
import { monitorBridge } from '../bridge/monitor';
import { errorInfo } from '../lib/errors';
import { MONITOR_CHANNEL, type MonitorMessage } from '../lib/monitor/store';
import type { AlertRecord, MonitorRecord, WindowResult } from '../lib/monitor/types';
import { datasets } from './datasets.svelte';
import { draftInput, monitorTargets, type MonitorDraft, type MonitorTarget } from './monitor-form';
import { notifier } from './notify.svelte';
import { href } from './router.svelte';
import { serve } from './serve.svelte';

export interface MonitorStatus {
  /** The last complete window (else the open one). */
  last: WindowResult | null;
  windows: number;
  openAlerts: number;
}

export interface VersionChoice { id: string; label: string }

export class MonitorsState {
  #monitors = $state.raw<MonitorRecord[]>([]);
  #status = $state.raw<Record<string, MonitorStatus>>({});
  #versions = $state.raw<VersionChoice[]>([]);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  #createError = $state<string | null>(null);
  #creating = $state(false);
  #channel: BroadcastChannel | null = null;
  #pending: ReturnType<typeof setTimeout> | null = null;
  #listeners = new Set<(msg: MonitorMessage) => void>();

  get monitors() { return this.#monitors; }
  get status() { return this.#status; }
  get versionChoices() { return this.#versions; }
  get loaded() { return this.#loaded; }
  get error() { return this.#error; }
  get createError() { return this.#createError; }
  get creating() { return this.#creating; }

  readonly targets: MonitorTarget[] = $derived(monitorTargets(serve.models, serve.deployments));

  monitor(id: string): MonitorRecord | undefined {
    return this.#monitors.find((m) => m.id === id);
  }

  /** What a monitor watches, in words. */
  targetLabel(key: string): string {
    return this.targets.find((t) => t.key === key)?.label ?? key.replace(/^endpoint:/, '');
  }

  /** Starts incremental monitoring and the channel (once); answers the unsubscribe of `fn`. */
  listen(fn?: (msg: MonitorMessage) => void): () => void {
    if (fn) this.#listeners.add(fn);
    if (!this.#channel && typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(MONITOR_CHANNEL);
      this.#channel.onmessage = (ev: MessageEvent<MonitorMessage>) => this.#message(ev.data);
      void monitorBridge.watch().catch((e) => (this.#error = errorInfo(e).message));
    }
    return () => { if (fn) this.#listeners.delete(fn); };
  }

  #message(msg: MonitorMessage): void {
    if (msg?.kind === 'alert') {
      const m = this.monitor(msg.monitor);
      notifier.raise(msg.alert.id, `Benchtop alert: ${m?.name ?? 'monitor'}`, alertText(msg.alert), () => { location.hash = href('monitor', msg.monitor); });
    }
    for (const l of this.#listeners) l(msg);
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = setTimeout(() => void this.refresh(), 300);
  }

  async refresh(): Promise<void> {
    try {
      const [list, open] = await Promise.all([monitorBridge.listMonitors(), monitorBridge.alerts({ open: true })]);
      const status: Record<string, MonitorStatus> = {};
      await Promise.all(list.map(async (m) => {
        const results = await monitorBridge.results(m.id);
        const complete = results.filter((r) => !r.partial);
        status[m.id] = { last: complete.at(-1) ?? results.at(-1) ?? null, windows: results.length, openAlerts: open.filter((a) => a.monitor === m.id && a.rule !== 'retrain').length };
      }));
      this.#monitors = list;
      this.#status = status;
      this.#error = null;
    } catch (e) {
      this.#error = errorInfo(e).message;
    } finally {
      this.#loaded = true;
    }
  }

  /** Dataset versions for the reference and retraining selects: every dataset's versions, newest first. */
  async refreshVersions(): Promise<void> {
    await datasets.refresh();
    const out: VersionChoice[] = [];
    for (const d of datasets.items) {
      const vs = [...(await datasets.versions(d.id))].sort((a, b) => a.created - b.created);
      vs.forEach((v, i) => out.push({ id: v.id, label: `${d.name} · v${i + 1} · ${v.rows.toLocaleString('en-US')} rows · ${v.id.slice(0, 10)}` }));
    }
    this.#versions = out.reverse();
  }

  /** Creates a monitor and computes it over the log so far; answers its id, or null with `createError` set. */
  async create(draft: MonitorDraft): Promise<string | null> {
    this.#creating = true;
    this.#createError = null;
    try {
      const m = await monitorBridge.createMonitor(draftInput(draft));
      this.#monitors = [m, ...this.#monitors];
      void monitorBridge.update(m.id).catch((e) => (this.#error = errorInfo(e).message)).then(() => this.refresh());
      return m.id;
    } catch (e) {
      this.#createError = errorInfo(e).message;
      return null;
    } finally {
      this.#creating = false;
    }
  }

  clearCreateError(): void {
    this.#createError = null;
  }

  destroy(): void {
    this.#channel?.close();
    this.#channel = null;
    this.#listeners.clear();
    if (this.#pending) clearTimeout(this.#pending);
    void monitorBridge.unwatch().catch(() => undefined);
  }
}

export function alertText(a: AlertRecord): string {
  return a.rule === 'retrain' ? 'Retraining started.' : `${a.metric} = ${Number(a.value.toPrecision(4))} (threshold ${a.threshold})`;
}

export const monitors = new MonitorsState();
