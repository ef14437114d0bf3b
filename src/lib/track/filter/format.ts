/**
 * The canonical printer: upper-case keywords, plural prefixes, single-quoted strings, backticks only
 * where a key needs them, parentheses only where precedence needs them, ASC left out.
 * parseFilter(formatFilter(f)) deep-equals f for every Filter that parseFilter returns.
 */
import type { Expr, Filter, Key, OrderItem } from './ast';
import { PREFIX } from './keys';

const BARE_NAME = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

const quote = (s: string, q: string): string => q + s.replace(q === '`' ? /[\\`]/g : /[\\']/g, '\\$&') + q;

export function formatKey(key: Key): string {
  return `${PREFIX[key.kind]}.${BARE_NAME.test(key.name) ? key.name : quote(key.name, '`')}`;
}

function formatValue(v: number | string): string {
  if (typeof v === 'string') return quote(v, "'");
  if (v === Infinity) return '1e999';
  if (v === -Infinity) return '-1e999';
  return Object.is(v, -0) ? '-0' : String(v);
}

function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'compare': return `${formatKey(e.key)} ${e.op} ${formatValue(e.value)}`;
    case 'in': return `${formatKey(e.key)} ${e.not ? 'NOT IN' : 'IN'} (${e.values.map((v) => quote(v, "'")).join(', ')})`;
    case 'null': return `${formatKey(e.key)} IS ${e.not ? 'NOT ' : ''}NULL`;
    case 'and': return e.args.map((a) => (a.kind === 'and' || a.kind === 'or' ? `(${formatExpr(a)})` : formatExpr(a))).join(' AND ');
    case 'or': return e.args.map((a) => (a.kind === 'or' ? `(${formatExpr(a)})` : formatExpr(a))).join(' OR ');
  }
}

export function formatOrderItem(o: OrderItem): string {
  return `${formatKey(o.key)}${o.descending ? ' DESC' : ''}`;
}

/** Canonical text of a filter: '' for the empty filter, "ORDER BY …" alone when it only orders. */
export function formatFilter(f: Filter): string {
  const where = f.where ? formatExpr(f.where) : '';
  const order = f.orderBy.length ? `ORDER BY ${f.orderBy.map(formatOrderItem).join(', ')}` : '';
  return where && order ? `${where} ${order}` : where || order;
}
