/**
 * The runs table of the Experiments page, kept where the runs are (the tracking worker): the
 * filter is compiled and applied there, rows are sorted and grouped there, and the page asks only
 * for the rows in view with the columns it shows. Ten thousand runs never cross to the page.
 */
import type { RunRecord } from '../store/schema';
import { compareRuns, compileFilter, parseFilter } from './filter';
import type { RunRow } from './manage';

export interface RunColumn {
  /** A filter-grammar key (params.C, metrics.accuracy, tags.team, attributes.status …) or metrics_min./metrics_max. */
  key: string;
  label: string;
}

export interface RunQuery {
  filter: string;
  sort: { key: string; desc: boolean };
  groupBy: string;
}

/** A row as the page draws it: a run's cells for the asked columns, or a group's header. */
export type TableRow =
  | { kind: 'run'; id: string; name: string; child: boolean; dataset: { datasetId: string; versionId: string } | null; cells: Record<string, string | number | null> }
  | { kind: 'group'; value: string; count: number };

export interface QueryResult {
  /** Rows, group headers included. */
  total: number;
  matched: number;
  all: number;
  error: { message: string; position: number | null } | null;
}

const ATTRIBUTES: RunColumn[] = [
  { key: 'attributes.status', label: 'Status' },
  { key: 'attributes.start_time', label: 'Started' },
  { key: 'attributes.duration', label: 'Duration' },
  { key: 'datasets.digest', label: 'Dataset version' },
];

/** The value of a column key for a run. */
export function cell(run: RunRow, key: string): string | number | null {
  const dot = key.indexOf('.');
  const prefix = key.slice(0, dot), name = key.slice(dot + 1);
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

type Order = { kind: 'run'; run: RunRow } | { kind: 'group'; value: string; count: number };

export class RunTable {
  #order: Order[] = [];
  #matched: RunRow[] = [];

  constructor(private readonly runs: readonly RunRow[]) {}

  /** Every column the runs offer: attributes, then params, metrics (latest, min, max) and tags. */
  available(): RunColumn[] {
    const p = new Set<string>(), m = new Set<string>(), t = new Set<string>();
    for (const r of this.runs) {
      for (const k in r.params) p.add(k);
      for (const k in r.metrics) m.add(k);
      for (const k in r.tags) if (!k.startsWith('benchtop.')) t.add(k);
    }
    const sorted = (s: Set<string>) => [...s].sort();
    return [
      ...ATTRIBUTES,
      ...sorted(p).map((k) => ({ key: `params.${k}`, label: k })),
      ...sorted(m).flatMap((k) => [{ key: `metrics.${k}`, label: k }, { key: `metrics_min.${k}`, label: `${k} (min)` }, { key: `metrics_max.${k}`, label: `${k} (max)` }]),
      ...sorted(t).map((k) => ({ key: `tags.${k}`, label: `tag ${k}` })),
    ];
  }

  /** Status, start, duration, model, dataset version and the four most common metrics. */
  defaultColumns(): string[] {
    const count = new Map<string, number>();
    for (const r of this.runs) for (const k in r.metrics) count.set(k, (count.get(k) ?? 0) + 1);
    const skip = new Set(['train_rows', 'test_rows', 'fit_time_s', 'candidates_done', 'grad', 'gap', 'problem', 'nodes']);
    const metrics = [...count].filter(([k]) => !skip.has(k) && !k.startsWith('baseline_') && !k.startsWith('split') && !k.startsWith('tree_oob_')).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k]) => `metrics.${k}`);
    return ['attributes.status', 'attributes.start_time', 'attributes.duration', 'params.model', 'datasets.digest', ...metrics];
  }

  /** Filters, sorts (an ORDER BY in the filter wins over the column sort) and groups the runs. */
  query(q: RunQuery): QueryResult {
    let f;
    try {
      f = parseFilter(q.filter);
    } catch (e) {
      const d = (e as { detail?: { position?: unknown } }).detail;
      return { total: this.#order.length, matched: this.#matched.length, all: this.runs.length, error: { message: (e as Error).message, position: typeof d?.position === 'number' ? d.position : null } };
    }
    // The filter reads no field a table row leaves out (environment, note).
    const keep = compileFilter(f) as (r: RunRow) => boolean;
    const out = this.runs.filter(keep);
    if (f.orderBy.length) out.sort(compareRuns(f.orderBy) as (a: RunRecord | RunRow, b: RunRecord | RunRow) => number);
    else {
      const k = q.sort.key, dir = q.sort.desc ? -1 : 1;
      out.sort((a, b) => {
        const x = cell(a, k), y = cell(b, k);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true })) * dir;
      });
    }
    this.#matched = out;
    if (!q.groupBy) this.#order = out.map((run) => ({ kind: 'run', run }));
    else {
      const groups = new Map<string, RunRow[]>();
      for (const r of out) {
        const v = cell(r, q.groupBy);
        const key = v === null ? '(none)' : String(v);
        const g = groups.get(key);
        if (g) g.push(r);
        else groups.set(key, [r]);
      }
      this.#order = [...groups].flatMap(([value, runs]) => [{ kind: 'group' as const, value, count: runs.length }, ...runs.map((run) => ({ kind: 'run' as const, run }))]);
    }
    return { total: this.#order.length, matched: out.length, all: this.runs.length, error: null };
  }

  /** Rows [offset, offset + limit) of the last query, with the cells of `columns`. */
  slice(offset: number, limit: number, columns: readonly string[]): TableRow[] {
    return this.#order.slice(offset, offset + limit).map((o) => {
      if (o.kind === 'group') return o;
      const r = o.run, input = r.inputs[0];
      return {
        kind: 'run', id: r.id, name: r.name, child: r.parentId !== null,
        dataset: input ? { datasetId: input.datasetId, versionId: input.versionId } : null,
        cells: Object.fromEntries(columns.map((c) => [c, cell(r, c)])),
      };
    });
  }

  matchedIds(): string[] {
    return this.#matched.map((r) => r.id);
  }
}
