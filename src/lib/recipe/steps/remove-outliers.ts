/**
 * Removes rows with a value outside bounds learned from the training rows: the IQR rule
 * [Q1 - k·IQR, Q3 + k·IQR] (quartiles by linear interpolation, as pandas) or the z-score rule
 * [mean - t·std, mean + t·std] (population std, as scipy.stats.zscore). Bounds are inclusive;
 * a missing value is not an outlier. Live inputs are never dropped (see applyRecipe).
 */
import { checkColumnTypes, columnsParam, NUMERIC_TYPES, RecipeError, requireNumeric, resolveColumns, type StepDef } from '../step';
import { moments, quantile } from '../stats';
import { keptRows, selectRows, sortedFinite } from '../table';

export type RemoveOutliersParams = { columns: string[]; method: 'iqr' | 'zscore'; k: number; threshold: number };
export interface Bounds { column: string; lower: number; upper: number }
export interface OutlierFit { bounds: Bounds[] }

export const removeOutliers: StepDef<RemoveOutliersParams, OutlierFit> = {
  type: 'remove-outliers',
  label: 'Remove outliers',
  description: 'Drops rows whose value lies outside bounds learned from the training rows (IQR or z-score rule).',
  columnTypes: NUMERIC_TYPES,
  params: [
    columnsParam('columns to check'),
    { name: 'method', kind: 'enum', values: ['iqr', 'zscore'], default: 'iqr', help: 'iqr: outside [Q1 - k·IQR, Q3 + k·IQR]; zscore: more than threshold standard deviations from the mean' },
    { name: 'k', kind: 'number', default: 1.5, min: 0, help: 'IQR multiplier (method iqr)' },
    { name: 'threshold', kind: 'number', default: 3, min: 0, help: 'standard deviations (method zscore)' },
  ],
  removesRows: true,
  validate: (p, schema) => checkColumnTypes(schema, p.columns, NUMERIC_TYPES),
  fit(table, p) {
    const bounds = resolveColumns(table.columns, p.columns, NUMERIC_TYPES).map((column): Bounds => {
      const values = requireNumeric(table, column).values;
      let lower: number, upper: number;
      if (p.method === 'iqr') {
        const sorted = sortedFinite(values);
        const q1 = quantile(sorted, 0.25), q3 = quantile(sorted, 0.75);
        [lower, upper] = [q1 - p.k * (q3 - q1), q3 + p.k * (q3 - q1)];
      } else {
        const m = moments(values), sd = Math.sqrt(m.variance);
        [lower, upper] = [m.mean - p.threshold * sd, m.mean + p.threshold * sd];
      }
      if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
        throw new RecipeError(`column "${column}" has no finite values in the training rows, so no outlier bounds can be learned`, { column });
      }
      return { column, lower, upper };
    });
    return { bounds };
  },
  apply(table, _p, fitted) {
    const keep = new Uint8Array(table.rows).fill(1);
    for (const { column, lower, upper } of fitted.bounds) {
      const v = requireNumeric(table, column).values;
      for (let i = 0; i < table.rows; i++) if (v[i] < lower || v[i] > upper) keep[i] = 0;
    }
    return selectRows(table, keptRows(keep));
  },
  outputSchema: (schema) => [...schema],
};
