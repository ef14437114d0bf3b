/**
 * The contract every recipe step implements, and the parameter checking they share. A step is one
 * file under steps/ exporting a StepDef, plus one line in registry.ts.
 *
 * - `validate` checks parameters against the incoming schema and returns messages (no throwing).
 * - `fit` (only for steps that learn something) reads the training table and returns plain JSON:
 *   finite numbers, strings, arrays and objects, so a fitted recipe survives JSON and YAML.
 * - `apply` transforms any table (training, validation, live inputs) with that learned state and
 *   never learns anything itself. It throws a RecipeError for data it cannot transform.
 */
import { BenchtopError } from '../errors';
import type { ColumnSchema, ColumnType } from '../data/types';
import { findColumn, isNumeric, type CodesColumn, type Column, type NumericColumn, type Table } from './table';

export type ParamKind =
  | 'number' | 'integer' | 'string' | 'boolean'
  | 'enum'        // one of `values`
  | 'enums'       // a list of distinct `values`
  | 'columns'     // a list of distinct column names
  | 'scalar'      // a number or a string
  | 'expression'; // an expression in the language of data/expr.ts
export type ParamValue = number | string | boolean | string[];
export type Params = Record<string, ParamValue | undefined>;

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  help: string;
  /** Filled in when the parameter is absent. With neither default nor optional, the parameter is required. */
  default?: ParamValue;
  optional?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
}

export interface StepDef<P extends Params = Params, F = unknown> {
  type: string;
  label: string;
  description: string;
  /** Column types the step accepts as inputs. */
  columnTypes: readonly ColumnType[];
  params: readonly ParamSpec[];
  /** The step drops rows (filters): skipped when a recipe is applied to live inputs. */
  removesRows?: boolean;
  validate(params: P, schema: readonly ColumnSchema[]): string[];
  fit?(table: Table, params: P): F;
  apply(table: Table, params: P, fitted: F): Table;
  /** The schema after the step, or null when it depends on what fit learns and `fitted` is missing. */
  outputSchema(schema: readonly ColumnSchema[], params: P, fitted: F | undefined): ColumnSchema[] | null;
}

/** Any step (the registry's element type). */
export type AnyStep = StepDef<Params, unknown>;

/** A recipe that cannot be read, fitted or applied. detail: stepIndex (0-based), type, param, column, line. */
export class RecipeError extends BenchtopError {
  constructor(message: string, detail: Record<string, unknown> = {}) {
    super('BAD_SCHEMA', message, detail);
    this.name = 'RecipeError';
  }
}

export interface ParamProblem {
  /** The parameter at fault, when there is one. */
  param?: string;
  message: string;
}

const describeKind: Record<ParamKind, string> = {
  number: 'a number', integer: 'a whole number', string: 'a string', boolean: 'true or false', enum: 'one of',
  enums: 'a list of', columns: 'a list of column names', scalar: 'a number or a string', expression: 'an expression (a string)',
};

/** What a parameter must be, e.g. "must be one of mean, median" or "must be a whole number from 2 to 1000". */
export function mustBe(spec: ParamSpec): string {
  if (spec.kind === 'enum' || spec.kind === 'enums') return `must be ${describeKind[spec.kind]} ${(spec.values ?? []).join(', ')}`;
  const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}`
    : spec.min !== undefined ? ` of at least ${spec.min}` : spec.max !== undefined ? ` of at most ${spec.max}` : '';
  return `must be ${describeKind[spec.kind]}${range}`;
}

/** Checks one value against its spec; returns the value (lists copied) or undefined when it does not fit. */
function coerce(spec: ParamSpec, v: unknown): ParamValue | undefined {
  const inRange = (x: number) => (spec.min === undefined || x >= spec.min) && (spec.max === undefined || x <= spec.max);
  switch (spec.kind) {
    case 'number': return typeof v === 'number' && Number.isFinite(v) && inRange(v) ? v : undefined;
    case 'integer': return typeof v === 'number' && Number.isSafeInteger(v) && inRange(v) ? v : undefined;
    case 'string': case 'expression': return typeof v === 'string' ? v : undefined;
    case 'boolean': return typeof v === 'boolean' ? v : undefined;
    case 'scalar': return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined;
    case 'enum': return typeof v === 'string' && spec.values?.includes(v) ? v : undefined;
    case 'enums': case 'columns': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string') || new Set(v).size !== v.length) return undefined;
      return spec.kind === 'enums' && !v.every((x) => spec.values?.includes(x)) ? undefined : [...(v as string[])];
    }
  }
}

/**
 * Checks raw parameters (from YAML, JSON or the UI) against a step's specs: unknown names, kinds,
 * ranges and choices. Returns the parameters with defaults filled in, and the problems found.
 */
export function normalizeParams(def: AnyStep, raw: Readonly<Record<string, unknown>>): { params: Params; problems: ParamProblem[] } {
  const params: Params = {};
  const problems: ParamProblem[] = [];
  const names = def.params.map((p) => p.name);
  for (const key of Object.keys(raw)) {
    if (!names.includes(key)) {
      const valid = names.length ? `valid parameters are ${names.join(', ')}` : 'it takes no parameters';
      problems.push({ param: key, message: `${def.type} has no parameter "${key}": ${valid}` });
    }
  }
  for (const spec of def.params) {
    const v = Object.prototype.hasOwnProperty.call(raw, spec.name) ? raw[spec.name] : undefined;
    if (v === undefined || v === null) {
      if (spec.default !== undefined) params[spec.name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      else if (!spec.optional) problems.push({ param: spec.name, message: `${def.type}.${spec.name} is required: it ${mustBe(spec)} (${spec.help})` });
      continue;
    }
    const value = coerce(spec, v);
    if (value === undefined) {
      const repeated = (spec.kind === 'columns' || spec.kind === 'enums') && Array.isArray(v) && new Set(v).size !== v.length;
      problems.push({ param: spec.name, message: `${def.type}.${spec.name} ${mustBe(spec)}${repeated ? ' (each once)' : ''}; got ${JSON.stringify(v)}` });
    } else params[spec.name] = value;
  }
  return { params, problems };
}

export const quoteList = (names: readonly string[], limit = 20): string =>
  names.length === 0 ? '(none)' : names.slice(0, limit).map((n) => JSON.stringify(n)).join(', ') + (names.length > limit ? `, … (${names.length - limit} more)` : '');

/**
 * The columns a step works on: the listed ones, or when the list is empty every feature column of
 * an allowed type (in table order).
 */
export function resolveColumns(schema: readonly ColumnSchema[], listed: readonly string[], allowed: readonly ColumnType[]): string[] {
  if (listed.length > 0) return [...listed];
  return schema.filter((c) => c.role === 'feature' && allowed.includes(c.type)).map((c) => c.name);
}

/** Messages for listed columns that are absent or of a type the step cannot take (`why` says for what; `hint` ends the message). */
export function checkColumnTypes(schema: readonly ColumnSchema[], listed: readonly string[], allowed: readonly ColumnType[], why = '', hint = ''): string[] {
  const out: string[] = [];
  const usable = schema.filter((c) => allowed.includes(c.type)).map((c) => c.name);
  for (const name of listed) {
    const col = schema.find((c) => c.name === name);
    if (!col) out.push(`column "${name}" does not exist; columns of type ${allowed.join(', ')} are ${quoteList(usable)}`);
    else if (!allowed.includes(col.type)) out.push(`column "${name}" is ${col.type}, but ${why || 'this step'} needs ${allowed.join(', ')} columns; those are ${quoteList(usable)}${hint}`);
  }
  return out;
}

/** `base`, or `base_2`, `base_3`, … : the first not in `taken` (which is updated). */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

export const NUMERIC_TYPES: readonly ColumnType[] = ['integer', 'float'];
export const CATEGORY_TYPES: readonly ColumnType[] = ['categorical', 'text'];

/** The `columns` parameter spec most steps share. */
export function columnsParam(what: string): ParamSpec {
  return { name: 'columns', kind: 'columns', default: [], help: `${what}; empty means every feature column of a type the step accepts` };
}

/** The named column of `table`, or a RecipeError listing the columns there are. */
export function requireColumn(table: Table, name: string): Column {
  const c = findColumn(table, name);
  if (!c) throw new RecipeError(`column "${name}" is missing from the data; the columns are ${quoteList(table.columns.map((x) => x.name))}`, { column: name });
  return c;
}

export function requireNumeric(table: Table, name: string): NumericColumn {
  const c = requireColumn(table, name);
  if (!isNumeric(c)) throw new RecipeError(`column "${name}" is ${c.type}, not numeric`, { column: name });
  return c;
}

export function requireCodes(table: Table, name: string): CodesColumn {
  const c = requireColumn(table, name);
  if (isNumeric(c)) throw new RecipeError(`column "${name}" is ${c.type}, not categorical or text`, { column: name });
  return c;
}
