import { describe, expect, it } from 'vitest';
import * as values from '../../../src/lib/data/values';
import { BAD, MISSING, NUM, MISSING_MARKERS, Utf8Error, decodeField, isBooleanWord, isMissingBytes, isMissingString, parseBoolean, parseNumber, trimEnd, trimStart } from '../../../src/lib/data/values';
import { bytes, rng } from './helpers';

const out = new Int32Array(1);

/** parseNumber over a whole string: [value, kind, hadFraction]. */
function pn(s: string): [number, number, boolean] {
  const b = bytes(s);
  const v = parseNumber(b, 0, b.length, out);
  return [v, out[0], values.lastHadFraction];
}

function expectSameAsParseFloat(s: string): void {
  const [v, kind] = pn(s);
  expect(kind, s).toBe(NUM);
  expect(Object.is(v, parseFloat(s)), `${s}: ${v} vs parseFloat ${parseFloat(s)}`).toBe(true);
}

describe('parseNumber', () => {
  // Non-negative strings, and negative ones that stay on the exact fast path (<= 2^53, |exp| <= 22).
  const edges = [
    '0', '-0', '+0', '00', '0.0', '-0.0', '1', '-1', '+1', '+5', '42', '007', '-007.50', '-3.25e-7', '-123456789012345',
    '.5', '-.5', '+.5', '5.', '-5.', '0.', '.0',
    '3.14159', '2.5e3', '2.5E3', '2.5e+3', '2.5e-3', '1e0', '1e-0', '1.e5', '.5e1', '5e22', '5e23', '1e-22', '1e-23',
    '9007199254740991', '9007199254740992', '9007199254740993', '18446744073709551615',
    '12345678901234567', '0.12345678901234567', '1.2345678901234567890123', '123456789012345678901234567890',
    '0.1', '0.2', '0.3', '0.30000000000000004', '1.7976931348623157e308', '1.7976931348623159e308', '1e309',
    '4.9e-324', '2.4703282292062328e-324', '2.4703282292062327e-324', '1e-400', '0e500', '0.000000000000000000000000001',
    '2.2250738585072011e-308', '2.2250738585072014e-308', '123456789e-30', '100000000000000000000000', '1.00000000000000011102230246251565404236316680908203125',
    '8.98846567431158e307', '6.02214076e23', '6.62607015e-34', '1e23', '9.999999999999999e22', '4503599627370496.5', '4503599627370497.5',
    '0000000000000000000000000000001', '1000000000000000000000.000000000000000000001', '1e100000', '1e-100000',
  ];

  it('equals parseFloat on edge strings', () => {
    for (const s of edges) expectSameAsParseFloat(s);
  });

  it('equals parseFloat on negative numbers beyond the fast path', () => {
    for (const s of ['-9007199254740993', '-0.12345678901234567', '-1.0633317472198887', '-8.379409338816273e+67', '-1e309', '-1e-400', '-0e500']) expectSameAsParseFloat(s);
  });

  const randomDecimals = (seed: number, signs: string[]): string[] => {
    const rand = rng(seed);
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
    const out: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const sign = signs[Math.floor(rand() * signs.length)];
      const intLen = Math.floor(rand() * 22);
      const fracLen = rand() < 0.6 ? Math.floor(rand() * 22) : -1;
      let s = sign + digits(intLen);
      if (fracLen >= 0) s += '.' + digits(fracLen);
      if (intLen === 0 && fracLen <= 0) s += '7';
      if (rand() < 0.4) s += (rand() < 0.5 ? 'e' : 'E') + ['', '-', '+'][Math.floor(rand() * 3)] + String(Math.floor(rand() * (rand() < 0.8 ? 30 : 400)));
      out.push(s);
    }
    return out;
  };

  it('equals parseFloat on random unsigned and +signed decimal strings', () => {
    for (const s of randomDecimals(42, ['', '+'])) expectSameAsParseFloat(s);
  });

  it('equals parseFloat on random negative decimal strings', () => {
    for (const s of randomDecimals(43, ['-'])) expectSameAsParseFloat(s);
  });

  const randomDoubleStrings = (seed: number, negative: boolean): string[] => {
    const rand = rng(seed);
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    const out: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let x: number;
      if (i % 3 === 0) {
        u32[0] = Math.floor(rand() * 2 ** 32);
        u32[1] = Math.floor(rand() * 2 ** 32);
        x = f64[0];
        if (!Number.isFinite(x)) continue;
      } else if (i % 3 === 1) x = rand() * 10 ** Math.floor(rand() * 40 - 20);
      else x = Math.round(rand() * 1e6) / 100;
      x = negative ? -Math.abs(x) : Math.abs(x);
      out.push(String(x), x.toExponential(), x.toPrecision(17), x.toPrecision(21), x.toExponential(Math.floor(rand() * 20)));
      if (Math.abs(x) < 1e21) out.push(x.toFixed(Math.floor(rand() * 20)));
    }
    return out;
  };

  it('equals parseFloat on random doubles written every way JavaScript writes them', () => {
    for (const s of randomDoubleStrings(99, false)) expectSameAsParseFloat(s);
  });

  it('equals parseFloat on random negative doubles', () => {
    for (const s of randomDoubleStrings(100, true)) expectSameAsParseFloat(s);
  });

  it('reads negative numbers on the fast path exactly', () => {
    const rand = rng(5);
    for (let i = 0; i < 2000; i++) {
      const s = '-' + String(Math.floor(rand() * 1e6)) + '.' + String(Math.floor(rand() * 1e6)).padStart(6, '0');
      expectSameAsParseFloat(s);
    }
  });

  it('reads inf and infinity in any case with a sign', () => {
    for (const s of ['inf', 'INF', 'Inf', '+inf', 'infinity', 'Infinity', '+Infinity', 'INFINITY']) {
      expect(pn(s).slice(0, 2), s).toEqual([Infinity, NUM]);
    }
    for (const s of ['-inf', '-Infinity', '-INF']) expect(pn(s).slice(0, 2), s).toEqual([-Infinity, NUM]);
  });

  it('returns BAD for what is not a number', () => {
    const bad = ['1.2.3', '12abc', '0x10', '1e', '1e+', '1e-', 'e5', '.', '-', '+', '+-1', '--1', '1-2', '1,5', '1 000', '1_000', '$5', '5%', 'abc', 'infinite', 'infinityx', '-nan', 'nan1', '1e5.5', '..5', '0b101', '1d', '١٢'];
    for (const s of bad) {
      const [v, kind] = pn(s);
      expect(kind, s).toBe(BAD);
      expect(v, s).toBeNaN();
    }
  });

  it('returns MISSING for missing markers in any case', () => {
    for (const s of ['', 'NA', 'na', 'n/a', 'N/A', 'null', 'NULL', 'Null', 'NaN', 'nan', 'NAN', 'None', 'none', 'NONE', '?']) {
      const [v, kind] = pn(s);
      expect(kind, s).toBe(MISSING);
      expect(v, s).toBeNaN();
    }
  });

  it('parses a field inside a larger buffer without reading past its end', () => {
    const b = bytes('xx12.5e3yy');
    expect(parseNumber(b, 2, 8, out)).toBe(12500);
    expect(out[0]).toBe(NUM);
    expect(parseNumber(b, 2, 4, out)).toBe(12);
  });

  it('tells whether the last number had a fraction or an exponent', () => {
    expect(pn('12')[2]).toBe(false);
    expect(pn('-12')[2]).toBe(false);
    expect(pn('12.0')[2]).toBe(true);
    expect(pn('1e3')[2]).toBe(true);
    expect(pn('.5')[2]).toBe(true);
    expect(pn('inf')[2]).toBe(true);
  });
});

describe('missing markers', () => {
  it('treats every listed marker as missing, in any case', () => {
    for (const m of MISSING_MARKERS) {
      for (const v of [m, m.toLowerCase(), m.toUpperCase()]) {
        expect(isMissingString(v), v).toBe(true);
        const b = bytes(v);
        expect(isMissingBytes(b, 0, b.length), v).toBe(true);
      }
    }
  });

  it('does not treat near misses as missing', () => {
    for (const v of ['N', 'n', 'NAA', 'na/', 'n/b', 'nul', 'nulls', 'none.', 'nan1', 'Nope', '??', '-', '0', ' NA', 'NA ', 'ñ', 'NÁ']) {
      expect(isMissingString(v), v).toBe(false);
    }
  });

  it('reads markers from a byte range', () => {
    const b = bytes('1,NA,2');
    expect(isMissingBytes(b, 2, 4)).toBe(true);
    expect(isMissingBytes(b, 0, 1)).toBe(false);
    expect(isMissingBytes(b, 2, 2)).toBe(true);
  });
});

describe('booleans', () => {
  it('parses true and false words', () => {
    for (const t of ['true', 'TRUE', 'True', 't', 'T', 'yes', 'Y', 'y', '1']) expect(parseBoolean(t), t).toBe(1);
    for (const f of ['false', 'FALSE', 'f', 'F', 'no', 'No', 'n', 'N', '0']) expect(parseBoolean(f), f).toBe(0);
    for (const x of ['maybe', '2', '', 'tru', 'yess', '-1']) expect(parseBoolean(x), x).toBe(-1);
  });

  it('counts only unambiguous words as boolean words (0/1 and y/n alone are not)', () => {
    for (const w of ['true', 'False', 'YES', 'no', 't', 'F']) expect(isBooleanWord(w), w).toBe(true);
    for (const w of ['1', '0', 'y', 'n', 'on', 'off']) expect(isBooleanWord(w), w).toBe(false);
  });
});

describe('decodeField and trimming', () => {
  it('decodes ASCII and UTF-8 ranges', () => {
    const b = bytes('abc,Zoë,😀,' + 'x'.repeat(30) + ',' + 'é'.repeat(20));
    expect(decodeField(b, 0, 3)).toBe('abc');
    expect(decodeField(b, 4, 8)).toBe('Zoë');
    expect(decodeField(b, 9, 13)).toBe('😀');
    expect(decodeField(b, 14, 44)).toBe('x'.repeat(30));
    expect(decodeField(b, 45, b.length)).toBe('é'.repeat(20));
    expect(decodeField(b, 3, 3)).toBe('');
  });

  it('throws Utf8Error on invalid UTF-8 (short and long fields)', () => {
    expect(() => decodeField(new Uint8Array([0x61, 0xff, 0x62]), 0, 3)).toThrow(Utf8Error);
    expect(() => decodeField(new Uint8Array([0xc3]), 0, 1)).toThrow(Utf8Error);
    const long = new Uint8Array(40).fill(0x61);
    long[30] = 0xe9; // Latin-1 é
    expect(() => decodeField(long, 0, 40)).toThrow(Utf8Error);
  });

  it('trims ASCII spaces and tabs only', () => {
    const b = bytes(' \t a b \t\n');
    const s = trimStart(b, 0, b.length);
    const e = trimEnd(b, s, b.length - 1);
    expect(decodeField(b, s, e)).toBe('a b');
    const blank = bytes('   ');
    expect(trimEnd(blank, trimStart(blank, 0, 3), 3)).toBe(3);
  });
});
