import { trackBridge } from '../bridge/track';
import { errorInfo } from '../lib/errors';
import type { Lifecycle } from '../lib/store/schema';
import type { ExperimentSummary, RunRow } from '../lib/track/manage';
import { compileFilter, compareRuns, parseFilter } from '../lib/track/filter';

export interface RunColumn {
  /** A filter-grammar key: params.C, metrics.accuracy, tags.team, attributes.status … */
  key: string;
  label: string;
}

const ATTRIBUTE_COLUMNS: RunColumn[] = [
  { key: 'attributes.status', label: 'Status' },
  { key: 'attributes.start_time', label: 'Started' },
  { key: 'attributes.duration', label: 'Duration' },
  { key: 'datasets.digest', label: 'Dataset version' },
];

/** A row of the runs table: a run, or the header of a group. */
export type TableRow = { kind: 'run'; run: RunRow } | { kind: 'group'; value: string; count: number };

/** The value of a column key for a run (what the table shows and groups by). */
export function cell(run: RunRow, key: string): string | number | null {
  const [prefix, ...rest] = key.split('.');
  const name = rest.join('.');
  if (prefix === 'params') return run.params[name] ?? null;
  if (prefix === 'tags') return run.tags[name] ?? null;
  if (prefix === 'metrics') return run.metrics[name] ?? null;
  if (prefix === 'metrics_min') return run.metricRange?.[name]?.[0] ?? null;
  if (prefix === 'metrics_max') return run.metricRange?.[name]?.[1] ?? null;
  if (key === 'attributes.status') return run.status;
  if (key === 'attributes.start_time') return run.start;
  if (key === 'attributes.duration') return run.end ? (run.end - run.start) / 1000 : null;
  if (key === 'datasets.digest') return run.inputs[0]?.digest ?? null;
  return null;
}

/**
 * The Experiments page: experiments with their run counts, the runs of the chosen ones searched
 * with MLflow's filter grammar (parsed and compiled once per change, then applied in a pass),
 * sorted, grouped, with chosen columns; the checked runs go to comparison, export, deletion.
 */
export class ExperimentsState {
  #summaries = $state.raw<ExperimentSummary[]>([]);
  #runs = $state.raw<RunRow[]>([]);
  #error = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #notice = $state<string | null>(null);
  #seq = 0;
  selected = $state<string[]>([]);
  view = $state<Lifecycle>('active');
  showDeletedExperiments = $state(false);
  filter = $state('');
  sort = $state<{ key: string; desc: boolean }>({ key: 'attributes.start_time', desc: true });
  groupBy = $state('');
  columns = $state<string[]>([]);
  checked = $state<string[]>([]);

  get summaries() { return this.#summaries; }
  get runs() { return this.#runs; }
  get error() { return this.#error; }
  get busy() { return this.#busy; }
  get notice() { return this.#notice; }

  /** Every column the runs offer: attributes, then params, metrics (latest, min, max) and tags. */
  readonly available = $derived.by((): RunColumn[] => {
    const p = new Set<string>(), m = new Set<string>(), t = new Set<string>();
    for (const r of this.#runs) {
      for (const k in r.params) p.add(k);
      for (const k in r.metrics) m.add(k);
      for (const k in r.tags) if (!k.startsWith('benchtop.')) t.add(k);
    }
    const sorted = (s: Set<string>) => [...s].sort();
    return [
      ...ATTRIBUTE_COLUMNS,
      ...sorted(p).map((k) => ({ key: `params.${k}`, label: k })),
      ...sorted(m).flatMap((k) => [{ key: `metrics.${k}`, label: k }, { key: `metrics_min.${k}`, label: `${k} (min)` }, { key: `metrics_max.${k}`, label: `${k} (max)` }]),
      ...sorted(t).map((k) => ({ key: `tags.${k}`, label: `tag ${k}` })),
    ];
  });

  /** The filter parsed and compiled, or its error (message and position). */
  readonly compiled = $derived.by(() => {
    try {
      const f = parseFilter(this.filter);
      return { predicate: compileFilter(f), orderBy: f.orderBy, error: null as null | { message: string; position: number | null } };
    } catch (e) {
      const info = errorInfo(e);
      return { predicate: null, orderBy: [], error: { message: info.message, position: typeof info.detail?.position === 'number' ? info.detail.position : null } };
    }
  });

  /** The runs that pass the filter, in table order. */
  readonly matched = $derived.by((): RunRow[] => {
    const { predicate, orderBy } = this.compiled;
    if (!predicate) return [];
    // The filter reads no field a table row leaves out (environment, note).
    const out = this.#runs.filter(predicate as (r: RunRow) => boolean);
    // An ORDER BY in the filter wins; otherwise the clicked column header sorts.
    if (orderBy.length) return out.sort(compareRuns(orderBy) as (a: RunRow, b: RunRow) => number);
    const k = this.sort.key, dir = this.sort.desc ? -1 : 1;
    out.sort((a, b) => {
      const x = cell(a, k), y = cell(b, k);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true })) * dir;
    });
    return out;
  });

  readonly rows = $derived.by((): TableRow[] => {
    if (!this.groupBy) return this.matched.map((run) => ({ kind: 'run', run }));
    const groups = new Map<string, RunRow[]>();
    for (const r of this.matched) {
      const v = cell(r, this.groupBy);
      const key = v === null ? '(none)' : String(v);
      groups.get(key)?.push(r) ?? groups.set(key, [r]);
    }
    return [...groups].flatMap(([value, runs]) => [{ kind: 'group' as const, value, count: runs.length }, ...runs.map((run) => ({ kind: 'run' as const, run }))]);
  });

  /** Summaries and the chosen experiments' runs, from one read of the runs in the worker. */
  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    try {
      const o = await trackBridge.overview({ experimentIds: $state.snapshot(this.selected), lifecycle: this.view });
      if (seq !== this.#seq) return;
      this.#summaries = o.summaries;
      this.selected = o.selected;
      this.#setRuns(o.runs);
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    }
  }

  loadRuns(): Promise<void> {
    return this.refresh();
  }

  #setRuns(runs: RunRow[]): void {
    this.#runs = runs;
    const ids = new Set(runs.map((r) => r.id));
    this.checked = this.checked.filter((id) => ids.has(id));
    if (!this.columns.length || !this.columns.every((c) => this.available.some((a) => a.key === c))) this.columns = this.defaultColumns();
  }

  /** Status, start, duration, the model, and the most common metrics. */
  defaultColumns(): string[] {
    const count = new Map<string, number>();
    for (const r of this.#runs) for (const k in r.metrics) count.set(k, (count.get(k) ?? 0) + 1);
    const skip = new Set(['train_rows', 'test_rows', 'fit_time_s', 'candidates_done', 'grad', 'gap', 'problem', 'nodes']);
    const metrics = [...count].filter(([k]) => !skip.has(k) && !k.startsWith('baseline_') && !k.startsWith('split')).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k]) => `metrics.${k}`);
    return ['attributes.status', 'attributes.start_time', 'attributes.duration', 'params.model', 'datasets.digest', ...metrics];
  }

  select(id: string, on: boolean, only = false): void {
    this.selected = only ? [id] : on ? [...new Set([...this.selected, id])] : this.selected.filter((x) => x !== id);
    void this.loadRuns();
  }

  toggleSort(key: string): void {
    this.sort = this.sort.key === key ? { key, desc: !this.sort.desc } : { key, desc: true };
  }

  toggleRun(id: string, on: boolean): void {
    this.checked = on ? [...new Set([...this.checked, id])] : this.checked.filter((x) => x !== id);
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
    const ids = this.checked.length ? $state.snapshot(this.checked) : this.matched.map((r) => r.id);
    if (!ids.length) return null;
    try {
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
