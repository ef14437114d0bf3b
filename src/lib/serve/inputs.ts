/**
 * Raw prediction inputs as a recipe table: records (as an API caller sends them) or a table read
 * from a dataset version or a CSV, coerced to the raw schema the fitted recipe chain starts from
 * (the first recipe's input columns, or the signature's inputs when there is no recipe), with the
 * violations of every row. Rows with a hard violation are marked refused; their cells are missing.
 * Raw columns the signature does not list (the target, ignored or identifier columns the recipe
 * expects) are filled when given and never checked.
 */
import { formatDate } from '../data/dates';
import { storageOf, type ColumnSchema } from '../data/types';
import type { FittedRecipe } from '../recipe/recipe';
import { codesColumn, isNumeric, numericColumn, type Column, type Table } from '../recipe/table';
import type { Signature, SignatureInput } from '../registry/types';
import type { Violation } from './types';
import {
  BAD, categoryViolation, checkValue, compileSignature, hasHard, missingViolation, NO_VIOLATIONS, rangeViolation, toCode, toNumber, typeViolation,
  unknownColumnViolation, type CompiledInput, type CompiledSignature,
} from './validate-input';

interface RawColumn {
  schema: ColumnSchema;
  /** The compiled signature input (checked), or a lenient one for columns outside the signature. */
  c: CompiledInput;
  checked: boolean;
}

export interface RawInputs {
  cs: CompiledSignature;
  columns: RawColumn[];
}

/** The inputs of a table or records: the raw table, per-row violations and which rows are refused. */
export interface Conformed {
  table: Table;
  /** Violations by row (rows without any are absent). */
  violations: Map<number, readonly Violation[]>;
  refused: Uint8Array;
  refusedCount: number;
}

export function compileRaw(sig: Signature, first: FittedRecipe | undefined): RawInputs {
  const cs = compileSignature(sig);
  const schema: ColumnSchema[] = first?.input ?? sig.inputs.map((i) => ({ name: i.name, type: i.type, role: 'feature' as const }));
  const columns = schema.map((s): RawColumn => {
    const c = cs.byName.get(s.name);
    if (c) return { schema: s, c, checked: true };
    const loose: SignatureInput = { name: s.name, type: s.type, required: false, ...(s.dateFormat ? { format: s.dateFormat } : {}) };
    return { schema: s, c: compileSignature({ inputs: [loose], output: sig.output }).inputs[0], checked: false };
  });
  return { cs, columns };
}

/** Records → the raw table, validated and coerced in one pass per column. */
export function recordsToTable(ri: RawInputs, records: readonly Readonly<Record<string, unknown>>[]): Conformed {
  const n = records.length;
  const rowViolations: (Violation[] | null)[] = new Array(n).fill(null);
  const columns = ri.columns.map(({ schema, c, checked }): Column => {
    const name = schema.name;
    if (storageOf(schema.type) === 'codes') {
      const strings: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const r = records[i], present = Object.prototype.hasOwnProperty.call(r, name), v = present ? r[name] : undefined;
        if (checked) rowViolations[i] = checkValue(c, v, present, rowViolations[i]);
        const s = toCode(v);
        strings[i] = s === BAD ? null : s;
      }
      return codesColumn(name, strings, schema.type, schema.role);
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = records[i], present = Object.prototype.hasOwnProperty.call(r, name), v = present ? r[name] : undefined;
      if (checked) rowViolations[i] = checkValue(c, v, present, rowViolations[i]);
      const x = toNumber(c, v);
      values[i] = x === BAD || x === Infinity || x === -Infinity ? NaN : x;
    }
    return numericColumn(name, values, schema.type, schema.role);
  });
  // Signature inputs the raw schema lacks (not expected) are still checked; unknown keys reported.
  const inRaw = new Set(ri.columns.map((r) => r.schema.name));
  const extra = ri.cs.inputs.filter((c) => !inRaw.has(c.input.name));
  const violations = new Map<number, readonly Violation[]>();
  const refused = new Uint8Array(n);
  let refusedCount = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i];
    let vs = rowViolations[i];
    for (const c of extra) vs = checkValue(c, r[c.input.name], Object.prototype.hasOwnProperty.call(r, c.input.name), vs);
    for (const key in r) if (!ri.cs.byName.has(key)) (vs ??= []).push(unknownColumnViolation(ri.cs, key));
    if (!vs) continue;
    violations.set(i, vs);
    if (hasHard(vs)) { refused[i] = 1; refusedCount++; }
  }
  return { table: { rows: n, columns }, violations, refused, refusedCount };
}

const addTo = (map: Map<number, readonly Violation[]>, row: number, v: Violation) => {
  const have = map.get(row);
  if (have) (have as Violation[]).push(v);
  else map.set(row, [v]);
};

/** A numeric column as text (for a signature column stored as codes). */
function asStrings(col: Column): (string | null)[] {
  if (!isNumeric(col)) return Array.from(col.codes, (k) => (k < 0 ? null : col.dictionary[k]));
  return Array.from(col.values, (x) => (x !== x ? null : col.type === 'boolean' ? (x ? 'true' : 'false') : col.type === 'datetime' ? formatDate(x) : String(x)));
}

/** A table (a dataset version, a parsed CSV) → the raw table in schema order, checked column by column. */
export function conformTable(ri: RawInputs, table: Table): Conformed {
  const n = table.rows, violations = new Map<number, readonly Violation[]>();
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const columns = ri.columns.map(({ schema, c, checked }): Column => {
    const have = byName.get(schema.name);
    const codes = storageOf(schema.type) === 'codes';
    if (!have) {
      if (checked && c.input.required) { const v = missingViolation(c, false); for (let i = 0; i < n; i++) addTo(violations, i, v); }
      return codes ? { name: schema.name, type: schema.type, role: schema.role, codes: new Int32Array(n).fill(-1), dictionary: [] }
        : numericColumn(schema.name, new Float64Array(n).fill(NaN), schema.type, schema.role);
    }
    if (codes) {
      const col = isNumeric(have) ? codesColumn(schema.name, asStrings(have), schema.type, schema.role) : { ...have, name: schema.name, type: schema.type, role: schema.role };
      if (!checked) return col;
      const perCode = col.dictionary.map((s) => categoryViolation(c, s));
      const missing = c.input.required ? missingViolation(c, true) : null;
      for (let i = 0; i < n; i++) {
        const k = col.codes[i], v = k < 0 ? missing : perCode[k];
        if (v) addTo(violations, i, v);
      }
      return col;
    }
    let values: Float64Array;
    let bad: (Violation | null)[] = [];
    if (isNumeric(have)) values = have.values;
    else {
      // Text where numbers are expected (a CSV column read as text): parse each category once.
      const parsed = have.dictionary.map((s) => toNumber(c, s));
      bad = have.dictionary.map((s, k) => (parsed[k] === BAD ? typeViolation(c, s) : null));
      values = Float64Array.from(have.codes, (k) => (k < 0 || parsed[k] === BAD ? NaN : (parsed[k] as number)));
      for (let i = 0; i < n; i++) { const k = have.codes[i]; if (k >= 0 && bad[k]) addTo(violations, i, bad[k]!); }
    }
    if (checked) {
      const missing = c.input.required ? missingViolation(c, true) : null;
      for (let i = 0; i < n; i++) {
        const x = values[i];
        if (x !== x) {
          const unparsed = !isNumeric(have) && have.codes[i] >= 0 && bad[have.codes[i]] !== null;
          if (missing && !unparsed) addTo(violations, i, missing);
          continue;
        }
        const v = x === Infinity || x === -Infinity ? typeViolation(c, x) : rangeViolation(c, x);
        if (v) addTo(violations, i, v);
      }
    }
    return numericColumn(schema.name, values, schema.type, schema.role);
  });
  const refused = new Uint8Array(n);
  let refusedCount = 0;
  for (const [i, vs] of violations) if (hasHard(vs)) { refused[i] = 1; refusedCount++; }
  return { table: { rows: n, columns }, violations, refused, refusedCount };
}

export { NO_VIOLATIONS };
