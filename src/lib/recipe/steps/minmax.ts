/**
 * Scales to [0, 1] by the training minimum and maximum, as scikit-learn's MinMaxScaler (x·scale + min,
 * a zero range scales by 1). Values outside the training range land outside [0, 1], as there.
 */
import { checkColumnTypes, columnsParam, NUMERIC_TYPES, RecipeError, requireNumeric, resolveColumns, type StepDef } from '../step';
import { rangeScale } from '../stats';
import { replaceColumns, type Column } from '../table';

export type MinMaxParams = { columns: string[] };
export interface MinMaxFit { columns: { column: string; min: number; max: number }[] }

export const minmax: StepDef<MinMaxParams, MinMaxFit> = {
  type: 'minmax',
  label: 'Min-max scale',
  description: 'Maps the training minimum to 0 and maximum to 1 (MinMaxScaler).',
  columnTypes: NUMERIC_TYPES,
  params: [columnsParam('columns to scale')],
  validate: (p, schema) => checkColumnTypes(schema, p.columns, NUMERIC_TYPES),
  fit(table, p) {
    const columns = resolveColumns(table.columns, p.columns, NUMERIC_TYPES).map((column) => {
      let min = Infinity, max = -Infinity;
      for (const v of requireNumeric(table, column).values) { if (v < min) min = v; if (v > max) max = v; }
      if (!Number.isFinite(min) || !Number.isFinite(max)) {
        throw new RecipeError(`column "${column}" has ${min > max ? 'no values' : 'infinite values'} in the training rows, so it cannot be min-max scaled`, { column });
      }
      return { column, min, max };
    });
    return { columns };
  },
  apply(table, _p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const { column, min, max } of fitted.columns) {
      const c = requireNumeric(table, column);
      const scale = 1 / rangeScale(max - min), offset = -min * scale;
      const src = c.values;
      const values = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) values[i] = src[i] * scale + offset;
      replace.set(column, [{ ...c, type: 'float', values }]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema: (schema, p, fitted) => {
    const names = fitted ? fitted.columns.map((f) => f.column) : resolveColumns(schema, p.columns, NUMERIC_TYPES);
    return schema.map((c) => (names.includes(c.name) ? { ...c, type: 'float' } : c));
  },
};
