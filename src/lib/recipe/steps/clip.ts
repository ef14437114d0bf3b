/**
 * Clips values into [lower, upper]: fixed bounds, or quantiles of the training rows (linear
 * interpolation, as pandas). Missing values stay missing.
 */
import type { ColumnType } from '../../data/types';
import { checkColumnTypes, columnsParam, NUMERIC_TYPES, RecipeError, requireNumeric, resolveColumns, type StepDef } from '../step';
import { quantile } from '../stats';
import { replaceColumns, sortedFinite, type Column } from '../table';

export type ClipParams = { columns: string[]; method: 'fixed' | 'quantile'; lower?: number; upper?: number; lower_quantile: number; upper_quantile: number };
export interface ClipFit { bounds: { column: string; lower?: number; upper?: number }[] }

export const clip: StepDef<ClipParams, ClipFit> = {
  type: 'clip',
  label: 'Clip',
  description: 'Limits values to a range: fixed bounds, or quantiles learned from the training rows.',
  columnTypes: NUMERIC_TYPES,
  params: [
    columnsParam('columns to clip'),
    { name: 'method', kind: 'enum', values: ['fixed', 'quantile'], default: 'quantile', help: 'fixed: lower/upper as given; quantile: learned from the training rows' },
    { name: 'lower', kind: 'number', optional: true, help: 'lower bound (method fixed); none when absent' },
    { name: 'upper', kind: 'number', optional: true, help: 'upper bound (method fixed); none when absent' },
    { name: 'lower_quantile', kind: 'number', default: 0.01, min: 0, max: 1, help: 'quantile for the lower bound (method quantile)' },
    { name: 'upper_quantile', kind: 'number', default: 0.99, min: 0, max: 1, help: 'quantile for the upper bound (method quantile)' },
  ],
  validate(p, schema) {
    const out = checkColumnTypes(schema, p.columns, NUMERIC_TYPES);
    if (p.method === 'fixed' && p.lower === undefined && p.upper === undefined) out.push('method fixed needs lower, upper or both');
    if (p.method === 'fixed' && p.lower !== undefined && p.upper !== undefined && p.lower > p.upper) out.push(`lower (${p.lower}) is above upper (${p.upper})`);
    if (p.method === 'quantile' && p.lower_quantile > p.upper_quantile) out.push(`lower_quantile (${p.lower_quantile}) is above upper_quantile (${p.upper_quantile})`);
    return out;
  },
  fit(table, p) {
    const bounds = resolveColumns(table.columns, p.columns, NUMERIC_TYPES).map((column) => {
      const values = requireNumeric(table, column).values;
      if (p.method === 'fixed') return { column, ...(p.lower !== undefined && { lower: p.lower }), ...(p.upper !== undefined && { upper: p.upper }) };
      const sorted = sortedFinite(values);
      if (sorted.length === 0) throw new RecipeError(`column "${column}" has no values in the training rows, so no quantiles can be learned`, { column });
      return { column, lower: quantile(sorted, p.lower_quantile), upper: quantile(sorted, p.upper_quantile) };
    });
    return { bounds };
  },
  apply(table, _p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const { column, lower = -Infinity, upper = Infinity } of fitted.bounds) {
      const c = requireNumeric(table, column);
      const src = c.values;
      const values = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) { const v = src[i]; values[i] = v < lower ? lower : v > upper ? upper : v; }
      replace.set(column, [{ ...c, type: outType(c.type, lower, upper), values }]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema(schema, _p, fitted) {
    if (!fitted) return [...schema];
    return schema.map((c) => {
      const b = fitted.bounds.find((x) => x.column === c.name);
      return b ? { ...c, type: outType(c.type, b.lower ?? 0, b.upper ?? 0) } : c;
    });
  },
};

const outType = (type: ColumnType, lower: number, upper: number): ColumnType =>
  type === 'integer' && !((Number.isInteger(lower) || lower === -Infinity) && (Number.isInteger(upper) || upper === Infinity)) ? 'float' : type;
