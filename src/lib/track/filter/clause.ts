/**
 * One clause of a filter — `key op value`, `key [NOT] IN (…)`, `key IS [NOT] NULL` — and one
 * ORDER BY item, checked against the key table: the operator must fit the key, the value must be a
 * number for numeric keys and a quoted string for the others, a status must be a run status.
 */
import { RUN_STATUSES } from '../../store/track-schema';
import { quoted, type Expr, type Key, type Operator, type OrderItem } from './ast';
import { end, type Cursor, type KeyToken } from './cursor';
import type { KeySpec } from './keys';
import type { Token } from './lex';

export const KEY_EXAMPLE = 'a key such as metrics.rmse, params.model, tags.team, attributes.status or datasets.digest';
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Reads the operator after a key: = != < <= > >= LIKE ILIKE IN, NOT IN, IS NULL, IS NOT NULL. */
function operator(c: Cursor, t: KeyToken, spec: KeySpec): Operator {
  const o = c.peek(), ops = `Operators for ${t.text}: ${spec.ops.join(', ')}.`;
  let op: Operator;
  if (o.type === 'op' || (o.type === 'word' && ['LIKE', 'ILIKE', 'IN'].includes(o.value))) { c.i++; op = o.value as Operator; }
  else if (c.eat('word', 'NOT')) {
    if (!c.eat('word', 'IN')) throw c.expected('IN after NOT', c.peek(), ops, 'IN');
    op = 'NOT IN';
  } else if (c.eat('word', 'IS')) {
    const not = c.eat('word', 'NOT');
    if (!c.eat('word', 'NULL')) throw c.expected(not ? 'NULL after IS NOT' : 'NULL or NOT NULL after IS', c.peek(), '', 'NULL');
    op = not ? 'IS NOT NULL' : 'IS NULL';
  } else throw c.expected(`a comparison operator after ${t.text}`, o, ops, 'an operator');
  if (!spec.ops.includes(op)) throw c.error(o.pos, end(c.last()), `${op} does not apply to ${t.text} at position ${o.pos}: ${spec.about}. ${ops}`, spec.ops.join(', '));
  return op;
}

function checkStatus(c: Cursor, key: Key, v: Token & { type: 'str' }): void {
  if (key.kind !== 'attribute' || key.name !== 'status' || (RUN_STATUSES as readonly string[]).includes(v.value)) return;
  throw c.error(v.pos, end(v), `Unknown run status ${quoted(v.value)} at position ${v.pos}. Statuses: ${RUN_STATUSES.join(', ')}.`, RUN_STATUSES.join(', '));
}

function value(c: Cursor, t: KeyToken, key: Key, spec: KeySpec, op: Operator): number | string {
  const v = c.peek(), after = `${t.text} ${op}`;
  const isNull = v.type === 'word' && v.value === 'NULL' && spec.ops.includes('IS NULL') ? ` For runs without it, write ${t.text} IS NULL.` : '';
  if (spec.type === 'number') {
    if (v.type !== 'num') throw c.expected(`a number after ${after}`, v, `${cap(spec.about)}.${isNull}`, 'a number');
    c.i++;
    return v.value;
  }
  if (v.type !== 'str') {
    const fix = v.type === 'num' || v.type === 'key' ? ` write '${v.text}'` : ' quote it';
    throw c.expected(`a quoted string after ${after}`, v, `${cap(spec.about)}:${fix}.${isNull}`, 'a quoted string');
  }
  if (op === '=' || op === '!=') checkStatus(c, key, v); // a LIKE pattern is not a status
  c.i++;
  return v.value;
}

function list(c: Cursor, key: Key, after: string): string[] {
  const open = c.peek();
  if (!c.eat('punct', '(')) throw c.expected(`'(' after ${after}`, open, "Write IN ('a', 'b').", "'('");
  const values: string[] = [];
  do {
    const v = c.peek();
    if (v.type !== 'str') throw c.expected('a quoted string in the IN list', v, 'An IN list holds one or more quoted strings.', 'a quoted string');
    checkStatus(c, key, v);
    values.push(v.value);
    c.i++;
  } while (c.eat('punct', ','));
  if (!c.eat('punct', ')')) throw c.expected("',' or ')'", c.peek(), '', "',' or ')'", ` to close the IN list opened at position ${open.pos}`);
  return values;
}

/** A clause starting at key token t (the cursor is on t). */
export function clause(c: Cursor, t: KeyToken): Expr {
  const { key, spec } = c.key(t);
  c.i++;
  const op = operator(c, t, spec);
  if (op === 'IS NULL' || op === 'IS NOT NULL') return { kind: 'null', key, not: op === 'IS NOT NULL' };
  if (op === 'IN' || op === 'NOT IN') return { kind: 'in', key, not: op === 'NOT IN', values: list(c, key, `${t.text} ${op}`) };
  return { kind: 'compare', key, op, value: value(c, t, key, spec, op) };
}

/** An ORDER BY item: a key that runs can be ordered by, then ASC (the default) or DESC. */
export function orderItem(c: Cursor): OrderItem {
  const t = c.peek();
  if (t.type !== 'key') throw c.expected(`${KEY_EXAMPLE.replace(' or datasets.digest', '')} to order by`, t, '', 'a key');
  const { key, spec } = c.key(t);
  if (!spec.orderable) throw c.error(t.pos, end(t), `Runs cannot be ordered by ${t.text} at position ${t.pos}: a run has one per input. Order by metrics, params, tags or attributes.`, 'metrics, params, tags or attributes');
  c.i++;
  const descending = c.eat('word', 'DESC');
  if (!descending) c.eat('word', 'ASC');
  return { key, descending };
}
