/**
 * Compact storage of column chunks. In memory a numeric chunk is Float64 (NaN = missing) and a
 * string chunk Int32 codes (-1 = missing); on disk each chunk takes the narrowest exact form:
 * small integers as Int8/Int16/Int32 (the type's minimum marks missing), decimals with at most
 * 8 places as scaled Int32 (value × 10^scale), codes as Int8/Int16 when they fit. Decoding
 * gives back exactly the values encoded: every candidate is verified value by value. The
 * content id is computed over the in-memory form, so it does not depend on the encoding.
 */
export type Encoding = 'f64' | 'i8' | 'i16' | 'i32' | 'dec32' | 'codes8' | 'codes16' | 'codes32';

export interface EncodedChunk {
  data: ArrayBuffer;
  enc: Encoding;
  /** Decimal places of a 'dec32' chunk. */
  scale?: number;
}

const INT_TYPES = [
  { enc: 'i8' as const, min: -128, max: 127, make: (n: number) => new Int8Array(n) },
  { enc: 'i16' as const, min: -32768, max: 32767, make: (n: number) => new Int16Array(n) },
  { enc: 'i32' as const, min: -2147483648, max: 2147483647, make: (n: number) => new Int32Array(n) },
];
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

export function encodeChunk(a: Float64Array | Int32Array): EncodedChunk {
  return a instanceof Int32Array ? encodeCodes(a) : encodeNumbers(a);
}

function own(a: ArrayBufferView): ArrayBuffer {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? (a.buffer as ArrayBuffer) : (a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer);
}

function encodeCodes(a: Int32Array): EncodedChunk {
  let max = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  if (max <= 127) return { data: Int8Array.from(a).buffer, enc: 'codes8' };
  if (max <= 32767) return { data: Int16Array.from(a).buffer, enc: 'codes16' };
  return { data: own(a), enc: 'codes32' };
}

function encodeNumbers(a: Float64Array): EncodedChunk {
  let allInt = true;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== v) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (allInt && (!Number.isInteger(v) || (v === 0 && 1 / v < 0))) allInt = false;
  }
  if (lo === Infinity) return { data: new Int8Array(a.length).fill(-128).buffer, enc: 'i8' }; // all missing
  if (allInt) {
    for (const t of INT_TYPES) {
      if (lo > t.min && hi <= t.max) {
        const out = t.make(a.length);
        for (let i = 0; i < a.length; i++) { const v = a[i]; out[i] = v === v ? v : t.min; }
        return { data: out.buffer as ArrayBuffer, enc: t.enc };
      }
    }
    return { data: own(a), enc: 'f64' };
  }
  const scale = decimalScale(a);
  if (scale > 0) {
    const p = POW10[scale];
    if (lo * p > -2147483648 && hi * p <= 2147483647) {
      const out = new Int32Array(a.length);
      let ok = true;
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (v !== v) { out[i] = -2147483648; continue; }
        const q = Math.round(v * p);
        if (q / p !== v || (v === 0 && 1 / v < 0)) { ok = false; break; }
        out[i] = q;
      }
      if (ok) return { data: out.buffer, enc: 'dec32', scale };
    }
  }
  return { data: own(a), enc: 'f64' };
}

/** The fewest decimal places that hold the first values exactly, or 0 when more than 8 are needed. */
function decimalScale(a: Float64Array): number {
  let scale = 1;
  let seen = 0;
  for (let i = 0; i < a.length && seen < 256; i++) {
    const v = a[i];
    if (v !== v) continue;
    if (!Number.isFinite(v)) return 0;
    seen++;
    while (scale <= 8 && Math.round(v * POW10[scale]) / POW10[scale] !== v) scale++;
    if (scale > 8) return 0;
  }
  return scale;
}

/** Decodes a stored chunk (records without `enc` hold raw Float64 or Int32 data). */
export function decodeChunk(rec: { data: ArrayBuffer; enc?: Encoding; scale?: number }, storage: 'f64' | 'codes'): Float64Array | Int32Array {
  switch (rec.enc) {
    case undefined:
      return storage === 'f64' ? new Float64Array(rec.data) : new Int32Array(rec.data);
    case 'f64':
      return new Float64Array(rec.data);
    case 'codes32':
      return new Int32Array(rec.data);
    case 'codes8':
      return Int32Array.from(new Int8Array(rec.data));
    case 'codes16':
      return Int32Array.from(new Int16Array(rec.data));
    case 'dec32': {
      const src = new Int32Array(rec.data);
      const p = POW10[rec.scale ?? 0];
      const out = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) { const q = src[i]; out[i] = q === -2147483648 ? NaN : q / p; }
      return out;
    }
    default: {
      const t = INT_TYPES.find((x) => x.enc === rec.enc)!;
      const src = rec.enc === 'i8' ? new Int8Array(rec.data) : rec.enc === 'i16' ? new Int16Array(rec.data) : new Int32Array(rec.data);
      const out = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) { const v = src[i]; out[i] = v === t.min ? NaN : v; }
      return out;
    }
  }
}
