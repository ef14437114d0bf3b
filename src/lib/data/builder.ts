import { BAD, MISSING, NUM, decodeField, isMissingBytes, isMissingString, lastHadFraction, parseBoolean, parseNumber, trimEnd, trimStart } from './values';
import { parseDate } from './dates';
import { unescapeQuotes } from './csv';
import { CHUNK_ROWS, storageOf, type ColumnSchema, type ColumnType } from './types';

/** Thrown when a value proves an inferred column type wrong: the import restarts with `to`. */
export class TypeChange extends Error {
  constructor(
    /** Index of the column in the file (not among the stored columns). */
    readonly column: number,
    readonly to: ColumnType,
    readonly line: number,
    readonly value: string,
  ) {
    super(`Line ${line} holds "${value.slice(0, 40)}", which does not fit the column's type.`);
    this.name = 'TypeChange';
  }
}

/** Running moments of a numeric column, merged chunk by chunk (Chan et al.). */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  zeros: number;
}

export function emptyMoments(): Moments {
  return { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, zeros: 0 };
}

/** Computes the moments of the finite values in `a[0..len)` and merges them into `m`. */
export function mergeChunkMoments(m: Moments, a: Float64Array, len: number): void {
  let n = 0, sum = 0, min = Infinity, max = -Infinity, zeros = 0;
  for (let i = 0; i < len; i++) {
    const v = a[i];
    if (v !== v) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  if (n === 0) return;
  const mean = sum / n;
  let m2 = 0;
  if (Number.isFinite(mean)) for (let i = 0; i < len; i++) { const v = a[i]; if (v === v) { const d = v - mean; m2 += d * d; } }
  const tot = m.n + n;
  const delta = mean - m.mean;
  m.m2 = m.m2 + m2 + (delta * delta * m.n * n) / tot;
  m.mean = m.mean + (delta * n) / tot;
  m.n = tot;
  if (min < m.min) m.min = min;
  if (max > m.max) m.max = max;
  m.zeros += zeros;
}

const CACHE_LIMIT = 1 << 16;

/** What a column's import learned, in a form that can cross a worker boundary and be merged. */
export interface ColumnState {
  schema: ColumnSchema;
  type: ColumnType;
  storage: 'f64' | 'codes';
  missing: number;
  invalid: number;
  firstInvalid: { line: number; value: string } | null;
  sawFraction: boolean;
  moments: Moments;
  dict: string[];
  dictCounts: number[];
  lenSum: number;
  lenMin: number;
  lenMax: number;
}

/** Mean/min/max string length over non-missing values (string columns). */
export function lengthStats(s: ColumnState): { min: number; max: number; mean: number } | undefined {
  if (s.storage !== 'codes') return undefined;
  let n = 0;
  for (const c of s.dictCounts) n += c;
  return n === 0 ? undefined : { min: s.lenMin, max: s.lenMax, mean: s.lenSum / n };
}

/**
 * Accumulates one column into typed-array chunks of CHUNK_ROWS rows: Float64 (NaN = missing)
 * for numbers, booleans and dates; Int32 dictionary codes (-1 = missing) for strings.
 */
export class ColumnBuilder implements ColumnState {
  readonly storage: 'f64' | 'codes';
  type: ColumnType;
  private f64: Float64Array | null = null;
  private codes: Int32Array | null = null;
  pos = 0;
  missing = 0;
  /** Values that did not parse as the user's chosen type (stored as missing). */
  invalid = 0;
  firstInvalid: { line: number; value: string } | null = null;
  sawFraction = false;
  readonly moments = emptyMoments();
  /** String dictionary in first-appearance order, with counts. */
  readonly dict: string[] = [];
  readonly dictCounts: number[] = [];
  private readonly index = new Map<string, number>();
  private readonly byteCache = new Map<number, number>();
  private readonly byteKeys: Uint8Array[] = [];
  private readonly byteCodes: number[] = [];
  lenSum = 0;
  lenMin = Infinity;
  lenMax = 0;
  private readonly num = new Int32Array(1);
  /** False where the caller merges moments itself, chunk by chunk in file order (parallel parts). */
  withMoments = true;
  /** The user chose integer: values with a fraction are invalid, not a reason to change type. */
  private readonly fixedInteger: boolean;

  constructor(
    readonly col: number,
    readonly schema: ColumnSchema,
    /** True when the user chose the type: bad values become missing instead of changing the type. */
    readonly fixed: boolean,
  ) {
    this.type = schema.type;
    this.storage = storageOf(schema.type);
    this.fixedInteger = fixed && schema.type === 'integer';
    this.newChunk();
  }

  private newChunk(): void {
    if (this.storage === 'f64') this.f64 = new Float64Array(CHUNK_ROWS);
    else this.codes = new Int32Array(CHUNK_ROWS);
    this.pos = 0;
  }

  /** Pushes a CSV field given as bytes. `flag` 2 means doubled quotes need unescaping. */
  pushBytes(buf: Uint8Array, s: number, e: number, flag: number, line: number): void {
    if (flag === 0 || this.storage === 'f64') { s = trimStart(buf, s, e); e = trimEnd(buf, s, e); }
    if (this.storage === 'codes') {
      if (isMissingBytes(buf, s, e)) { this.codes![this.pos++] = -1; this.missing++; return; }
      if (flag !== 2) { this.codes![this.pos++] = this.codeOfBytes(buf, s, e); return; }
      this.codes![this.pos++] = this.codeOf(unescapeQuotes(decodeField(buf, s, e)));
      return;
    }
    const t = this.type;
    if (t === 'integer' || t === 'float') {
      const v = parseNumber(buf, s, e, this.num);
      const k = this.num[0];
      if (k === NUM) {
        if (lastHadFraction && !this.sawFraction) this.noteFraction();
        if (this.fixedInteger && !Number.isInteger(v)) this.bad(decodeField(buf, s, e), line);
        else this.f64![this.pos++] = v;
      } else if (k === MISSING) { this.f64![this.pos++] = NaN; this.missing++; }
      else this.bad(decodeField(buf, s, e), line);
      return;
    }
    if (isMissingBytes(buf, s, e)) { this.f64![this.pos++] = NaN; this.missing++; return; }
    let str = decodeField(buf, s, e);
    if (flag === 2) str = unescapeQuotes(str);
    this.pushParsedString(str.trim(), line);
  }

  /** Pushes a value from a JSON record. */
  pushValue(v: unknown, line: number): void {
    if (v === null || v === undefined) { this.pushMissing(); return; }
    if (typeof v === 'number') {
      if (!Number.isFinite(v) && v === v) { this.pushParsedString(String(v), line); return; }
      if (this.storage === 'f64' && (this.type === 'integer' || this.type === 'float')) {
        if (!Number.isInteger(v) && !this.sawFraction) this.noteFraction();
        if (this.fixedInteger && !Number.isInteger(v)) this.bad(String(v), line);
        else this.f64![this.pos++] = v;
        return;
      }
      this.pushParsedString(String(v), line);
      return;
    }
    if (typeof v === 'boolean') { this.pushParsedString(v ? 'true' : 'false', line); return; }
    if (typeof v === 'string') {
      const t = v.trim();
      if (isMissingString(t)) { this.pushMissing(); return; }
      this.pushParsedString(this.storage === 'codes' ? v : t, line);
      return;
    }
    this.pushParsedString(JSON.stringify(v), line);
  }

  private pushMissing(): void {
    if (this.storage === 'codes') this.codes![this.pos++] = -1;
    else this.f64![this.pos++] = NaN;
    this.missing++;
  }

  private pushParsedString(str: string, line: number): void {
    if (this.storage === 'codes') { this.codes![this.pos++] = this.codeOf(str); return; }
    let v: number;
    switch (this.type) {
      case 'integer':
      case 'float': {
        const bytes = new TextEncoder().encode(str);
        v = parseNumber(bytes, 0, bytes.length, this.num);
        if (this.num[0] === BAD || (this.fixedInteger && !Number.isInteger(v))) v = NaN;
        else if (this.num[0] === NUM && lastHadFraction && !this.sawFraction) this.noteFraction();
        break;
      }
      case 'boolean': {
        const b = parseBoolean(str);
        v = b < 0 ? NaN : b;
        break;
      }
      case 'datetime':
        v = parseDate(str, this.schema.dateFormat ?? 'iso');
        break;
      default:
        v = NaN;
    }
    if (v !== v && !isMissingString(str)) { this.bad(str, line); return; }
    if (v !== v) this.missing++;
    this.f64![this.pos++] = v;
  }

  private noteFraction(): void {
    this.sawFraction = true;
    if (this.type === 'integer' && !this.fixed) this.type = 'float';
  }

  private bad(value: string, line: number): void {
    if (!this.fixed) throw new TypeChange(this.col, 'categorical', line, value);
    this.invalid++;
    this.missing++;
    if (!this.firstInvalid) this.firstInvalid = { line, value };
    this.f64![this.pos++] = NaN;
  }

  private codeOf(str: string): number {
    let c = this.index.get(str);
    if (c === undefined) {
      c = this.dict.length;
      this.index.set(str, c);
      this.dict.push(str);
      this.dictCounts.push(0);
      const len = str.length;
      if (len < this.lenMin) this.lenMin = len;
      if (len > this.lenMax) this.lenMax = len;
    }
    this.dictCounts[c]++;
    this.lenSum += str.length;
    return c;
  }

  /** Dictionary code of raw bytes; repeated short values are found without decoding. */
  private codeOfBytes(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (n > 40 || this.byteKeys.length >= CACHE_LIMIT) return this.codeOf(decodeField(buf, s, e));
    let h = 0x811c9dc5 ^ n;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const slot = this.byteCache.get(h);
    if (slot !== undefined) {
      const key = this.byteKeys[slot];
      let same = key.length === n;
      for (let i = 0; same && i < n; i++) same = key[i] === buf[s + i];
      if (same) {
        const c = this.byteCodes[slot];
        this.dictCounts[c]++;
        this.lenSum += this.dict[c].length;
        return c;
      }
      return this.codeOf(decodeField(buf, s, e));
    }
    const c = this.codeOf(decodeField(buf, s, e));
    this.byteCache.set(h, this.byteKeys.length);
    this.byteKeys.push(buf.slice(s, e));
    this.byteCodes.push(c);
    return c;
  }

  /** Closes the current chunk (possibly partial) and returns its values. */
  finishChunk(): Float64Array | Int32Array {
    const len = this.pos;
    let out: Float64Array | Int32Array;
    if (this.storage === 'f64') {
      if (this.withMoments) mergeChunkMoments(this.moments, this.f64!, len);
      out = len === CHUNK_ROWS ? this.f64! : this.f64!.slice(0, len);
    } else {
      out = len === CHUNK_ROWS ? this.codes! : this.codes!.slice(0, len);
    }
    this.newChunk();
    return out;
  }

  /** A plain copy of what this builder learned (for merging and profiling). */
  state(): ColumnState {
    return {
      schema: this.schema, type: this.type, storage: this.storage, missing: this.missing, invalid: this.invalid, firstInvalid: this.firstInvalid,
      sawFraction: this.sawFraction, moments: this.moments, dict: this.dict, dictCounts: this.dictCounts, lenSum: this.lenSum, lenMin: this.lenMin, lenMax: this.lenMax,
    };
  }
}
