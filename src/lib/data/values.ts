/**
 * Field-level value parsing straight from UTF-8 bytes, without creating strings on the
 * hot path. Exactly matches `parseFloat` (Clinger's fast path, else parseFloat itself).
 */

/** Result kinds of `parseNumber`: NUM a number, MISSING a missing marker, BAD not a number. */
export const NUM = 0;
export const MISSING = 1;
export const BAD = 2;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Set by parseNumber: whether the last number had a fraction or exponent. */
export let lastHadFraction = false;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Raised by decodeField on bytes that are not UTF-8; the importer adds line and column. */
export class Utf8Error extends Error {}

/** Decodes bytes [s, e) as UTF-8 (ASCII fast path). */
export function decodeField(buf: Uint8Array, s: number, e: number): string {
  const n = e - s;
  if (n === 0) return '';
  if (n <= 24) {
    let ascii = true;
    for (let i = s; i < e; i++) if (buf[i] > 127) { ascii = false; break; }
    if (ascii) {
      let out = '';
      for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]);
      return out;
    }
  }
  try {
    return utf8.decode(buf.subarray(s, e));
  } catch {
    throw new Utf8Error('invalid UTF-8');
  }
}

/** True when bytes [s, e) (already trimmed) spell a missing marker: '', NA, N/A, null, NaN, None, ? (any case). */
export function isMissingBytes(buf: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n === 0) return true;
  if (n > 4) return false;
  const c0 = buf[s] | 0x20;
  if (n === 1) return buf[s] === 0x3f /* ? */;
  if (c0 === 0x6e /* n */) {
    const c1 = buf[s + 1] | 0x20;
    if (n === 2) return c1 === 0x61; // na
    if (n === 3) {
      const c2 = buf[s + 2] | 0x20;
      return (c1 === 0x61 && c2 === 0x6e) /* nan */ || (buf[s + 1] === 0x2f && c2 === 0x61); /* n/a */
    }
    // n === 4
    const c2 = buf[s + 2] | 0x20;
    const c3 = buf[s + 3] | 0x20;
    return (c1 === 0x75 && c2 === 0x6c && c3 === 0x6c) /* null */ || (c1 === 0x6f && c2 === 0x6e && c3 === 0x65); /* none */
  }
  return false;
}

export const MISSING_MARKERS = ['', 'NA', 'N/A', 'null', 'NaN', 'None', '?'];

/** True when a string (already trimmed) is a missing marker. */
export function isMissingString(v: string): boolean {
  if (v.length > 4) return false;
  const bytes = latin1Bytes(v);
  return bytes !== null && isMissingBytes(bytes, 0, bytes.length);
}

function latin1Bytes(v: string): Uint8Array | null {
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 255) return null;
    out[i] = c;
  }
  return out;
}

/** Trims ASCII spaces and tabs: returns [s, e] packed as s * 2^32 + e is slow, so callers trim inline. */
export function trimStart(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  return s;
}
export function trimEnd(buf: Uint8Array, s: number, e: number): number {
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
  return e;
}

/**
 * Parses a decimal number from trimmed bytes [s, e). Returns the value, and writes the kind
 * (NUM/MISSING/BAD) into `out[0]`. Accepts [+-]digits[.digits][(e|E)[+-]digits], inf/infinity.
 */
export function parseNumber(buf: Uint8Array, s: number, e: number, out: Int32Array): number {
  if (s === e) { out[0] = MISSING; return NaN; }
  let i = s;
  let neg = false;
  const c0 = buf[i];
  if (c0 === 0x2d /* - */) { neg = true; i++; } else if (c0 === 0x2b /* + */) i++;
  const unsigned = i;
  // Up to 15 digits the mantissa is exact in a double; longer numbers take the slow path below.
  let mant = 0;
  let digits = 0;
  let exp10 = 0;
  let frac = false;
  let c = 0;
  for (; i < e; i++) {
    c = buf[i] - 0x30;
    if (c < 0 || c > 9) break;
    mant = mant * 10 + c;
    digits++;
  }
  if (i < e && buf[i] === 0x2e /* . */) {
    frac = true;
    i++;
    const f0 = i;
    for (; i < e; i++) {
      c = buf[i] - 0x30;
      if (c < 0 || c > 9) break;
      mant = mant * 10 + c;
    }
    digits += i - f0;
    exp10 = f0 - i;
  }
  if (digits === 0) return special(buf, s, e, out);
  if (i < e && (buf[i] | 0x20) === 0x65 /* e */) {
    frac = true;
    i++;
    let eneg = false;
    if (i < e && (buf[i] === 0x2d || buf[i] === 0x2b)) { eneg = buf[i] === 0x2d; i++; }
    let ev = 0;
    let ed = 0;
    for (; i < e; i++) {
      c = buf[i] - 0x30;
      if (c < 0 || c > 9) break;
      if (ev < 100000) ev = ev * 10 + c;
      ed++;
    }
    if (ed === 0) { out[0] = BAD; return NaN; }
    exp10 += eneg ? -ev : ev;
  }
  if (i !== e) { out[0] = BAD; return NaN; }
  out[0] = NUM;
  lastHadFraction = frac;
  let v: number;
  if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
    v = exp10 < 0 ? mant / POW10[-exp10] : mant * POW10[exp10];
  } else {
    v = parseFloat(latin1.decode(buf.subarray(unsigned, e)));
  }
  return neg ? -v : v;
}

function special(buf: Uint8Array, s: number, e: number, out: Int32Array): number {
  if (isMissingBytes(buf, s, e)) { out[0] = MISSING; return NaN; }
  const t = latin1.decode(buf.subarray(s, e)).toLowerCase();
  if (t === 'inf' || t === 'infinity' || t === '+inf' || t === '+infinity') { out[0] = NUM; lastHadFraction = true; return Infinity; }
  if (t === '-inf' || t === '-infinity') { out[0] = NUM; lastHadFraction = true; return -Infinity; }
  out[0] = BAD;
  return NaN;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/** 1, 0, or -1 when the string is no boolean word. */
export function parseBoolean(v: string): number {
  const t = v.toLowerCase();
  if (TRUE_WORDS.has(t)) return 1;
  if (FALSE_WORDS.has(t)) return 0;
  return -1;
}

/** Boolean words that make a column boolean on their own (0/1 alone stays integer). */
export function isBooleanWord(v: string): boolean {
  const t = v.toLowerCase();
  return t === 'true' || t === 'false' || t === 'yes' || t === 'no' || t === 't' || t === 'f';
}
