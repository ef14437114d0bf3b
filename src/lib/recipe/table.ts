/**
 * The in-memory columnar table recipes run on. Numeric, boolean and datetime columns hold Float64
 * values (NaN missing; datetimes as epoch milliseconds, UTC); categorical, text and identifier columns
 * hold Int32 dictionary codes (-1 missing) and their dictionary. Tables are immutable by convention:
 * steps build new columns and share the ones they do not change.
 */
import { sortFloat64 } from '../data/sort';
import { storageOf, type ColumnRole, type ColumnSchema, type ColumnType } from '../data/types';

interface ColumnBase {
  name: string;
  type: ColumnType;
  role: ColumnRole;
}
export interface NumericColumn extends ColumnBase { values: Float64Array }
export interface CodesColumn extends ColumnBase { codes: Int32Array; dictionary: string[] }
export type Column = NumericColumn | CodesColumn;

export interface Table {
  rows: number;
  columns: Column[];
}

export const isNumeric = (c: Column): c is NumericColumn => 'values' in c;

/** A Float64 column; `values` is used as is. */
export function numericColumn(name: string, values: Float64Array, type: ColumnType = 'float', role: ColumnRole = 'feature'): NumericColumn {
  return { name, type, role, values };
}

/** A dictionary-coded column from strings (null or undefined for missing); codes in order of first appearance. */
export function codesColumn(name: string, values: readonly (string | null | undefined)[], type: ColumnType = 'categorical', role: ColumnRole = 'feature'): CodesColumn {
  const ids = new Map<string, number>(), dictionary: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null || v === undefined) return -1;
    let c = ids.get(v);
    if (c === undefined) { c = dictionary.length; ids.set(v, c); dictionary.push(v); }
    return c;
  });
  return { name, type, role, codes, dictionary };
}

/**
 * A table from plain records (e.g. live prediction inputs) and the schema they follow. Numbers,
 * booleans (1/0) and numeric strings fill Float64 columns; null, undefined, '' and unparseable values are missing.
 */
export function tableFromRecords(schema: readonly ColumnSchema[], records: readonly Record<string, unknown>[]): Table {
  const columns = schema.map((s): Column => {
    const raw = records.map((r) => (Object.prototype.hasOwnProperty.call(r, s.name) ? r[s.name] : undefined));
    if (storageOf(s.type) === 'codes') {
      return codesColumn(s.name, raw.map((v) => (v === null || v === undefined || v === '' ? null : String(v))), s.type, s.role);
    }
    return numericColumn(s.name, Float64Array.from(raw, toNumber), s.type, s.role);
  });
  return { rows: records.length, columns };
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

/** The value at row `i` as a plain JS value: a number, a string, or null when missing. */
export function valueAt(c: Column, i: number): number | string | null {
  if (isNumeric(c)) { const v = c.values[i]; return v !== v ? null : v; }
  const code = c.codes[i];
  return code < 0 ? null : c.dictionary[code];
}

/** Rows as records (for previews and tests). */
export function toRecords(t: Table): Record<string, number | string | null>[] {
  return Array.from({ length: t.rows }, (_, i) => Object.fromEntries(t.columns.map((c) => [c.name, valueAt(c, i)])));
}

export function schemaOf(t: Table): ColumnSchema[] {
  return t.columns.map((c) => ({ name: c.name, type: c.type, role: c.role }));
}

export function findColumn(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => c.name === name);
}

/** The rows at `indices` (in that order), every column copied; dictionaries are shared. */
export function selectRows(t: Table, indices: Int32Array): Table {
  // Runs of consecutive rows are found once and copied as blocks (most selections keep long runs).
  const runs: number[] = [];
  for (let k = 0; k < indices.length; ) {
    let e = k + 1;
    while (e < indices.length && indices[e] === indices[e - 1] + 1) e++;
    runs.push(k, indices[k], e - k);
    k = e;
  }
  const gather = <A extends Float64Array | Int32Array>(src: A, out: A): A => {
    for (let r = 0; r < runs.length; r += 3) {
      const at = runs[r], from = runs[r + 1], len = runs[r + 2];
      if (len < 8) for (let i = 0; i < len; i++) out[at + i] = src[from + i];
      else out.set(src.subarray(from, from + len), at);
    }
    return out;
  };
  const columns = t.columns.map((c): Column =>
    isNumeric(c) ? { ...c, values: gather(c.values, new Float64Array(indices.length)) } : { ...c, codes: gather(c.codes, new Int32Array(indices.length)) },
  );
  return { rows: indices.length, columns };
}

/** Indices of the rows where keep[i] is nonzero. */
export function keptRows(keep: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) out[k++] = i;
  return out;
}

/** Replaces columns by name (each by one or more columns, in place) and keeps the rest. */
export function replaceColumns(t: Table, replace: ReadonlyMap<string, Column[]>): Table {
  return { rows: t.rows, columns: t.columns.flatMap((c) => replace.get(c.name) ?? [c]) };
}

/** Non-missing values of a numeric column, sorted ascending. */
export function sortedFinite(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) if (values[i] === values[i]) out[k++] = values[i];
  return sortFloat64(out);
}
