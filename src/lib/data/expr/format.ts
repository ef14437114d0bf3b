/** The canonical printer: parseExpression(formatExpression(e)) deep-equals e. */
import { FUNCTIONS, KEYWORDS, type BinaryOp, type Expr } from './ast';

const PREC: Readonly<Record<BinaryOp, number>> = { or: 1, and: 2, '<': 4, '<=': 4, '>': 4, '>=': 4, '==': 4, '!=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6, '^': 8 };
const precOf = (e: Expr): number => (e.kind === 'binary' ? PREC[e.op] : e.kind === 'unary' ? (e.op === 'not' ? 3 : 7) : 9);
const quote = (s: string, q: string): string => q + s.replace(q === '`' ? /[\\`]/g : /[\\"]/g, '\\$&') + q;

export function formatName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name) && !FUNCTIONS.has(name) ? name : quote(name, '`');
}
function formatNumber(v: number): string {
  if (v === Infinity) return '1e999';
  if (v !== v) return '(0 / 0)';
  return v < 0 || Object.is(v, -0) ? `(-${formatNumber(-v)})` : String(v);
}

/**
 * Canonical text: single spaces around binary operators, `and`/`or`/`not` words, double-quoted
 * strings, backquotes only where a name needs them, parentheses only where precedence needs them.
 * parseExpression(formatExpression(e)) is deep-equal to e for every AST parseExpression returns.
 */
export function formatExpression(e: Expr): string {
  const wrap = (c: Expr, paren: boolean): string => (paren ? `(${formatExpression(c)})` : formatExpression(c));
  switch (e.kind) {
    case 'number': return formatNumber(e.value);
    case 'string': return quote(e.value, '"');
    case 'column': return formatName(e.name);
    case 'call': return `${e.fn}(${e.args.map(formatExpression).join(', ')})`;
    case 'unary': return e.op === 'not' ? `not ${wrap(e.arg, precOf(e.arg) < 3)}` : e.op + wrap(e.arg, precOf(e.arg) < 7);
    case 'binary': {
      const p = PREC[e.op], l = precOf(e.left), r = precOf(e.right);
      if (e.op === '^') return `${wrap(e.left, l < 9)} ^ ${wrap(e.right, r < 7)}`;
      return `${wrap(e.left, p === 4 ? l <= 4 : l < p)} ${e.op} ${wrap(e.right, r <= p)}`;
    }
  }
}
