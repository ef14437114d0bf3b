/**
 * Bins a numeric column into n_bins intervals and replaces it by the bin number (0 … n-1), as
 * scikit-learn's KBinsDiscretizer(encode='ordinal'): `uniform` edges are np.linspace(min, max),
 * `quantile` edges np.percentile at 0, 100/n, …, 100 with bins narrower than 1e-8 removed; a value
 * goes to the bin of the last inner edge ≤ it (np.searchsorted right), so values beyond the training
 * range land in the first or last bin. A constant column gets one bin. Unlike sklearn (which rejects
 * missing values), missing values are skipped when fitting and stay missing.
 */
import { checkColumnTypes, columnsParam, NUMERIC_TYPES, RecipeError, requireNumeric, resolveColumns, type StepDef } from '../step';
import { linspace, quantile } from '../stats';
import { replaceColumns, sortedFinite, type Column } from '../table';

export type BucketizeParams = { columns: string[]; n_bins: number; strategy: 'uniform' | 'quantile' };
/** `edges` as sklearn's bin_edges_ (n_bins + 1 values), except a constant column stores [v, v]. */
export interface BucketizeFit { columns: { column: string; edges: number[] }[] }

/** Bin edges of sorted values, as KBinsDiscretizer.fit. */
export function binEdges(sorted: Float64Array, nBins: number, strategy: BucketizeParams['strategy']): number[] {
  const min = sorted[0], max = sorted[sorted.length - 1];
  if (min === max) return [min, max];
  if (strategy === 'uniform') return linspace(min, max, nBins + 1);
  const edges = linspace(0, 100, nBins + 1).map((q) => quantile(sorted, q / 100));
  return edges.filter((e, k) => k === 0 || e - edges[k - 1] > 1e-8);
}

export const bucketize: StepDef<BucketizeParams, BucketizeFit> = {
  type: 'bucketize',
  label: 'Bucketize',
  description: 'Replaces a number by the number of its bin: equal-width (uniform) or equal-count (quantile) bins learned from the training rows.',
  columnTypes: NUMERIC_TYPES,
  params: [
    columnsParam('columns to bin'),
    { name: 'n_bins', kind: 'integer', default: 5, min: 2, max: 1000, help: 'number of bins' },
    { name: 'strategy', kind: 'enum', values: ['uniform', 'quantile'], default: 'quantile', help: 'uniform: equal widths; quantile: about equal counts' },
  ],
  validate: (p, schema) => checkColumnTypes(schema, p.columns, NUMERIC_TYPES),
  fit(table, p) {
    const columns = resolveColumns(table.columns, p.columns, NUMERIC_TYPES).map((column) => {
      const sorted = sortedFinite(requireNumeric(table, column).values);
      if (sorted.length === 0) throw new RecipeError(`column "${column}" has no values in the training rows, so no bins can be learned`, { column });
      if (!Number.isFinite(sorted[0]) || !Number.isFinite(sorted[sorted.length - 1])) throw new RecipeError(`column "${column}" holds infinite values; clip it before bucketizing`, { column });
      return { column, edges: binEdges(sorted, p.n_bins, p.strategy) };
    });
    return { columns };
  },
  apply(table, _p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const { column, edges } of fitted.columns) {
      const c = requireNumeric(table, column);
      const inner = edges.slice(1, -1);
      const values = c.values.map((v) => {
        if (v !== v) return NaN;
        let lo = 0, hi = inner.length; // count of inner edges <= v
        while (lo < hi) { const mid = (lo + hi) >> 1; if (inner[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
      });
      replace.set(column, [{ ...c, type: 'integer', values }]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema(schema, p, fitted) {
    const names = fitted ? fitted.columns.map((f) => f.column) : resolveColumns(schema, p.columns, NUMERIC_TYPES);
    return schema.map((c) => (names.includes(c.name) ? { ...c, type: 'integer' } : c));
  },
};
