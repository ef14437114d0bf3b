/** log(1 + x), for skewed non-negative columns. A value of -1 or below is an error (log1p is undefined there). */
import { checkColumnTypes, columnsParam, NUMERIC_TYPES, RecipeError, requireNumeric, resolveColumns, type StepDef } from '../step';
import { replaceColumns, type Column } from '../table';

export type Log1pParams = { columns: string[] };

export const log1p: StepDef<Log1pParams> = {
  type: 'log1p',
  label: 'Log transform (log1p)',
  description: 'Replaces x by log(1 + x), which tames right-skewed columns such as counts and amounts.',
  columnTypes: NUMERIC_TYPES,
  params: [columnsParam('columns to transform')],
  validate: (p, schema) => checkColumnTypes(schema, p.columns, NUMERIC_TYPES),
  apply(table, p) {
    const replace = new Map<string, Column[]>();
    for (const column of resolveColumns(table.columns, p.columns, NUMERIC_TYPES)) {
      const c = requireNumeric(table, column);
      let bad = 0, smallest = Infinity;
      for (const v of c.values) if (v <= -1) { bad++; if (v < smallest) smallest = v; }
      if (bad > 0) {
        throw new RecipeError(`column "${column}" has ${bad} value${bad === 1 ? '' : 's'} of -1 or below (the smallest is ${smallest}); log1p is defined only above -1: clip or shift the column first`, { column, count: bad, smallest });
      }
      replace.set(column, [{ ...c, type: 'float', values: c.values.map(Math.log1p) }]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema: (schema, p) => {
    const names = resolveColumns(schema, p.columns, NUMERIC_TYPES);
    return schema.map((c) => (names.includes(c.name) ? { ...c, type: 'float' } : c));
  },
};
