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
import { BenchtopError } from '../../errors';

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

export interface FnSpec { readonly params: string; readonly min: number; readonly max: number }
export const FUNCTIONS: ReadonlyMap<string, FnSpec> = new Map<FunctionName, FnSpec>([
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
export const MATH: ReadonlyMap<string, (x: number) => number> = new Map([
  ['abs', Math.abs], ['sqrt', Math.sqrt], ['log', Math.log], ['log1p', Math.log1p],
  ['log10', Math.log10], ['exp', Math.exp], ['floor', Math.floor], ['ceil', Math.ceil],
]);
export const KEYWORDS: ReadonlyMap<string, string> = new Map([['and', 'and'], ['or', 'or'], ['not', 'not']]);
export const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['<=', '<='], ['>=', '>='], ['==', '=='], ['!=', '!='], ['&&', 'and'], ['||', 'or'], ['+', '+'], ['-', '-'],
  ['*', '*'], ['/', '/'], ['%', '%'], ['^', '^'], ['<', '<'], ['>', '>'], ['!', 'not'], ['(', '('], [')', ')'], [',', ','],
]);
export const MISTAKES: ReadonlyMap<string, string> = new Map([['**', '"^" for a power'], ['=', '"==" to compare'], ['&', '"and" or "&&"'], ['|', '"or" or "||"']]);
export const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!=']);
export const PRIMARY = 'a number, a column or "("';
export const positions = new WeakMap<Expr, number>();

/** Where a node parsed by parseExpression started (an operator's or a function name's offset). */
export function positionOf(e: Expr): number | undefined {
  return positions.get(e);
}

export const at = (pos: number | undefined): string => (pos === undefined ? '' : ` at position ${pos}`);
export const show = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
/** Message `${head} at position ${pos}${tail}`: the tail brings its own separator (": ..." or " takes ..."). */
export function fail(head: string, pos: number | undefined, tail: string, expected: string, extra: Record<string, unknown> = {}): ExpressionError {
  return new ExpressionError(`${head}${at(pos)}${tail}`, { position: pos, expected, ...extra });
}

