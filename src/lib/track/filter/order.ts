/**
 * Ordering and search, as MLflow's search_runs does it: runs come newest first (start time
 * descending, then run id ascending), and each ORDER BY key overrides that order in turn. A run
 * missing the key (or holding NaN) sorts last whether the key is ascending or descending. Params
 * and tags are strings and sort as strings ('10' before '9'), by UTF-16 code units.
 */
import type { RunRecord } from '../../store/track-schema';
import { FilterError, type OrderItem } from './ast';
import { compileFilter } from './compile';
import { getter, specOf } from './keys';
import { parseFilter, parseOrderBy } from './parse';

export type RunComparator = (a: RunRecord, b: RunRecord) => number;

/** MLflow's natural order: newest start first, then run id. */
export const naturalOrder: RunComparator = (a, b) => b.start - a.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Parses order-by entries given as text ("metrics.rmse DESC"); a FilterError names the entry. */
function toItems(orderBy: readonly (string | OrderItem)[]): OrderItem[] {
  return orderBy.map((o, index) => {
    if (typeof o !== 'string') return o;
    try {
      return parseOrderBy(o);
    } catch (e) {
      if (e instanceof FilterError) throw new FilterError(`In order_by[${index}] ${JSON.stringify(o)}: ${e.message}`, { ...e.detail, index });
      throw e;
    }
  });
}

/**
 * A comparator for Array.prototype.sort: each order-by key in turn (text such as "metrics.rmse DESC"
 * or a parsed OrderItem), missing values last, then the natural order (start time desc, run id).
 */
export function compareRuns(orderBy: readonly (string | OrderItem)[] = []): RunComparator {
  const keys = toItems(orderBy).map(({ key, descending }) => {
    const spec = specOf(key);
    if (!spec?.orderable) throw new FilterError(`Runs cannot be ordered by ${key.kind} ${key.name}: order by metrics, params, tags or attributes.`, { expected: 'metrics, params, tags or attributes' });
    return { get: getter(key), sign: descending ? -1 : 1 };
  });
  return (a, b) => {
    for (const { get, sign } of keys) {
      let x = get(a), y = get(b);
      if (x !== x) x = undefined; // NaN sorts with the missing
      if (y !== y) y = undefined;
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
        continue;
      }
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return naturalOrder(a, b);
  };
}

export interface SearchOptions {
  /** MLflow's order_by list, e.g. ["metrics.rmse DESC", "attributes.start_time"]: applied after the filter's own ORDER BY. */
  orderBy?: readonly string[];
}

/**
 * The runs that match `text` (MLflow's filter grammar with OR, parentheses and an optional trailing
 * ORDER BY), sorted: a new array, the input untouched. The caller chooses which runs to search
 * (an experiment's, active ones only), as MLflow's experiment_ids and run_view_type do.
 */
export function searchRuns(runs: readonly RunRecord[], text: string, opts: SearchOptions = {}): RunRecord[] {
  const filter = parseFilter(text);
  const compare = compareRuns([...filter.orderBy, ...(opts.orderBy ?? [])]);
  const match = compileFilter(filter);
  return runs.filter(match).sort(compare);
}
