/**
 * The run-search filter language: MLflow's search_runs grammar plus OR and parentheses, and an
 * inline ORDER BY. Grammar, lowest precedence first (keywords are case-insensitive; positions in
 * errors are 0-based UTF-16 offsets):
 *
 *   filter     := [or] [ORDER BY item ("," item)*]          an empty filter matches every run
 *   or         := and (OR and)*
 *   and        := primary (AND primary)*                    AND binds tighter than OR
 *   primary    := "(" or ")" | clause
 *   clause     := key op value | key [NOT] IN "(" string ("," string)* ")" | key IS [NOT] NULL
 *   item       := key [ASC | DESC]
 *   key        := prefix "." name | attribute               a bare name is an attribute, as in MLflow
 *   prefix     := metrics | params | tags | attributes | datasets   (and MLflow's aliases: metric,
 *                 param, parameter(s), tag, attribute, attr, run, dataset)
 *   name       := [A-Za-z0-9_]+ ("." [A-Za-z0-9_]+)*  |  "`" … "`"  |  '"' … '"'  |  "'" … "'"
 *   string     := "'" … "'" | '"' … '"'     inside quotes a backslash before \ ' " ` is that character
 *   number     := ["-" | "+"] (digits ["." [digits]] | "." digits) [("e" | "E") ["+" | "-"] digits]
 *
 * Key kinds and their operators (keys.ts holds the table):
 *   metrics.<k>                    numbers: = != < <= > >=, IS [NOT] NULL
 *   params.<k>, tags.<k>           strings: = != LIKE ILIKE [NOT] IN, IS [NOT] NULL
 *   attributes.run_id, run_name, status, experiment_id            strings: = != LIKE ILIKE [NOT] IN
 *   attributes.start_time, end_time (ms since the epoch)          numbers: = != < <= > >= (end_time also IS [NOT] NULL)
 *   datasets.name (Benchtop's dataset id), digest, context        strings: = != LIKE ILIKE [NOT] IN
 *
 * Semantics follow MLflow: params are strings and compare as strings; a run without the metric,
 * param or tag matches no comparison (not even != or NOT IN), only IS NULL; a datasets clause
 * matches when any of the run's inputs matches. LIKE has % (any run of characters) and _ (one
 * character), case-sensitive; ILIKE ignores case; a backslash before % or _ makes it literal.
 * Beyond MLflow: OR, parentheses, IN on params and tags, IS NULL on metrics and end_time, ORDER BY.
 */
import { BenchtopError } from '../../errors';

export type KeyKind = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';
/** What a clause reads. Attribute and dataset names are canonical (`run_name`, `digest`). */
export interface Key { readonly kind: KeyKind; readonly name: string }

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE';
/** Every operator a clause can use, as written in error messages. */
export type Operator = CompareOp | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';

export interface Comparison { readonly kind: 'compare'; readonly key: Key; readonly op: CompareOp; readonly value: number | string }
export interface InList { readonly kind: 'in'; readonly key: Key; readonly not: boolean; readonly values: readonly string[] }
export interface NullCheck { readonly kind: 'null'; readonly key: Key; readonly not: boolean }
/** AND/OR of two or more clauses; the parser flattens `a AND (b AND c)` into one junction. */
export interface Junction { readonly kind: 'and' | 'or'; readonly args: readonly Expr[] }
export type Expr = Comparison | InList | NullCheck | Junction;

export interface OrderItem { readonly key: Key; readonly descending: boolean }
/** A parsed filter: plain data, so equal filters are deep-equal. */
export interface Filter { readonly where: Expr | null; readonly orderBy: readonly OrderItem[] }

export const MAX_LENGTH = 100_000;
export const MAX_DEPTH = 100;

export interface FilterErrorDetail {
  /** 0-based offset of the offending text (absent for a hand-built Filter). */
  position?: number;
  /** How many characters the caret marks. */
  length?: number;
  /** What would have been accepted there. */
  expected: string;
  /** The source line with a caret under the offending text. */
  excerpt?: string;
  [k: string]: unknown;
}

/** A filter or order-by that does not parse, or a Filter that breaks the rules: code BAD_FILTER. */
export class FilterError extends BenchtopError {
  declare readonly detail: FilterErrorDetail;
  constructor(message: string, detail: FilterErrorDetail) {
    super('BAD_FILTER', message, detail);
    this.name = 'FilterError';
  }
}

/** The line of `src` around `pos` and, under it, carets marking `length` characters. */
export function excerpt(src: string, pos: number, length: number): string {
  const lineStart = src.lastIndexOf('\n', pos - 1) + 1;
  const nl = src.indexOf('\n', pos), lineEnd = nl < 0 ? src.length : nl;
  const from = Math.max(lineStart, pos - 40), to = Math.min(lineEnd, pos + Math.max(length, 1) + 40);
  const head = from > lineStart ? '…' : '', tail = to < lineEnd ? '…' : '';
  const line = head + src.slice(from, to).replace(/[\t\r]/g, ' ') + tail;
  const carets = Math.max(1, Math.min(length, lineEnd - pos));
  return `${line}\n${' '.repeat(head.length + pos - from)}${'^'.repeat(carets)}`;
}

/** A FilterError at `pos` in `src`, with its excerpt. */
export function fail(src: string, pos: number, length: number, message: string, expected: string, extra: Record<string, unknown> = {}): FilterError {
  return new FilterError(message, { position: pos, length, expected, excerpt: excerpt(src, pos, length), ...extra });
}

/** A value for messages: 'text' (cut at 40 characters). */
export const quoted = (s: string): string => `'${s.length > 40 ? `${s.slice(0, 40)}…` : s}'`;
