/**
 * Retraining from the Monitor page: the same recipe and algorithm as the served version on a chosen
 * dataset version, or on the reference plus the labelled production data; as far as the person
 * asks (a candidate, a candidate in shadow, or promotion when the gate passes). Each step the
 * worker records is read back while it runs, with the training progress; the outcome links the
 * new run, the candidate version and the shadow deployment.
 */
import { monitorBridge } from '../bridge/monitor';
import { errorInfo } from '../lib/errors';
import type { RetrainOutcome, RetrainStage } from '../lib/monitor/retrain';
import type { AlertRecord } from '../lib/monitor/types';
import type { TrainProgress } from '../lib/protocol';
import { monitors } from './monitor.svelte';
import { monitorView } from './monitor-view.svelte';
import { serve } from './serve.svelte';

const POLL_MS = 700;

export class RetrainState {
  #running = $state(false);
  #monitor = $state<string | null>(null);
  #record = $state.raw<AlertRecord | null>(null);
  #outcome = $state.raw<RetrainOutcome | null>(null);
  #progress = $state.raw<TrainProgress | null>(null);
  #error = $state<string | null>(null);
  #started = 0;

  get running() { return this.#running; }
  /** The monitor the shown retraining belongs to. */
  get monitor() { return this.#monitor; }
  /** The record holding the steps (the manual retraining's own alert record). */
  get record() { return this.#record; }
  get outcome() { return this.#outcome; }
  get progress() { return this.#progress; }
  get error() { return this.#error; }

  /** `versionId` null: the reference plus labelled production data. */
  async start(monitor: string, versionId: string | null, until: RetrainStage, reason: string): Promise<RetrainOutcome | null> {
    if (this.#running) return null;
    this.#running = true;
    this.#monitor = monitor;
    this.#record = null;
    this.#outcome = null;
    this.#progress = null;
    this.#error = null;
    this.#started = Date.now();
    const timer = setInterval(() => void this.#poll(monitor), POLL_MS);
    try {
      const out = await monitorBridge.retrain({ monitor, versionId, until, reason }, (p) => (this.#progress = p));
      this.#outcome = out;
      return out;
    } catch (e) {
      this.#error = errorInfo(e).message;
      return null;
    } finally {
      clearInterval(timer);
      await this.#poll(monitor, this.#outcome?.record);
      this.#running = false;
      // A shadow deployment moves the monitor onto it; new versions and aliases change the endpoints.
      await Promise.all([monitorView.reload(), serve.refresh(), monitors.refresh()]).catch(() => undefined);
    }
  }

  /** The steps so far: the newest manual record started since this retraining began (or the outcome's). */
  async #poll(monitor: string, id?: string): Promise<void> {
    try {
      const alerts = await monitorBridge.alerts({ monitor });
      const rec = id ? alerts.find((a) => a.id === id) : alerts.filter((a) => a.rule === 'retrain' && a.fired >= this.#started - 1000).sort((a, b) => b.fired - a.fired)[0];
      if (rec && this.#monitor === monitor) this.#record = rec;
    } catch {
      // The steps show at the end anyway.
    }
  }

  /** Forgets a finished retraining's figures when another monitor is shown. */
  forget(monitor: string): void {
    if (!this.#running && this.#monitor !== monitor) {
      this.#monitor = null;
      this.#record = null;
      this.#outcome = null;
      this.#error = null;
    }
  }
}

export const retraining = new RetrainState();
