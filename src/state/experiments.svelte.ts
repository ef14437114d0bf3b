import { trackBridge } from '../bridge/track';
import { errorInfo } from '../lib/errors';
import type { Lifecycle } from '../lib/store/schema';
import type { ExperimentSummary } from '../lib/track/manage';
import type { QueryResult, RunColumn, TableRow } from '../lib/track/table';

export type { RunColumn, TableRow } from '../lib/track/table';

/** Rows fetched from the worker at a time. */
const BLOCK = 100;

/**
 * The Experiments page: experiments with their run counts; the runs of the chosen ones live in
 * the tracking worker, which filters (MLflow's grammar), sorts and groups them; the page holds
 * the query and the rows in view, fetched in blocks as the table scrolls.
 */
export class ExperimentsState {
  #summaries = $state.raw<ExperimentSummary[]>([]);
  #available = $state.raw<RunColumn[]>([]);
  #result = $state.raw<QueryResult>({ total: 0, matched: 0, all: 0, error: null });
  #rows = $state.raw(new Map<number, TableRow>());
  #error = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #notice = $state<string | null>(null);
  #seq = 0;
  #gen = 0;
  #opening: Promise<void> | null = null;
  #reopened = false;
  #pending = new Set<number>();
  #window: [number, number] = [0, 60];
  selected = $state<string[]>([]);
  view = $state<Lifecycle>('active');
  showDeletedExperiments = $state(false);
  filter = $state('');
  sort = $state<{ key: string; desc: boolean }>({ key: 'attributes.start_time', desc: true });
  groupBy = $state('');
  columns = $state<string[]>([]);
  checked = $state<string[]>([]);

  get summaries() { return this.#summaries; }
  get available() { return this.#available; }
  get result() { return this.#result; }
  get rows() { return this.#rows; }
  get error() { return this.#error; }
  get busy() { return this.#busy; }
  get notice() { return this.#notice; }

  /** Reads the experiments and the chosen ones' runs into the worker's table, then queries it. */
  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    this.#opening = this.#open(seq);
    await this.#opening;
    if (seq === this.#seq) await this.requery();
  }

  async #open(seq: number): Promise<void> {
    try {
      const o = await trackBridge.openTable({ experimentIds: $state.snapshot(this.selected), lifecycle: this.view });
      if (seq !== this.#seq) return;
      this.#summaries = o.summaries;
      this.selected = o.selected;
      this.#available = o.available;
      if (!this.columns.length || !this.columns.every((c) => o.available.some((a) => a.key === c))) this.columns = o.defaults;
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    }
  }

  /** Applies the filter, sort and grouping in the worker; rows are fetched again. */
  async requery(): Promise<void> {
    const gen = ++this.#gen;
    // A query waits for the table being opened (the worker answers calls as they come).
    await this.#opening;
    if (gen !== this.#gen) return;
    try {
      const r = await trackBridge.queryTable({ filter: this.filter, sort: $state.snapshot(this.sort), groupBy: this.groupBy });
      if (gen !== this.#gen) return;
      this.#result = r;
      this.#reopened = false;
      if (r.error) return;
      this.#rows = new Map();
      this.#pending.clear();
      await this.ensure(...this.#window);
    } catch (e) {
      // The tracking worker restarted (idle shutdown): open the table again, once.
      if (errorInfo(e).code === 'NOT_FOUND' && this.#result.all >= 0 && !this.#reopened) {
        this.#reopened = true;
        return this.refresh();
      }
      this.#error = errorInfo(e).message;
    }
  }

  /** Fetches the blocks of rows [first, last) that are not here yet. */
  async ensure(first: number, last: number): Promise<void> {
    this.#window = [first, last];
    const gen = this.#gen, columns = $state.snapshot(this.columns);
    const blocks: number[] = [];
    for (let b = Math.floor(first / BLOCK); b * BLOCK < Math.min(last, this.#result.total); b++) {
      if (!this.#rows.has(b * BLOCK) && !this.#pending.has(b)) blocks.push(b);
    }
    await Promise.all(blocks.map(async (b) => {
      this.#pending.add(b);
      try {
        const rows = await trackBridge.tableSlice(b * BLOCK, BLOCK, columns);
        if (gen !== this.#gen) return;
        const next = new Map(this.#rows);
        rows.forEach((r, i) => next.set(b * BLOCK + i, r));
        this.#rows = next;
      } finally {
        this.#pending.delete(b);
      }
    }));
  }

  /** New columns: the rows in view are fetched again with their cells. */
  setColumns(columns: string[]): void {
    this.columns = columns;
    this.#gen++;
    this.#rows = new Map();
    this.#pending.clear();
    void this.ensure(...this.#window);
  }

  select(id: string, on: boolean, only = false): void {
    this.selected = only ? [id] : on ? [...new Set([...this.selected, id])] : this.selected.filter((x) => x !== id);
    void this.refresh();
  }

  toggleSort(key: string): void {
    this.sort = this.sort.key === key ? { key, desc: !this.sort.desc } : { key, desc: true };
    void this.requery();
  }

  toggleRun(id: string, on: boolean): void {
    this.checked = on ? [...new Set([...this.checked, id])] : this.checked.filter((x) => x !== id);
  }

  async checkAll(on: boolean): Promise<void> {
    this.checked = on ? await trackBridge.matchedIds() : [];
  }

  async #act(label: string, fn: () => Promise<unknown>, done?: string): Promise<boolean> {
    this.#busy = label;
    this.#error = null;
    this.#notice = null;
    try {
      await fn();
      if (done) this.#notice = done;
      await this.refresh();
      return true;
    } catch (e) {
      this.#error = errorInfo(e).message;
      return false;
    } finally {
      this.#busy = null;
    }
  }

  create(name: string) { return this.#act('Creating', () => trackBridge.createExperiment(name)); }
  describe(id: string, text: string) { return this.#act('Saving', () => trackBridge.describeExperiment(id, text)); }
  rename(id: string, name: string) { return this.#act('Renaming', () => trackBridge.renameExperiment(id, name)); }
  setExperimentLifecycle(id: string, lifecycle: Lifecycle) { return this.#act('Saving', () => trackBridge.setExperimentLifecycle(id, lifecycle)); }
  setRunsLifecycle(lifecycle: Lifecycle) {
    const ids = $state.snapshot(this.checked);
    return this.#act('Saving', () => trackBridge.setRunsLifecycle(ids, lifecycle), `${ids.length} run${ids.length === 1 ? '' : 's'} ${lifecycle === 'deleted' ? 'deleted (restorable)' : 'restored'}.`);
  }
  purge() {
    const ids = $state.snapshot(this.checked);
    return this.#act('Removing', () => trackBridge.purgeRuns(ids), `${ids.length} run${ids.length === 1 ? '' : 's'} removed for good, with their metric history and artifacts.`);
  }

  /** The checked runs (or every matched one) as a file to download. */
  async exportRuns(kind: 'json' | 'csv'): Promise<{ name: string; blob: Blob } | null> {
    try {
      const ids = this.checked.length ? $state.snapshot(this.checked) : await trackBridge.matchedIds();
      if (!ids.length) return null;
      const text = kind === 'json' ? await trackBridge.exportJson(ids) : await trackBridge.exportCsv(ids);
      return { name: `benchtop-runs-${new Date().toISOString().slice(0, 10)}.${kind}`, blob: new Blob([text], { type: kind === 'json' ? 'application/json' : 'text/csv' }) };
    } catch (e) {
      this.#error = errorInfo(e).message;
      return null;
    }
  }

  importRuns(file: File) {
    return this.#act('Importing', async () => {
      const r = await trackBridge.importJson(await file.text());
      this.#notice = `Imported ${r.runs} run${r.runs === 1 ? '' : 's'} into ${r.experiments} experiment${r.experiments === 1 ? '' : 's'}${r.skipped ? ` (${r.skipped} already here, skipped)` : ''}.`;
    });
  }

  push(server: string, token: string, onProgress: (done: number, total: number) => void) {
    const ids = $state.snapshot(this.checked);
    return this.#act('Pushing', async () => {
      const r = await trackBridge.push(ids, { server, token: token || undefined }, onProgress);
      this.#notice = `Pushed ${r.pushed.length} run${r.pushed.length === 1 ? '' : 's'} to ${server}.`;
    });
  }
}

export const experiments = new ExperimentsState();
