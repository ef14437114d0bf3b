/**
 * Serving-time input validation against a version's signature. Each raw input column is compiled
 * once (its storage, allowed categories as a Set, range, date format); a record is then checked
 * and coerced value by value, without building strings for valid input.
 *
 * Violation kinds: hard ones refuse the row (no prediction): `missing` (a required column absent
 * or null), `type` (text in a numeric column, an unparseable date or boolean, an object); soft ones
 * are predicted and reported: `range` (outside the training min/max), `category` (not seen in
 * training), `unknown-column` (not an input of the model; ignored). The predictor adds `recipe`
 * (a recipe step refused the row) and `feature` (a feature left missing), both hard.
 */
import { formatDate, parseDate } from '../data/dates';
import type { DateFormat } from '../data/types';
import { isMissingString, parseBoolean } from '../data/values';
import type { Signature, SignatureInput } from '../registry/types';
import type { Violation } from './types';

export const HARD_KINDS: ReadonlySet<string> = new Set(['missing', 'type', 'recipe', 'feature']);
export const isHard = (v: Violation): boolean => HARD_KINDS.has(v.kind);
export const hasHard = (vs: readonly Violation[]): boolean => vs.some(isHard);

/** Shared by every row without violations (never mutated). */
export const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]) as readonly Violation[];

const DATE_FORMATS: readonly DateFormat[] = ['iso', 'ymd-slash', 'mdy', 'dmy', 'dmy-dot'];

export interface CompiledInput {
  input: SignatureInput;
  /** How the value is stored: f64 (numbers, booleans 1/0, datetimes as epoch ms) or a string (codes). */
  storage: 'number' | 'boolean' | 'datetime' | 'codes';
  categories: ReadonlySet<string> | null;
  dateFormat: DateFormat;
}

export interface CompiledSignature {
  inputs: CompiledInput[];
  byName: ReadonlyMap<string, CompiledInput>;
  /** "a, b, c" for messages. */
  names: string;
}

export function compileSignature(sig: Signature): CompiledSignature {
  const inputs = sig.inputs.map((input): CompiledInput => {
    const t = input.type;
    const storage = t === 'categorical' || t === 'text' || t === 'identifier' ? 'codes' : t === 'boolean' ? 'boolean' : t === 'datetime' ? 'datetime' : 'number';
    const fmt = DATE_FORMATS.includes(input.format as DateFormat) ? (input.format as DateFormat) : 'iso';
    return { input, storage, categories: input.categories && storage === 'codes' ? new Set(input.categories) : null, dateFormat: fmt };
  });
  return { inputs, byName: new Map(inputs.map((c) => [c.input.name, c])), names: quote(sig.inputs.map((i) => i.name), 30) };
}

/** Returned by the coercers for a value of the wrong type. */
export const BAD = Symbol('bad');

const isAbsent = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && isMissingString(v.trim()));

/** A value for an f64 column: a number (NaN when missing) or BAD. */
export function toNumber(c: CompiledInput, v: unknown): number | typeof BAD {
  if (typeof v === 'number') {
    if (v !== v) return NaN;
    if (c.storage === 'boolean') return v === 0 || v === 1 ? v : BAD;
    return Number.isFinite(v) || c.storage === 'number' ? v : BAD;
  }
  if (isAbsent(v)) return NaN;
  if (typeof v === 'boolean') return c.storage === 'datetime' ? BAD : v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (c.storage === 'boolean') { const b = parseBoolean(s); return b < 0 ? BAD : b; }
    if (c.storage === 'datetime') {
      let t = parseDate(s, c.dateFormat);
      if (t !== t && c.dateFormat !== 'iso') t = parseDate(s, 'iso');
      return t !== t ? BAD : t;
    }
    const x = Number(s);
    return x !== x ? BAD : x;
  }
  if (v instanceof Date && c.storage === 'datetime') return Number.isFinite(v.getTime()) ? v.getTime() : BAD;
  return BAD;
}

/** A value for a codes column: a string, null when missing, or BAD (objects). */
export function toCode(v: unknown): string | null | typeof BAD {
  if (typeof v === 'string') { const s = v.trim(); return isMissingString(s) ? null : v; }
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return String(v);
  return BAD;
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'an object') : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};
const quote = (names: readonly string[], limit = 20): string =>
  names.slice(0, limit).map((n) => `'${n}'`).join(', ') + (names.length > limit ? `, … (${names.length} in all)` : '');
const showNum = (c: CompiledInput, x: number): string => (c.storage === 'datetime' ? formatDate(x) : String(x));

const EXPECT: Record<CompiledInput['storage'], string> = {
  number: 'a number', boolean: 'a boolean (true/false, yes/no, 1/0)', datetime: 'a date', codes: 'a string or number',
};

export function missingViolation(c: CompiledInput, present: boolean): Violation {
  return { column: c.input.name, kind: 'missing', message: `'${c.input.name}' is required (it was never missing in training) but ${present ? 'is null' : 'is absent'}.` };
}

export function typeViolation(c: CompiledInput, v: unknown): Violation {
  const how = c.storage === 'datetime' ? `a date in the format ${c.dateFormat} (e.g. 2024-03-31) or epoch milliseconds` : EXPECT[c.storage];
  return { column: c.input.name, kind: 'type', message: `'${c.input.name}' must be ${how}; got ${show(v)}.` };
}

export function rangeViolation(c: CompiledInput, x: number): Violation | null {
  const { min, max, name } = c.input;
  if ((min === undefined || x >= min) && (max === undefined || x <= max)) return null;
  const range = `[${min === undefined ? '−∞' : showNum(c, min)}, ${max === undefined ? '∞' : showNum(c, max)}]`;
  return { column: name, kind: 'range', message: `'${name}' = ${showNum(c, x)} is outside the training range ${range}.` };
}

export function categoryViolation(c: CompiledInput, s: string): Violation | null {
  if (!c.categories || c.categories.has(s)) return null;
  return { column: c.input.name, kind: 'category', message: `'${c.input.name}' = ${show(s)} was not seen in training; known categories: ${quote(c.input.categories ?? [])}.` };
}

export function unknownColumnViolation(cs: CompiledSignature, name: string): Violation {
  return { column: name, kind: 'unknown-column', message: `'${name}' is not an input of this model and was ignored; inputs are ${cs.names}.` };
}

/** Checks one value of column `c`; pushes its violations onto `out` (created on first need) and returns it. */
export function checkValue(c: CompiledInput, v: unknown, present: boolean, out: Violation[] | null): Violation[] | null {
  let bad: Violation | null = null;
  if (c.storage === 'codes') {
    const s = toCode(v);
    if (s === BAD) bad = typeViolation(c, v);
    else if (s === null) { if (c.input.required) bad = missingViolation(c, present); }
    else bad = categoryViolation(c, s);
  } else {
    const x = toNumber(c, v);
    if (x === BAD) bad = typeViolation(c, v);
    else if (x !== x) { if (c.input.required) bad = missingViolation(c, present); }
    else if (x === Infinity || x === -Infinity) bad = typeViolation(c, v);
    else bad = rangeViolation(c, x);
  }
  if (!bad) return out;
  (out ??= []).push(bad);
  return out;
}

/** Every violation of one record (NO_VIOLATIONS when there are none). */
export function validateRecord(cs: CompiledSignature, rec: Readonly<Record<string, unknown>>): readonly Violation[] {
  let out: Violation[] | null = null;
  for (const c of cs.inputs) {
    const name = c.input.name;
    const present = Object.prototype.hasOwnProperty.call(rec, name);
    out = checkValue(c, present ? rec[name] : undefined, present, out);
  }
  for (const key in rec) if (!cs.byName.has(key)) (out ??= []).push(unknownColumnViolation(cs, key));
  return out ?? NO_VIOLATIONS;
}

/** Violations of each record, in order. */
export function validateRecords(sig: Signature | CompiledSignature, records: readonly Readonly<Record<string, unknown>>[]): (readonly Violation[])[] {
  const cs = 'byName' in sig ? sig : compileSignature(sig);
  return records.map((r) => validateRecord(cs, r));
}
