/**
 * The expression language of the "derived column" recipe step: a parser of its own (no eval,
 * no Function, no property access on JS objects: every name is looked up in a Map), a type
 * check against the dataset's columns, a compiler into nested closures over typed arrays, and
 * a canonical printer for recipe hashes.
 *
 * Grammar, lowest precedence first (positions in errors are 0-based UTF-16 offsets):
 *
 *   expr     := or
 *   or       := and (("or" | "||") and)*                         left-associative
 *   and      := not (("and" | "&&") not)*                        left-associative
 *   not      := ("not" | "!") not | compare                      `not a == b` is not (a == b)
 *   compare  := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]  a < b < c is an error
 *   sum      := product (("+" | "-") product)*                   left: 1 - 2 - 3 = -4
 *   product  := unary (("*" | "/" | "%") unary)*
 *   unary    := ("-" | "+") unary | power
 *   power    := primary ["^" unary]                              right: 2^3^2 = 512, -2^2 = -4, 2^-1 = 0.5
 *   primary  := number | string | column | name "(" [expr ("," expr)*] ")" | "(" expr ")"
 *   number   := digits ["." [digits]] [exponent] | "." digits [exponent];  exponent := ("e" | "E") ["+" | "-"] digits
 *   column   := [A-Za-z_][A-Za-z0-9_]*  (not and/or/not)  |  "`" any characters "`"
 *   string   := "'" ... "'" | '"' ... '"'   (only to compare with a categorical/text column by == or !=)
 *   Inside quotes and backquotes, a backslash before \ ' " or ` stands for that character; any other
 *   backslash is itself. A bare name followed by "(" calls a function from FUNCTION_NAMES:
 *   abs sqrt log (natural) log1p log10 exp floor ceil round(x[, digits]) min max (variadic) pow
 *   clip(x, lo, hi) isnull(x) coalesce(a, ...) if(cond, a, b). Anything else is an ExpressionError.
 *   Limits: MAX_LENGTH characters, MAX_DEPTH levels of parentheses/calls/unary/power, MAX_HEIGHT tree height.
 *
 * Semantics (pandas/numpy-like): values are float64; booleans are 1/0; missing is NaN (code -1 in
 * a text column). Arithmetic and functions propagate missing (also x^0 and min/max; coalesce is the
 * way to default). Any comparison with a missing value is missing; `and`/`or`/`not` follow Kleene
 * logic like pd.NA (missing and 0 = 0, missing or 1 = 1); if() with a missing condition is missing
 * and evaluates only the branch it picks. Nonzero is true. Division is IEEE (1/0 = Infinity, 0/0 = NaN);
 * % is floored like Python (-7 % 3 = 2); round is half-to-even like numpy; clip ignores a missing bound
 * like pandas. A text column may appear only in ==/!= against a string or another text column, or in isnull().
 */
import { BenchtopError } from '../errors';
import { storageOf, type ColumnType } from './types';

export const MAX_LENGTH = 10_000;
export const MAX_DEPTH = 256;
export const MAX_HEIGHT = 1000;

export type FunctionName =
  | 'abs' | 'sqrt' | 'log' | 'log1p' | 'log10' | 'exp' | 'floor' | 'ceil' | 'round'
  | 'min' | 'max' | 'pow' | 'clip' | 'isnull' | 'coalesce' | 'if';
export type UnaryOp = '-' | '+' | 'not';
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export interface NumberLit { readonly kind: 'number'; readonly value: number }
export interface StringLit { readonly kind: 'string'; readonly value: string }
export interface ColumnRef { readonly kind: 'column'; readonly name: string }
export interface Unary { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr }
export interface Binary { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
export interface Call { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] }
/** The AST: plain data, so equal expressions are deep-equal. Source positions live in `positionOf`. */
export type Expr = NumberLit | StringLit | ColumnRef | Unary | Binary | Call;

/** A text column as stored: dictionary codes, -1 for missing. */
export interface TextColumn { readonly codes: Int32Array; readonly dictionary: readonly string[] }
export type ColumnData = Float64Array | TextColumn;

/** A bad expression: code BAD_SCHEMA, detail.position (0-based offset, when known) and detail.expected. */
export class ExpressionError extends BenchtopError {
  constructor(message: string, detail: { position?: number; expected: string; [k: string]: unknown }) {
    super('BAD_SCHEMA', message, detail);
    this.name = 'ExpressionError';
  }
}

interface FnSpec { readonly params: string; readonly min: number; readonly max: number }
const FUNCTIONS: ReadonlyMap<string, FnSpec> = new Map<FunctionName, FnSpec>([
  ['abs', { params: 'x', min: 1, max: 1 }], ['sqrt', { params: 'x', min: 1, max: 1 }],
  ['log', { params: 'x', min: 1, max: 1 }], ['log1p', { params: 'x', min: 1, max: 1 }],
  ['log10', { params: 'x', min: 1, max: 1 }], ['exp', { params: 'x', min: 1, max: 1 }],
  ['floor', { params: 'x', min: 1, max: 1 }], ['ceil', { params: 'x', min: 1, max: 1 }],
  ['round', { params: 'x, digits', min: 1, max: 2 }], ['min', { params: 'x, ...', min: 1, max: Infinity }],
  ['max', { params: 'x, ...', min: 1, max: Infinity }], ['pow', { params: 'x, y', min: 2, max: 2 }],
  ['clip', { params: 'x, lo, hi', min: 3, max: 3 }], ['isnull', { params: 'x', min: 1, max: 1 }],
  ['coalesce', { params: 'x, ...', min: 1, max: Infinity }], ['if', { params: 'cond, a, b', min: 3, max: 3 }],
]);
export const FUNCTION_NAMES = [...FUNCTIONS.keys()] as readonly FunctionName[];
const MATH: ReadonlyMap<string, (x: number) => number> = new Map([
  ['abs', Math.abs], ['sqrt', Math.sqrt], ['log', Math.log], ['log1p', Math.log1p],
  ['log10', Math.log10], ['exp', Math.exp], ['floor', Math.floor], ['ceil', Math.ceil],
]);
const KEYWORDS: ReadonlyMap<string, string> = new Map([['and', 'and'], ['or', 'or'], ['not', 'not']]);
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['<=', '<='], ['>=', '>='], ['==', '=='], ['!=', '!='], ['&&', 'and'], ['||', 'or'], ['+', '+'], ['-', '-'],
  ['*', '*'], ['/', '/'], ['%', '%'], ['^', '^'], ['<', '<'], ['>', '>'], ['!', 'not'], ['(', '('], [')', ')'], [',', ','],
]);
const MISTAKES: ReadonlyMap<string, string> = new Map([['**', '"^" for a power'], ['=', '"==" to compare'], ['&', '"and" or "&&"'], ['|', '"or" or "||"']]);
const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!=']);
const PRIMARY = 'a number, a column or "("';
const positions = new WeakMap<Expr, number>();

/** Where a node parsed by parseExpression started (an operator's or a function name's offset). */
export function positionOf(e: Expr): number | undefined {
  return positions.get(e);
}

const at = (pos: number | undefined): string => (pos === undefined ? '' : ` at position ${pos}`);
const show = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
/** Message `${head} at position ${pos}${tail}`: the tail brings its own separator (": ..." or " takes ..."). */
function fail(head: string, pos: number | undefined, tail: string, expected: string, extra: Record<string, unknown> = {}): ExpressionError {
  return new ExpressionError(`${head}${at(pos)}${tail}`, { position: pos, expected, ...extra });
}

// ---------------------------------------------------------------------------------- lexer
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

// ----------------------------------------------------------------------------- type check
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

function numeric(e: Expr, types: ReadonlyMap<string, string>): void {
  if (kindOf(e, types) !== 'number') throw misuse(e, types);
}

function misuse(e: Expr, types: ReadonlyMap<string, string>): ExpressionError {
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

// ------------------------------------------------------------------------------- compiler
type Fn = (i: number) => number;
type Env = ReadonlyMap<string, ColumnData>;

function mod(a: number, b: number): number {
  const m = a % b;
  if (m === 0) return b < 0 ? -0 : 0;
  return m < 0 !== b < 0 && m === m ? m + b : m;
}
function roundHalfEven(x: number): number {
  const f = Math.floor(x), d = x - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}
function round(x: number, digits: number): number {
  const d = Math.trunc(digits), p = 10 ** Math.abs(d);
  return d >= 0 ? roundHalfEven(x * p) / p : roundHalfEven(x / p) * p;
}
const pow = (a: number, b: number): number => (a !== a ? NaN : a ** b);
const textOf = (e: Expr, env: Env): TextColumn | undefined => {
  const data = e.kind === 'column' ? env.get(e.name) : undefined;
  return data && !(data instanceof Float64Array) ? data : undefined;
};

function compile(e: Expr, env: Env): Fn {
  switch (e.kind) {
    case 'number': { const v = e.value; return () => v; }
    case 'column': { const a = env.get(e.name) as Float64Array; return (i) => a[i]; }
    case 'unary': {
      const f = compile(e.arg, env);
      if (e.op === '-') return (i) => -f(i);
      if (e.op === '+') return f;
      return (i) => { const v = f(i); return v !== v ? NaN : v === 0 ? 1 : 0; };
    }
    case 'binary': return compileBinary(e, env);
    case 'call': return compileCall(e, env);
    case 'string': throw misuse(e, new Map());
  }
}

function compileBinary(e: Binary, env: Env): Fn {
  if (e.op === '==' || e.op === '!=') {
    const ta = textOf(e.left, env), tb = textOf(e.right, env);
    if (ta || tb) return compileTextEquals(e.op === '==' ? 1 : 0, (ta ?? tb) as TextColumn, ta && tb ? tb : ta ? e.right : e.left);
  }
  const l = compile(e.left, env), r = compile(e.right, env);
  switch (e.op) {
    case '+': return (i) => l(i) + r(i);
    case '-': return (i) => l(i) - r(i);
    case '*': return (i) => l(i) * r(i);
    case '/': return (i) => l(i) / r(i);
    case '%': return (i) => mod(l(i), r(i));
    case '^': return (i) => pow(l(i), r(i));
    case '<': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a < b ? 1 : 0; };
    case '<=': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a <= b ? 1 : 0; };
    case '>': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a > b ? 1 : 0; };
    case '>=': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a >= b ? 1 : 0; };
    case '==': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a === b ? 1 : 0; };
    case '!=': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a !== b ? 1 : 0; };
    case 'and': return (i) => {
      const a = l(i);
      if (a === 0) return 0;
      const b = r(i);
      return b === 0 ? 0 : a !== a || b !== b ? NaN : 1;
    };
    case 'or': return (i) => {
      const a = l(i);
      if (a === a && a !== 0) return 1;
      const b = r(i);
      return b === b && b !== 0 ? 1 : a !== a || b !== b ? NaN : 0;
    };
  }
}

/** `col == "x"` or `col == other` on dictionary codes: 1/0 for `==` (`want` = 1) or `!=` (0), missing if either side is. */
function compileTextEquals(want: number, a: TextColumn, other: Expr | TextColumn): Fn {
  const miss = 1 - want, ca = a.codes;
  if (!('codes' in other)) {
    const value = other.kind === 'string' ? other.value : undefined;
    const hit = Uint8Array.from(a.dictionary, (s) => (s === value ? 1 : 0));
    return (i) => { const c = ca[i]; return c < 0 ? NaN : hit[c] === 1 ? want : miss; };
  }
  // Two text columns: map both dictionaries into one id space so equal strings get equal ids.
  const ids = new Map<string, number>();
  const idOf = (s: string): number => { let id = ids.get(s); if (id === undefined) ids.set(s, (id = ids.size)); return id; };
  const ia = Int32Array.from(a.dictionary, idOf), ib = Int32Array.from(other.dictionary, idOf), cb = other.codes;
  return (i) => { const x = ca[i], y = cb[i]; return x < 0 || y < 0 ? NaN : ia[x] === ib[y] ? want : miss; };
}

function compileCall(e: Call, env: Env): Fn {
  const text = e.fn === 'isnull' ? textOf(e.args[0], env) : undefined;
  if (text) { const codes = text.codes; return (i) => (codes[i] < 0 ? 1 : 0); }
  const fs = e.args.map((a) => compile(a, env)), [f, g, h] = fs;
  const math = MATH.get(e.fn);
  if (math) return (i) => math(f(i));
  switch (e.fn) {
    case 'isnull': return (i) => { const v = f(i); return v !== v ? 1 : 0; };
    case 'round': return g ? (i) => round(f(i), g(i)) : (i) => roundHalfEven(f(i));
    case 'pow': return (i) => pow(f(i), g(i));
    case 'clip': return (i) => {
      const x = f(i), lo = g(i), hi = h(i);
      const y = lo > x ? lo : x;
      return x !== x ? NaN : hi < y ? hi : y;
    };
    case 'if': return (i) => { const c = f(i); return c !== c ? NaN : c !== 0 ? g(i) : h(i); };
    case 'coalesce': return (i) => {
      for (let k = 0; k < fs.length; k++) { const v = fs[k](i); if (v === v) return v; }
      return NaN;
    };
    default: {
      const pick = e.fn === 'min' ? Math.min : Math.max;
      if (fs.length === 1) return f;
      if (fs.length === 2) return (i) => pick(f(i), g(i));
      return (i) => { let m = f(i); for (let k = 1; k < fs.length; k++) m = pick(m, fs[k](i)); return m; };
    }
  }
}

/**
 * Evaluates a parsed expression over `rows` rows: numeric columns are Float64Arrays (NaN missing),
 * text columns {codes, dictionary} (code -1 missing). Columns are looked up by name in a Map (a record's
 * own entries only), so `constructor` or `__proto__` are ordinary names. Checks the expression first.
 */
export function evaluate(expr: Expr, columns: ReadonlyMap<string, ColumnData> | Readonly<Record<string, ColumnData>>, rows: number): Float64Array {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  const env: Env = columns instanceof Map ? columns : new Map(Object.entries(columns as Readonly<Record<string, ColumnData>>));
  const types = new Map<string, string>();
  for (const [name, data] of env) types.set(name, data instanceof Float64Array ? 'float' : 'categorical');
  for (const name of columnsOf(expr)) {
    const data = env.get(name);
    if (data === undefined) continue; // reported by the type check below
    const length = data instanceof Float64Array ? data.length : data && data.codes instanceof Int32Array && Array.isArray(data.dictionary) ? data.codes.length : -1;
    if (length < 0) throw new ExpressionError(`Column ${show(name)} is neither a Float64Array nor {codes: Int32Array, dictionary: string[]}`, { expected: 'column data', column: name });
    if (length < rows) throw new ExpressionError(`Column ${show(name)} has ${length} values, fewer than the ${rows} rows asked for`, { expected: `${rows} values`, column: name });
  }
  numeric(expr, types);
  const fn = compile(expr, env), out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = fn(i);
  return out;
}

// -------------------------------------------------------------------------------- printer
const PREC: Readonly<Record<BinaryOp, number>> = { or: 1, and: 2, '<': 4, '<=': 4, '>': 4, '>=': 4, '==': 4, '!=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6, '^': 8 };
const precOf = (e: Expr): number => (e.kind === 'binary' ? PREC[e.op] : e.kind === 'unary' ? (e.op === 'not' ? 3 : 7) : 9);
const quote = (s: string, q: string): string => q + s.replace(q === '`' ? /[\\`]/g : /[\\"]/g, '\\$&') + q;

function formatName(name: string): string {
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
