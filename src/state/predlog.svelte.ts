/**
 * The prediction log as the Serve page shows it: the most recent predictions (optionally of one
 * deployment), read from the serving worker, and ground-truth labels attached from a CSV file of
 * (prediction id, label), answering how many ids were known.
 */
import { serveBridge } from '../bridge/serve';
import { errorInfo } from '../lib/errors';
import type { LoggedPrediction } from '../lib/serve/log-read';
import { parseLabelCsv } from './labels-csv';

export interface LogPage {
  /** Newest first. */
  rows: LoggedPrediction[];
  /** Predictions the log holds for the filter. */
  total: number;
}

const LIMIT = 200;

export class PredictionLogState {
  /** Deployment id (or `endpoint:model@alias`) to show; '' for all. */
  #filter = $state('');
  #page = $state.raw<LogPage | null>(null);
  #error = $state<string | null>(null);
  #loading = $state(false);
  #labels = $state.raw<{ file: string; rows: number; attached: number; unknown: string[]; skipped: number } | null>(null);
  #labelError = $state<string | null>(null);
  #seq = 0;

  get filter() { return this.#filter; }
  get page() { return this.#page; }
  get error() { return this.#error; }
  get loading() { return this.#loading; }
  get labels() { return this.#labels; }
  get labelError() { return this.#labelError; }

  setFilter(deployment: string): void {
    this.#filter = deployment;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    this.#loading = true;
    try {
      await serveBridge.flush();
      const q = { deployment: this.#filter || undefined };
      const [rows, stats] = await Promise.all([serveBridge.readPredictions({ ...q, limit: LIMIT }), serveBridge.predictionStats(q)]);
      if (seq !== this.#seq) return;
      this.#page = { rows: rows.reverse(), total: stats.total };
      this.#error = null;
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    } finally {
      if (seq === this.#seq) this.#loading = false;
    }
  }

  async attachLabels(file: File): Promise<void> {
    this.#labelError = null;
    this.#labels = null;
    try {
      const parsed = parseLabelCsv(new Uint8Array(await file.arrayBuffer()));
      if (parsed.labels.length === 0) throw new Error(`${file.name} holds no (prediction id, label) rows${parsed.skippedCount ? `: ${parsed.skippedCount} rows lack an id or a label (first at line ${parsed.skipped[0]})` : ''}.`);
      const r = await serveBridge.attachLabels(parsed.labels);
      this.#labels = { file: file.name, rows: parsed.labels.length, attached: r.attached, unknown: r.unknown, skipped: parsed.skippedCount };
      await this.refresh();
    } catch (e) {
      this.#labelError = errorInfo(e).message;
    }
  }
}

export const predictionLog = new PredictionLogState();
