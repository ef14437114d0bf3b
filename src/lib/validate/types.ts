/**
 * Shapes of data validation suites ("data contracts"): expectations, their registry entries,
 * the streaming checkers that test them and the results they give.
 */
import type { ColumnSchema, ColumnType } from '../data/types';

/** One rule of a suite. `column` is absent for table-level rules (row-count-between). */
export interface Expectation {
  /** Unique within its suite; generated ones are `${type}:${column}` (or `${type}` for table rules). */
  id: string;
  type: string;
  column?: string;
  params: Record<string, unknown>;
  /** Why it was proposed as it is, or what was not proposed for the column (set by generateSuite). */
  note?: string;
}

/** A stored, versioned set of expectations. Editing a suite gives a new `version`. */
export interface Suite {
  id: string;
  name: string;
  /** 1, 2, 3, ... */
  version: number;
  /** Dataset version id the suite was generated from. */
  createdFrom?: string;
  expectations: Expectation[];
}

/** An offending row: 1-based row number and the value as text. */
export interface Example {
  row: number;
  value: string;
}

export interface ExpectationResult {
  expectation: Expectation;
  passed: boolean;
  /** What was seen: a share, a count, "min 1, max 9", the categories outside the set, ... */
  observed: string | number;
  /** Rows that break the rule row by row (missing rows, values out of range, duplicates); 0 for schema and aggregate rules. */
  failures: number;
  /** The first MAX_EXAMPLES offending rows. */
  examples: Example[];
}

export type Chunk = Float64Array | Int32Array;

/** Tests one expectation chunk by chunk, so that a version never has to be in memory at once. */
export interface Checker {
  /** False when the result follows from the schema alone (no chunk needs to be read for it). */
  readonly needsData: boolean;
  /** `chunk` holds rows [firstRow, firstRow + chunk.length) of the column (0-based). */
  consume(chunk: Chunk, firstRow: number): void;
  result(): ExpectationResult;
}

/** How a param is edited and checked. */
export type ParamKind =
  | 'bound' // a number, or an ISO date (2024-03-31) for datetime columns; empty = open
  | 'number' // any finite number; empty = open
  | 'count' // a whole number ≥ 0; empty = open
  | 'share' // 0..1
  | 'boolean'
  | 'strings' // a list of category labels
  | 'column-type'; // one of COLUMN_TYPES

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  /** null: empty (open bound). */
  default: unknown;
  help: string;
  /** A required param has no usable default. */
  required?: boolean;
}

/** What a check gets: the expectation with its params completed by the defaults. */
export interface CheckContext {
  expectation: Expectation;
  params: Record<string, unknown>;
  /** Set for column rules; the column exists and its type is one the rule applies to. */
  column?: ColumnSchema;
  /** The column's category dictionary (string columns). */
  dictionary?: string[];
}

/** One line of the registry table. */
export interface ExpectationDef {
  type: string;
  label: string;
  description: string;
  /** Column types the rule applies to, or 'table' for a table-level rule (no column). */
  columnTypes: readonly ColumnType[] | 'table';
  params: readonly ParamSpec[];
  /** Problems with the params, each naming the param and what it accepts; [] when valid. */
  validate(params: Record<string, unknown>): string[];
  check(ctx: CheckContext): Checker;
}
