/**
 * Keeps the rows where a condition (an expression over columns, data/expr.ts) is true. A missing
 * result (e.g. `age > 30` where age is missing) counts as false, as in pandas' query.
 */
import { checkColumns, evaluate, parseExpression, type ColumnData, type Expr } from '../../data/expr';
import { COLUMN_TYPES } from '../../data/types';
import { RecipeError, type StepDef } from '../step';
import { isNumeric, keptRows, selectRows, type Table } from '../table';

export type FilterRowsParams = { condition: string };

/** Parses and type-checks an expression against the schema; returns the problem as a message. */
export function expressionProblem(src: string, schema: readonly { name: string; type: string }[]): string | undefined {
  try {
    checkColumns(parseExpression(src), schema);
    return undefined;
  } catch (e) {
    return `expression ${JSON.stringify(src)}: ${(e as Error).message}`;
  }
}

/** Evaluates an expression over a table's columns (one value per row, NaN when missing). */
export function evaluateOn(table: Table, src: string): Float64Array {
  let expr: Expr;
  try {
    expr = parseExpression(src);
  } catch (e) {
    throw new RecipeError(`expression ${JSON.stringify(src)}: ${(e as Error).message}`, { expression: src });
  }
  const env = new Map<string, ColumnData>(table.columns.map((c) => [c.name, isNumeric(c) ? c.values : { codes: c.codes, dictionary: c.dictionary }]));
  const types = table.columns.map((c) => ({ name: c.name, type: c.type }));
  try {
    checkColumns(expr, types);
    return evaluate(expr, env, table.rows);
  } catch (e) {
    throw new RecipeError(`expression ${JSON.stringify(src)}: ${(e as Error).message}`, { expression: src });
  }
}

export const filterRows: StepDef<FilterRowsParams> = {
  type: 'filter-rows',
  label: 'Filter rows',
  description: 'Keeps the rows where a condition holds, e.g. age >= 18 and country == "FR". Rows where it is missing are dropped.',
  columnTypes: COLUMN_TYPES,
  params: [{ name: 'condition', kind: 'expression', help: 'rows where this is true (nonzero) are kept' }],
  removesRows: true,
  validate(p, schema) {
    const problem = expressionProblem(p.condition, schema);
    return problem ? [problem] : [];
  },
  apply(table, p) {
    const v = evaluateOn(table, p.condition);
    const keep = new Uint8Array(table.rows);
    for (let i = 0; i < v.length; i++) keep[i] = v[i] === v[i] && v[i] !== 0 ? 1 : 0;
    return selectRows(table, keptRows(keep));
  },
  outputSchema: (schema) => [...schema],
};
