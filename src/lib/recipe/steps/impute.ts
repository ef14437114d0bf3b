/**
 * Fills missing values, as scikit-learn's SimpleImputer: mean, median, most_frequent (ties go to the
 * smallest value or the first string in code-point order) or constant (fill_value; by default 0 for
 * numbers and "missing_value" for strings). Statistics come from the training rows.
 * Unlike SimpleImputer, a column with no values in the training rows is an error, not dropped.
 */
import type { ColumnSchema, ColumnType } from '../../data/types';
import { checkColumnTypes, CATEGORY_TYPES, columnsParam, RecipeError, requireColumn, resolveColumns, type StepDef } from '../step';
import { codeCounts, median, moments, mostFrequentNumber, presentCategories } from '../stats';
import { isNumeric, replaceColumns, sortedFinite, type Column } from '../table';

export const IMPUTE_STRATEGIES = ['mean', 'median', 'most_frequent', 'constant'] as const;
export type ImputeParams = { columns: string[]; strategy: (typeof IMPUTE_STRATEGIES)[number]; fill_value?: number | string };
export interface ImputeFit { fills: { column: string; value: number | string }[] }

const AVERAGE_TYPES: readonly ColumnType[] = ['integer', 'float', 'datetime'];
const ANY_TYPES: readonly ColumnType[] = [...AVERAGE_TYPES, 'boolean', ...CATEGORY_TYPES];
/** Types a strategy (and fill value) can fill; with `listed` false, the types an empty column list picks. */
function typesFor(p: ImputeParams, listed = true): readonly ColumnType[] {
  if (p.strategy === 'mean' || p.strategy === 'median') return AVERAGE_TYPES;
  if (p.strategy === 'constant' && typeof p.fill_value === 'string') return CATEGORY_TYPES;
  if (p.strategy === 'constant' && typeof p.fill_value === 'number' && !listed) return [...AVERAGE_TYPES, 'boolean'];
  return ANY_TYPES;
}

export const impute: StepDef<ImputeParams, ImputeFit> = {
  type: 'impute',
  label: 'Impute missing values',
  description: 'Fills missing values with the training mean, median, most frequent value or a constant.',
  columnTypes: ANY_TYPES,
  params: [
    columnsParam('columns to fill'),
    { name: 'strategy', kind: 'enum', values: IMPUTE_STRATEGIES, default: 'mean', help: 'mean and median need numeric or datetime columns' },
    { name: 'fill_value', kind: 'scalar', optional: true, help: 'the constant for strategy constant; default 0 (numbers) or "missing_value" (strings)' },
  ],
  validate(p, schema) {
    const hint = p.strategy === 'mean' || p.strategy === 'median' ? '; use strategy most_frequent or constant for other columns'
      : p.strategy === 'constant' && typeof p.fill_value === 'string' ? '; give a numeric fill_value for other columns' : '';
    const what = p.strategy === 'constant' && p.fill_value !== undefined ? `fill_value ${JSON.stringify(p.fill_value)}` : `strategy ${p.strategy}`;
    return checkColumnTypes(schema, p.columns, typesFor(p), what, hint);
  },
  fit(table, p) {
    const fills = resolveColumns(table.columns, p.columns, typesFor(p, p.columns.length > 0)).map((column) => {
      const c = requireColumn(table, column);
      if (p.strategy === 'constant') return { column, value: p.fill_value ?? (isNumeric(c) ? 0 : 'missing_value') };
      let value: number | string = NaN;
      if (isNumeric(c)) {
        if (p.strategy === 'mean') value = moments(c.values).mean;
        else if (p.strategy === 'median') value = median(sortedFinite(c.values));
        else value = mostFrequentNumber(c.values);
      } else {
        const cats = presentCategories(c.dictionary, codeCounts(c.codes, c.dictionary.length));
        let best = cats[0];
        for (const cat of cats) if (cat.count > best.count) best = cat; // ties keep the first in string order
        value = best ? best.value : NaN;
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new RecipeError(`column "${column}" has no values in the training rows, so its ${p.strategy.replace('_', ' ')} value is undefined; use strategy constant or drop the column`, { column });
      }
      return { column, value };
    });
    return { fills };
  },
  apply(table, _p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const { column, value } of fitted.fills) {
      const c = requireColumn(table, column);
      if (isNumeric(c)) {
        if (typeof value !== 'number') throw new RecipeError(`column "${column}" is ${c.type}, but the learned fill value ${JSON.stringify(value)} is a string`, { column });
        const src = c.values;
        const values = new Float64Array(src.length);
        for (let i = 0; i < src.length; i++) { const v = src[i]; values[i] = v === v ? v : value; }
        replace.set(column, [{ ...c, type: outType(c.type, value), values }]);
      } else {
        const s = String(value);
        let code = c.dictionary.indexOf(s);
        const dictionary = code < 0 ? [...c.dictionary, s] : c.dictionary;
        if (code < 0) code = dictionary.length - 1;
        const codes = new Int32Array(c.codes.length);
        for (let i = 0; i < codes.length; i++) { const k = c.codes[i]; codes[i] = k < 0 ? code : k; }
        replace.set(column, [{ ...c, dictionary, codes }]);
      }
    }
    return replaceColumns(table, replace);
  },
  outputSchema(schema, _p, fitted) {
    if (!fitted) return [...schema];
    const fill = new Map(fitted.fills.map((f) => [f.column, f.value]));
    return schema.map((c): ColumnSchema => {
      const v = fill.get(c.name);
      return typeof v === 'number' ? { ...c, type: outType(c.type, v) } : c;
    });
  },
};

/** An integer or boolean column filled with a fraction becomes float. */
function outType(type: ColumnType, value: number): ColumnType {
  return (type === 'integer' || type === 'boolean') && !Number.isInteger(value) ? 'float' : type === 'boolean' && value !== 0 && value !== 1 ? 'integer' : type;
}
