import { trackBridge } from '../bridge/track';
import { errorInfo } from '../lib/errors';
import type { RunRecord } from '../lib/store/schema';

export type History = Record<string, Record<string, { step: number; value: number; timestamp: number }[]>>;

/** 2 to 50 runs side by side: their records and the history of every metric they logged. */
export class CompareState {
  #runs = $state.raw<RunRecord[]>([]);
  #history = $state.raw<History>({});
  #error = $state<string | null>(null);
  #seq = 0;

  get runs() { return this.#runs; }
  get history() { return this.#history; }
  get error() { return this.#error; }

  readonly paramKeys = $derived([...new Set(this.#runs.flatMap((r) => Object.keys(r.params)))].sort());
  readonly metricKeys = $derived([...new Set(this.#runs.flatMap((r) => Object.keys(r.metrics)))].sort());
  /** Params whose value is not the same in every run, those most runs have first. */
  readonly differingParams = $derived(this.paramKeys.filter((k) => new Set(this.#runs.map((r) => r.params[k] ?? '∅')).size > 1)
    .sort((a, b) => this.#count((r) => a in r.params) > this.#count((r) => b in r.params) ? -1 : 1));
  /** Metrics with more than one step in some run (a curve to overlay). */
  readonly curveKeys = $derived(this.metricKeys.filter((k) => k !== 'candidates_done' && Object.values(this.#history).some((h) => (h[k]?.length ?? 0) > 1)));
  /** The metric to show first: a score most of the runs have. */
  readonly mainMetric = $derived.by(() => {
    const preferred = ['accuracy', 'r2', 'mean_test_score', 'rmse', 'best_cv_score', 'loss'];
    const ranked = [...preferred.filter((k) => this.metricKeys.includes(k)), ...this.metricKeys];
    return ranked.sort((a, b) => this.#count((r) => b in r.metrics) - this.#count((r) => a in r.metrics))[0] ?? '';
  });

  #count(fn: (r: RunRecord) => boolean): number {
    return this.#runs.filter(fn).length;
  }

  async open(ids: string[]): Promise<void> {
    const seq = ++this.#seq;
    this.#error = null;
    try {
      if (ids.length < 2 || ids.length > 50) throw new Error(`Compare takes 2 to 50 runs; ${ids.length} were given.`);
      const runs = await trackBridge.runsById(ids);
      if (runs.length < ids.length) throw new Error(`${ids.length - runs.length} of the runs no longer exist.`);
      const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
      const history = await trackBridge.histories(ids, keys);
      if (seq !== this.#seq) return;
      this.#runs = runs;
      this.#history = history;
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    }
  }
}

export const comparison = new CompareState();
