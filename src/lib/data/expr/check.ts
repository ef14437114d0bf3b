/** Type check of an expression against a dataset's columns. */
import { ExpressionError, fail, positions, show, type Expr } from './ast';
import { storageOf, type ColumnType } from '../types';
import { formatName } from './format';

type Kind = 'number' | 'text' | 'string';

function kindOf(e: Expr, types: ReadonlyMap<string, string>): Kind {
  switch (e.kind) {
    case 'number': return 'number';
    case 'string': return 'string';
    case 'column': {
      const type = types.get(e.name);
      if (type === undefined) {
        const names = [...types.keys()].map(formatName);
        const list = names.length === 0 ? 'there are none' : `columns are ${names.slice(0, 30).join(', ')}${names.length > 30 ? `, … (${names.length - 30} more)` : ''}`;
        throw fail(`Unknown column ${show(e.name)}`, positions.get(e), `: ${list}`, 'a column name', { column: e.name });
      }
      return storageOf(type as ColumnType) === 'codes' ? 'text' : 'number';
    }
    case 'unary': numeric(e.arg, types); return 'number';
    case 'binary': {
      if (e.op !== '==' && e.op !== '!=') { numeric(e.left, types); numeric(e.right, types); return 'number'; }
      const l = kindOf(e.left, types), r = kindOf(e.right, types);
      if (l === 'number' && r === 'number') return 'number';
      if ((l === 'text' && r !== 'number') || (r === 'text' && l !== 'number')) return 'number';
      throw misuse(l !== 'number' ? e.left : e.right, types);
    }
    case 'call':
      if (e.fn === 'isnull') { if (kindOf(e.args[0], types) === 'string') throw misuse(e.args[0], types); }
      else for (const a of e.args) numeric(a, types);
      return 'number';
  }
}

export function numeric(e: Expr, types: ReadonlyMap<string, string>): void {
  if (kindOf(e, types) !== 'number') throw misuse(e, types);
}

export function misuse(e: Expr, types: ReadonlyMap<string, string>): ExpressionError {
  if (e.kind === 'column') {
    return fail(`Column ${show(e.name)}`, positions.get(e), ` is ${types.get(e.name)}, not numeric: use it only in == or != comparisons with a string (e.g. ${formatName(e.name)} == "value") or in isnull()`, 'a numeric column', { column: e.name });
  }
  const text = e.kind === 'string' ? `String ${show(e.value)}` : 'This value';
  return fail(text, positions.get(e), ' can only be compared (== or !=) with a categorical or text column', 'a number or a numeric column');
}

/**
 * Checks that every referenced column exists and that text columns and strings appear only where
 * they may (==/!= and isnull); the result must be numeric. Throws an ExpressionError naming the column.
 */
export function checkColumns(expr: Expr, columns: readonly { name: string; type: string }[]): void {
  numeric(expr, new Map(columns.map((c) => [c.name, c.type])));
}

/** Referenced column names, each once, in order of first appearance. */
export function columnsOf(expr: Expr): string[] {
  const seen = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'column') seen.add(e.name);
    else if (e.kind === 'unary') walk(e.arg);
    else if (e.kind === 'binary') { walk(e.left); walk(e.right); }
    else if (e.kind === 'call') e.args.forEach(walk);
  };
  walk(expr);
  return [...seen];
}
