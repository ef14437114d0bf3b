import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/split';
import { decodeChunk, encodeChunk } from '../../../src/lib/store/encoding';

function roundTrip(a: Float64Array | Int32Array) {
  const enc = encodeChunk(a);
  const back = decodeChunk(enc, a instanceof Int32Array ? 'codes' : 'f64');
  expect(back.constructor).toBe(a.constructor);
  expect(back.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(back[i], a[i]) || (Number.isNaN(back[i]) && Number.isNaN(a[i]))).toBe(true);
  return enc;
}

const seeded = mulberry32;

describe('chunk encoding', () => {
  it('stores small integers in the narrowest type, missing as the minimum', () => {
    expect(roundTrip(Float64Array.from([0, 1, NaN, 1, 0, -127, 127])).enc).toBe('i8');
    expect(roundTrip(Float64Array.from([300, -32767, NaN])).enc).toBe('i16');
    expect(roundTrip(Float64Array.from([70000, -2147483647, NaN])).enc).toBe('i32');
    expect(roundTrip(Float64Array.from([2 ** 40, 1])).enc).toBe('f64');
    // The minimum itself is the missing marker, so it cannot be stored in that type.
    expect(roundTrip(Float64Array.from([-128, 5])).enc).toBe('i16');
  });

  it('stores decimals with few places as scaled integers, exactly', () => {
    const rand = seeded(7);
    const a = Float64Array.from({ length: 65536 }, () => Number(((rand() - 0.5) * 2000).toFixed(4)));
    a[10] = NaN;
    const enc = roundTrip(a);
    expect(enc.enc).toBe('dec32');
    expect(enc.scale).toBe(4);
    expect(enc.data.byteLength).toBe(a.length * 4);
  });

  it('keeps Float64 for what a narrower form would change', () => {
    expect(roundTrip(Float64Array.from([0.1 + 0.2, 1.5])).enc).toBe('f64');
    expect(roundTrip(Float64Array.from([-0, 1])).enc).toBe('f64');
    expect(roundTrip(Float64Array.from([Infinity, 1.5])).enc).toBe('f64');
    expect(roundTrip(Float64Array.from([1.5, -Infinity, 2])).enc).toBe('f64');
    expect(roundTrip(Float64Array.from([1e-9, 2.5])).enc).toBe('f64');
    expect(roundTrip(Float64Array.from([1234567890.5, 0.5])).enc).toBe("f64"); // scaled value leaves Int32
    // A value later in the chunk with more places than the first ones suggested.
    const a = new Float64Array(1000).fill(1.5);
    a[999] = 1.23456;
    expect(roundTrip(a).enc).toBe('f64');
  });

  it('stores an all-missing chunk compactly', () => {
    expect(roundTrip(new Float64Array(100).fill(NaN)).enc).toBe('i8');
  });

  it('stores dictionary codes in 8, 16 or 32 bits, keeping -1 for missing', () => {
    expect(roundTrip(Int32Array.from([0, 3, -1, 127])).enc).toBe('codes8');
    expect(roundTrip(Int32Array.from([0, 128, -1])).enc).toBe('codes16');
    expect(roundTrip(Int32Array.from([40000, -1, 2])).enc).toBe('codes32');
  });

  it('reads records written before encodings existed', () => {
    const raw = Float64Array.from([1.25, NaN]);
    expect(Array.from(decodeChunk({ data: raw.buffer }, 'f64') as Float64Array)).toEqual([1.25, NaN]);
    const codes = Int32Array.from([2, -1]);
    expect(Array.from(decodeChunk({ data: codes.buffer }, 'codes'))).toEqual([2, -1]);
  });
});
