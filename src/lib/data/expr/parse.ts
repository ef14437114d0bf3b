/** Lexer and recursive-descent parser of the expression language (grammar in ast.ts). */
import { COMPARE, ExpressionError, FUNCTIONS, FUNCTION_NAMES, KEYWORDS, MAX_DEPTH, MAX_HEIGHT, MAX_LENGTH, MISTAKES, PRIMARY, SYMBOLS, fail, positions, show, type Binary, type BinaryOp, type Call, type ColumnRef, type Expr, type FunctionName, type NumberLit, type StringLit, type Unary, type UnaryOp  } from './ast';

interface Token { readonly type: 'num' | 'str' | 'name' | 'quoted' | 'op' | 'end'; readonly pos: number; readonly text: string; readonly value: string }
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNamePart = (c: string | undefined): boolean => isNameStart(c) || isDigit(c);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const digits = (): void => { while (isDigit(src[i])) i++; };
  while (i < src.length) {
    const c = src[i], start = i;
    if (/\s/.test(c)) { i++; continue; }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
      digits();
      if (src[i] === '.') { i++; digits(); }
      if (src[i] === 'e' || src[i] === 'E') {
        i++;
        if (src[i] === '+' || src[i] === '-') i++;
        if (!isDigit(src[i])) throw fail(`Malformed number ${show(src.slice(start, i))}`, start, ': expected digits after the exponent', 'digits');
        digits();
      }
      out.push({ type: 'num', pos: start, text: src.slice(start, i), value: src.slice(start, i) });
    } else if (isNameStart(c)) {
      while (isNamePart(src[i])) i++;
      const word = src.slice(start, i), kw = KEYWORDS.get(word);
      out.push({ type: kw ? 'op' : 'name', pos: start, text: word, value: kw ?? word });
    } else if (c === '"' || c === "'" || c === '`') {
      let value = '';
      for (i++; src[i] !== c; i++) {
        if (i >= src.length) {
          const what = c === '`' ? 'Unterminated column name' : 'Unterminated string';
          throw fail(what, start, `: expected a closing ${c}`, c);
        }
        if (src[i] === '\\' && (src[i + 1] === '\\' || src[i + 1] === '"' || src[i + 1] === "'" || src[i + 1] === '`')) i++;
        value += src[i];
      }
      i++;
      out.push({ type: c === '`' ? 'quoted' : 'str', pos: start, text: src.slice(start, i), value });
    } else {
      const two = src.slice(i, i + 2), sym = SYMBOLS.get(two) ?? SYMBOLS.get(c);
      const mistake = MISTAKES.get(two) ?? (sym ? undefined : MISTAKES.get(c));
      if (mistake) throw fail(`Unexpected ${show(MISTAKES.has(two) ? two : c)}`, start, `: use ${mistake}`, mistake);
      if (!sym) {
        const ch = String.fromCodePoint(src.codePointAt(i) ?? 0);
        throw fail(`Unexpected ${show(ch)}`, start, ': expected a number, a column, an operator or a parenthesis (names with spaces or other characters go in backquotes, e.g. `Beak Length (mm)`)', 'a number, a column, an operator or a parenthesis');
      }
      i += SYMBOLS.has(two) ? 2 : 1;
      out.push({ type: 'op', pos: start, text: src.slice(start, i), value: sym });
    }
  }
  out.push({ type: 'end', pos: src.length, text: '', value: '' });
  return out;
}

// --------------------------------------------------------------------------------- parser
class Parser {
  private i = 0;
  private depth = 0;
  private readonly heights = new WeakMap<Expr, number>();
  private readonly tokens: Token[];
  constructor(tokens: Token[]) { this.tokens = tokens; }

  parse(): Expr {
    const e = this.or();
    if (this.peek().type !== 'end') throw this.unexpected(this.peek(), 'an operator or end of input');
    return e;
  }
  private peek(): Token { return this.tokens[this.i]; }
  private isOp(value: string): boolean { const t = this.peek(); return t.type === 'op' && t.value === value; }
  private unexpected(t: Token, expected: string): ExpressionError {
    return fail(t.type === 'end' ? 'Unexpected end of input' : `Unexpected ${show(t.text)}`, t.pos, `: expected ${expected}`, expected);
  }
  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) throw fail('Expression nests too deeply', pos, `: the limit is ${MAX_DEPTH} levels of parentheses, calls and operators`, `at most ${MAX_DEPTH} levels`);
  }
  private node<T extends Expr>(e: T, pos: number, ...children: Expr[]): T {
    let h = 0;
    for (const c of children) h = Math.max(h, this.heights.get(c) ?? 0);
    if (h >= MAX_HEIGHT) throw fail('Expression is too deep', pos, `: more than ${MAX_HEIGHT} operations inside one another; split it into several derived columns`, `at most ${MAX_HEIGHT} nested operations`);
    this.heights.set(e, h + 1);
    positions.set(e, pos);
    return e;
  }
  private binary(op: string, left: Expr, right: Expr, pos: number): Expr {
    return this.node<Binary>({ kind: 'binary', op: op as BinaryOp, left, right }, pos, left, right);
  }
  // Explicit loops, not a generic helper taking a callback: fewer stack frames per nesting level.
  private or(): Expr {
    let left = this.and();
    for (let t = this.peek(); this.isOp('or'); t = this.peek()) { this.i++; left = this.binary('or', left, this.and(), t.pos); }
    return left;
  }
  private and(): Expr {
    let left = this.not();
    for (let t = this.peek(); this.isOp('and'); t = this.peek()) { this.i++; left = this.binary('and', left, this.not(), t.pos); }
    return left;
  }
  private not(): Expr {
    if (!this.isOp('not')) return this.compare();
    const pos = this.tokens[this.i++].pos;
    this.enter(pos);
    const arg = this.not();
    this.depth--;
    return this.node<Unary>({ kind: 'unary', op: 'not', arg }, pos, arg);
  }
  private compare(): Expr {
    const left = this.sum(), t = this.peek();
    if (t.type !== 'op' || !COMPARE.has(t.value)) return left;
    this.i++;
    const e = this.binary(t.value, left, this.sum(), t.pos), u = this.peek();
    if (u.type === 'op' && COMPARE.has(u.value)) throw fail('Comparisons cannot be chained', u.pos, ': write a < b and b < c', '"and" or "or" between comparisons');
    return e;
  }
  private sum(): Expr {
    let left = this.product();
    for (let t = this.peek(); this.isOp('+') || this.isOp('-'); t = this.peek()) { this.i++; left = this.binary(t.value, left, this.product(), t.pos); }
    return left;
  }
  private product(): Expr {
    let left = this.unary();
    for (let t = this.peek(); this.isOp('*') || this.isOp('/') || this.isOp('%'); t = this.peek()) { this.i++; left = this.binary(t.value, left, this.unary(), t.pos); }
    return left;
  }
  private unary(): Expr {
    const t = this.peek();
    if (!this.isOp('-') && !this.isOp('+')) return this.power();
    this.i++;
    this.enter(t.pos);
    const arg = this.unary();
    this.depth--;
    return this.node<Unary>({ kind: 'unary', op: t.value as UnaryOp, arg }, t.pos, arg);
  }
  private power(): Expr {
    const base = this.primary(), t = this.peek();
    if (!this.isOp('^')) return base;
    this.i++;
    this.enter(t.pos);
    const exponent = this.unary();
    this.depth--;
    return this.binary('^', base, exponent, t.pos);
  }
  private close(open: Token, expected: string): void {
    if (!this.isOp(')')) throw this.unexpected(this.peek(), `${expected} to close "(" at position ${open.pos}`);
    this.i++;
  }
  private primary(): Expr {
    const t = this.peek();
    if (t.type === 'num') { this.i++; return this.node<NumberLit>({ kind: 'number', value: Number(t.value) }, t.pos); }
    if (t.type === 'str') { this.i++; return this.node<StringLit>({ kind: 'string', value: t.value }, t.pos); }
    if (t.type === 'quoted') { this.i++; return this.node<ColumnRef>({ kind: 'column', name: t.value }, t.pos); }
    if (t.type === 'name') {
      this.i++;
      return this.isOp('(') ? this.call(t) : this.node<ColumnRef>({ kind: 'column', name: t.value }, t.pos);
    }
    if (!this.isOp('(')) throw this.unexpected(t, PRIMARY);
    this.i++;
    this.enter(t.pos);
    const e = this.or();
    this.close(t, '")"');
    this.depth--;
    return e;
  }
  private call(name: Token): Expr {
    const spec = FUNCTIONS.get(name.value);
    if (!spec) throw fail(`Unknown function ${show(name.value)}`, name.pos, `: allowed are ${FUNCTION_NAMES.join(', ')}`, 'a function name', { name: name.value });
    const open = this.tokens[this.i++];
    this.enter(name.pos);
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.or());
      while (this.isOp(',')) { this.i++; args.push(this.or()); }
    }
    this.close(open, '"," or ")"');
    this.depth--;
    const { min, max, params } = spec, n = args.length;
    if (n < min || n > max) {
      const count = min === max ? `${min} argument${min === 1 ? '' : 's'}` : max === Infinity ? `at least ${min} argument` : `${min} or ${max} arguments`;
      throw fail(`Function ${show(name.value)}`, name.pos, ` takes ${count} (${params}), got ${n}`, count, { name: name.value });
    }
    return this.node<Call>({ kind: 'call', fn: name.value as FunctionName, args }, name.pos, ...args);
  }
}

/** Parses an expression into an AST, or throws an ExpressionError pointing at the offending position. */
export function parseExpression(src: string): Expr {
  if (src.length > MAX_LENGTH) throw fail(`Expression is too long (${src.length} characters)`, MAX_LENGTH, `: the limit is ${MAX_LENGTH}`, `at most ${MAX_LENGTH} characters`);
  return new Parser(tokenize(src)).parse();
}
