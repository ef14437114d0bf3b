/**
 * Centers and scales to unit variance, as scikit-learn's StandardScaler: population standard
 * deviation (ddof = 0), a constant column scales by 1, missing values are ignored when fitting and
 * stay missing.
 */
import { checkColumnTypes, columnsParam, NUMERIC_TYPES, RecipeError, requireNumeric, resolveColumns, type StepDef } from '../step';
import { moments, standardScale } from '../stats';
import { replaceColumns, type Column } from '../table';

export type StandardizeParams = { columns: string[]; with_mean: boolean; with_std: boolean };
export interface StandardizeFit { columns: { column: string; mean: number; scale: number }[] }

export const standardize: StepDef<StandardizeParams, StandardizeFit> = {
  type: 'standardize',
  label: 'Standardize',
  description: 'Subtracts the training mean and divides by the training standard deviation (StandardScaler).',
  columnTypes: NUMERIC_TYPES,
  params: [
    columnsParam('columns to scale'),
    { name: 'with_mean', kind: 'boolean', default: true, help: 'subtract the mean' },
    { name: 'with_std', kind: 'boolean', default: true, help: 'divide by the standard deviation' },
  ],
  validate: (p, schema) => checkColumnTypes(schema, p.columns, NUMERIC_TYPES),
  fit(table, p) {
    const columns = resolveColumns(table.columns, p.columns, NUMERIC_TYPES).map((column) => {
      const m = moments(requireNumeric(table, column).values);
      if (m.count === 0) throw new RecipeError(`column "${column}" has no values in the training rows, so it cannot be standardized`, { column });
      if (!Number.isFinite(m.variance)) throw new RecipeError(`column "${column}" holds infinite values; clip it before standardizing`, { column });
      return { column, mean: p.with_mean ? m.mean : 0, scale: p.with_std ? standardScale(m) : 1 };
    });
    return { columns };
  },
  apply(table, _p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const { column, mean, scale } of fitted.columns) {
      const c = requireNumeric(table, column);
      const src = c.values;
      const values = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) values[i] = (src[i] - mean) / scale;
      replace.set(column, [{ ...c, type: 'float', values }]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema: (schema, p, fitted) => {
    const names = fitted ? fitted.columns.map((f) => f.column) : resolveColumns(schema, p.columns, NUMERIC_TYPES);
    return schema.map((c) => (names.includes(c.name) ? { ...c, type: 'float' } : c));
  },
};
