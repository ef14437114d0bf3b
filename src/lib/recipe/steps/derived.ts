/**
 * A new numeric column computed from an expression over other columns (data/expr.ts), e.g.
 * `price / area` or `if(age >= 18, 1, 0)`. A column of the same name is replaced in place;
 * otherwise the new column goes last.
 */
import { COLUMN_TYPES, type ColumnSchema } from '../../data/types';
import { type StepDef } from '../step';
import type { Column } from '../table';
import { evaluateOn, expressionProblem } from './filter-rows';

export type DerivedParams = { name: string; expression: string };

export const derived: StepDef<DerivedParams> = {
  type: 'derived',
  label: 'Derived column',
  description: 'Adds a column computed from an arithmetic expression over columns, e.g. price / area.',
  columnTypes: COLUMN_TYPES,
  params: [
    { name: 'name', kind: 'string', help: 'the new column (an existing one of that name is replaced)' },
    { name: 'expression', kind: 'expression', help: 'e.g. price / area, log1p(income), if(age >= 18, 1, 0)' },
  ],
  validate(p, schema) {
    const out: string[] = [];
    if (p.name.trim() === '') out.push('name must not be empty');
    const problem = expressionProblem(p.expression, schema);
    if (problem) out.push(problem);
    return out;
  },
  apply(table, p) {
    const values = evaluateOn(table, p.expression);
    const col: Column = { name: p.name, type: 'float', role: 'feature', values };
    const at = table.columns.findIndex((c) => c.name === p.name);
    const columns = at < 0 ? [...table.columns, col] : table.columns.map((c, k) => (k === at ? { ...col, role: c.role } : c));
    return { rows: table.rows, columns };
  },
  outputSchema(schema, p) {
    const col: ColumnSchema = { name: p.name, type: 'float', role: 'feature' };
    const at = schema.findIndex((c) => c.name === p.name);
    return at < 0 ? [...schema, col] : schema.map((c, k) => (k === at ? { ...col, role: c.role } : c));
  },
};
