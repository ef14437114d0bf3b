/**
 * One deployment as its view shows it: the record with its event history, the strategy's
 * controls (canary share, blue-green switch and roll back, stop/start) and the figures read from
 * the prediction log per arm (requests, latency, violations, accuracy or error once labelled) and,
 * for shadow, the agreement between primary and candidate. Figures are polled while the view is open.
 */
import { serveBridge } from '../bridge/serve';
import { errorInfo } from '../lib/errors';
import type { PredictionStats } from '../lib/serve/log-stats';
import type { DeploymentRecord } from '../lib/serve/types';
import { serve } from './serve.svelte';

/** Figures of the deployment's log: per arm and version, and the shadow agreement (src/lib/serve/log-stats.ts). */
export type DeploymentStats = PredictionStats;

const POLL_MS = 1000;

export class DeploymentState {
  #record = $state.raw<DeploymentRecord | null>(null);
  #stats = $state.raw<DeploymentStats | null>(null);
  #error = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #timer: ReturnType<typeof setInterval> | null = null;
  #seq = 0;
  #reading: Promise<void> | null = null;

  get record() { return this.#record; }
  get stats() { return this.#stats; }
  get error() { return this.#error; }
  get busy() { return this.#busy; }

  async open(id: string): Promise<void> {
    const seq = ++this.#seq;
    if (this.#record?.id !== id) {
      this.#record = null;
      this.#stats = null;
    }
    this.#error = null;
    try {
      const d = await serveBridge.deployment(id);
      if (seq !== this.#seq) return;
      if (!d) throw new Error(`There is no deployment ${id} in this browser: it may have been deleted. Choose one on the left.`);
      this.#record = d;
      await this.refreshStats();
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    }
  }

  /** Reads the per-arm figures again (the log is flushed first, so the latest answers count). */
  async refreshStats(): Promise<void> {
    const d = this.#record;
    if (!d) return;
    // A read still running (a large log) is not doubled by the next tick.
    if (this.#reading) return this.#reading;
    this.#reading = (async () => {
      try {
        const stats = await serveBridge.predictionStats({ deployment: d.id });
        if (this.#record?.id === d.id) this.#stats = stats;
      } catch (e) {
        this.#error = errorInfo(e).message;
      } finally {
        this.#reading = null;
      }
    })();
    return this.#reading;
  }

  /** Reads the figures every second while a view shows them (not while the tab is hidden); answers the stop. */
  watch(): () => void {
    this.#stop();
    this.#timer = setInterval(() => {
      if (typeof document !== 'undefined' && document.hidden) return;
      void this.refreshStats();
    }, POLL_MS);
    return () => this.#stop();
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #edit(what: string, fn: (id: string) => Promise<DeploymentRecord>): Promise<void> {
    const d = this.#record;
    if (!d) return;
    this.#busy = what;
    this.#error = null;
    try {
      const next = await fn(d.id);
      if (this.#record?.id === d.id) this.#record = next;
      serve.updated(next);
      await this.refreshStats();
    } catch (e) {
      const info = errorInfo(e);
      this.#error = info.code ? `${info.message}` : info.message;
    } finally {
      this.#busy = null;
    }
  }

  setCanaryPercent(p: number) { return this.#edit('share', (id) => serveBridge.setCanaryPercent(id, p)); }
  switchLive() { return this.#edit('switch', (id) => serveBridge.switchLive(id)); }
  rollback() { return this.#edit('rollback', (id) => serveBridge.rollback(id)); }
  stop() { return this.#edit('stop', (id) => serveBridge.stopDeployment(id)); }
  start() { return this.#edit('start', (id) => serveBridge.startDeployment(id)); }

  /** Stops polling; the record stays for a quick return. */
  close(): void {
    this.#seq++;
    this.#stop();
  }

  destroy(): void {
    this.close();
    this.#record = null;
    this.#stats = null;
  }
}

export const deploymentView = new DeploymentState();
