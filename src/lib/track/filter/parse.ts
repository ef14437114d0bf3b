/**
 * Recursive-descent parser of the filter language (grammar in ast.ts; clauses in clause.ts). Every
 * check happens while parsing — known keys, operators that fit the key, values of the right type,
 * known run statuses — so a Filter it returns always compiles. Errors name the position and the
 * valid choices, and carry a caret excerpt in detail.excerpt.
 */
import { fail, MAX_DEPTH, MAX_LENGTH, type Expr, type Filter, type OrderItem } from './ast';
import { clause, KEY_EXAMPLE, orderItem } from './clause';
import { Cursor } from './cursor';

/** AND/OR of `args`, flattening nested junctions of the same kind; one argument is itself. */
function junction(kind: 'and' | 'or', args: Expr[]): Expr {
  if (args.length === 1) return args[0];
  return { kind, args: args.flatMap((a) => (a.kind === kind ? a.args : [a])) };
}

class Parser {
  private depth = 0;
  readonly c: Cursor;
  constructor(src: string) { this.c = new Cursor(src); }

  filter(): Filter {
    const c = this.c;
    const where = c.is('word', 'ORDER') || c.is('end') ? null : this.or();
    const orderBy: OrderItem[] = [];
    if (c.eat('word', 'ORDER')) {
      if (!c.is('word', 'BY')) throw c.expected('BY after ORDER', c.peek(), '', 'BY');
      do { c.i++; orderBy.push(orderItem(c)); } while (c.is('punct', ','));
      if (!c.is('end')) throw c.expected("',' or the end of the filter after an ORDER BY key", c.peek(), '', "',' or the end");
    }
    const t = c.peek();
    if (t.type === 'punct' && t.value === ')') throw c.error(t.pos, t.pos + 1, `Unmatched ')' at position ${t.pos}: there is no '(' for it to close.`, "no ')'");
    if (t.type !== 'end') throw c.expected('AND, OR, ORDER BY or the end of the filter', t);
    return { where, orderBy };
  }

  private or(): Expr {
    const args = [this.and()];
    while (this.c.eat('word', 'OR')) args.push(this.and());
    return junction('or', args);
  }
  private and(): Expr {
    const args = [this.primary()];
    while (this.c.eat('word', 'AND')) args.push(this.primary());
    return junction('and', args);
  }
  private primary(): Expr {
    const c = this.c, t = c.peek();
    if (t.type === 'key') return clause(c, t);
    if (c.eat('punct', '(')) {
      if (++this.depth > MAX_DEPTH) throw c.error(t.pos, t.pos + 1, `Too many nested parentheses at position ${t.pos}: the limit is ${MAX_DEPTH}.`, `at most ${MAX_DEPTH} levels`);
      const e = this.or();
      if (!c.eat('punct', ')')) throw c.expected("AND, OR or ')'", c.peek(), '', "')'", ` to close the '(' at position ${t.pos}`);
      this.depth--;
      return e;
    }
    const hint = t.type === 'word' && t.value === 'NOT' ? 'NOT is only part of NOT IN and IS NOT NULL.' : '';
    throw c.expected(`${KEY_EXAMPLE}, or '('`, t, hint, "a key or '('");
  }
}

function checkLength(text: string): void {
  if (text.length > MAX_LENGTH) throw fail(text, MAX_LENGTH, 1, `The filter is ${text.length} characters long: the limit is ${MAX_LENGTH} (position ${MAX_LENGTH} is past it).`, `at most ${MAX_LENGTH} characters`);
}

/** Parses a filter (with an optional trailing ORDER BY). Throws a FilterError pointing at the mistake. */
export function parseFilter(text: string): Filter {
  checkLength(text);
  return new Parser(text).filter();
}

/** Parses one entry of an order-by list, such as MLflow's "metrics.rmse DESC": a key, then ASC (the default) or DESC. */
export function parseOrderBy(text: string): OrderItem {
  checkLength(text);
  const c = new Cursor(text), item = orderItem(c);
  if (!c.is('end')) throw c.expected('ASC, DESC or the end of the order-by entry', c.peek());
  return item;
}
