import { QUANTILE_LEVELS } from './types';

const FINE_PER_BIN = 2048;
const DISPLAY_BINS = 30;

export interface NumericSummary {
  quantiles: number[];
  distinct: number;
  /** False when `distinct` is an estimate (more than EXACT_DISTINCT values). */
  distinctExact: boolean;
  histogram: { edges: number[]; counts: number[] };
}

/**
 * Exact quantiles (linear interpolation, as pandas), distinct count and a histogram of the
 * finite values of a column, without sorting it: a fine histogram over [min, max] locates the
 * bins that hold each needed order statistic, and only those values are sorted. Distinct values:
 * see countDistinct.
 */
export function summarizeNumeric(column: Float64Array | Float64Array[], min: number, max: number, integer: boolean): NumericSummary {
  // A column may come as its chunks: it is never concatenated (that would double its memory).
  const parts = Array.isArray(column) ? column : [column];
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = finiteRange(parts);
  const { count: distinct, exact: distinctExact } = countDistinct(parts);
  if (!(min <= max)) return { quantiles: QUANTILE_LEVELS.map(() => NaN), distinct, distinctExact, histogram: { edges: [], counts: [] } };
  const B = DISPLAY_BINS * FINE_PER_BIN;
  const scale = min === max ? 0 : B / (max - min);
  const fine = new Int32Array(B);
  let n = 0;
  for (const values of parts) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v >= min && v <= max) {
        let b = ((v - min) * scale) | 0;
        if (b >= B) b = B - 1;
        fine[b]++;
        n++;
      }
    }
  }
  if (min === max) {
    return { quantiles: QUANTILE_LEVELS.map(() => min), distinct, distinctExact, histogram: { edges: [min - 0.5, max + 0.5], counts: [n] } };
  }
  return { quantiles: quantilesFromFine(parts, fine, min, max, scale, n), distinct, distinctExact, histogram: displayHistogram(parts, fine, min, max, distinct, integer) };
}

function finiteRange(parts: Float64Array[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const values of parts) for (let i = 0; i < values.length; i++) { const v = values[i]; if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
  return [lo, hi];
}

function quantilesFromFine(parts: Float64Array[], fine: Int32Array, min: number, max: number, scale: number, n: number): number[] {
  const B = fine.length;
  // Order statistics needed (0-based ranks among finite values).
  const ranks = new Set<number>();
  for (const q of QUANTILE_LEVELS) { const r = q * (n - 1); ranks.add(Math.floor(r)); ranks.add(Math.min(n - 1, Math.floor(r) + 1)); }
  const sortedRanks = [...ranks].sort((a, b) => a - b);
  // For each rank: its fine bin and the number of values before that bin.
  const wanted = new Map<number, number>(); // bin -> values before the bin
  const rankBin = new Map<number, number>();
  let cum = 0, k = 0;
  for (let b = 0; b < B && k < sortedRanks.length; b++) {
    const c = fine[b];
    while (k < sortedRanks.length && sortedRanks[k] < cum + c) { rankBin.set(sortedRanks[k], b); wanted.set(b, cum); k++; }
    cum += c;
  }
  // Gather the values of the wanted bins into one array, bin after bin, then sort each bin's slice.
  const slotOf = new Int32Array(B).fill(-1);
  const bins = [...wanted.keys()].sort((x, y) => x - y);
  const offset: number[] = [];
  let total = 0;
  for (const b of bins) { slotOf[b] = offset.length; offset.push(total); total += fine[b]; }
  const gathered = new Float64Array(total);
  const fill = offset.slice();
  for (const values of parts) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v >= min && v <= max) {
        let b = ((v - min) * scale) | 0;
        if (b >= B) b = B - 1;
        const k = slotOf[b];
        if (k >= 0) gathered[fill[k]++] = v;
      }
    }
  }
  bins.forEach((b, k) => gathered.subarray(offset[k], offset[k] + fine[b]).sort());
  const at = (r: number) => { const b = rankBin.get(r)!; return gathered[offset[slotOf[b]] + r - wanted.get(b)!]; };
  return QUANTILE_LEVELS.map((q) => {
    const r = q * (n - 1);
    const lo = Math.floor(r);
    const frac = r - lo;
    const a = at(lo);
    return frac === 0 ? a : a + (at(Math.min(n - 1, lo + 1)) - a) * frac;
  });
}

function displayHistogram(parts: Float64Array[], fine: Int32Array, min: number, max: number, distinct: number, integer: boolean): { edges: number[]; counts: number[] } {
  if (integer && max - min <= 40) {
    const bins = max - min + 1;
    const counts = new Array<number>(bins).fill(0);
    for (const values of parts) for (let i = 0; i < values.length; i++) { const v = values[i]; if (v >= min && v <= max) counts[Math.round(v - min)]++; }
    return { edges: Array.from({ length: bins + 1 }, (_, i) => min - 0.5 + i), counts };
  }
  if (distinct < DISPLAY_BINS) {
    const bins = Math.max(2, distinct);
    const width = (max - min) / bins;
    const counts = new Array<number>(bins).fill(0);
    for (const values of parts) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v >= min && v <= max) { let b = Math.floor((v - min) / width); if (b >= bins) b = bins - 1; counts[b]++; }
      }
    }
    return { edges: Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width)), counts };
  }
  const counts = new Array<number>(DISPLAY_BINS).fill(0);
  for (let b = 0; b < fine.length; b++) counts[(b / FINE_PER_BIN) | 0] += fine[b];
  const width = (max - min) / DISPLAY_BINS;
  return { edges: Array.from({ length: DISPLAY_BINS + 1 }, (_, i) => (i === DISPLAY_BINS ? max : min + i * width)), counts };
}

/** Distinct values are counted exactly up to this many; beyond, a HyperLogLog sketch estimates them. */
export const EXACT_DISTINCT = 1 << 16;
const HLL_P = 14;
const HLL_M = 1 << HLL_P;

function mix(lo: number, hi: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Distinct non-NaN values, by their bits (+0 and -0 count as one). Exact up to EXACT_DISTINCT
 * values, in an open-addressing hash set (one Float64Array, NaN marks an empty slot) that starts
 * small and doubles at half load, so that it stays in cache. Past that, the values seen go into
 * a HyperLogLog sketch (2^14 registers, about 0.8% standard error) and the count is an estimate.
 */
export function countDistinct(column: Float64Array | Float64Array[]): { count: number; exact: boolean } {
  let size = 1 << 12;
  let mask = size - 1;
  let table = new Float64Array(size).fill(NaN);
  let distinct = 0;
  let limit = size >> 1;
  let registers: Uint8Array | null = null;
  const scratch = new Float64Array(1);
  const scratchBits = new Uint32Array(scratch.buffer);
  for (const values of Array.isArray(column) ? column : [column]) {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) continue;
      if (registers) {
        const h = v === 0 ? 0 : mix(bits[2 * i], bits[2 * i + 1]);
        const r = Math.clz32((h << HLL_P) | (1 << (HLL_P - 1))) + 1;
        const j = h >>> (32 - HLL_P);
        if (r > registers[j]) registers[j] = r;
        continue;
      }
      let h: number;
      if (v === 0) h = 0;
      else { h = Math.imul(bits[2 * i] ^ Math.imul(bits[2 * i + 1], 0x9e3779b1), 0x85ebca6b); h = (h ^ (h >>> 15)) & mask; }
      const key = v === 0 ? 0 : v;
      let t = table[h];
      while (t === t) {
        if (t === key) break;
        h = (h + 1) & mask;
        t = table[h];
      }
      if (t === t) continue;
      table[h] = key;
      if (++distinct > EXACT_DISTINCT) {
        // Too many to count exactly: move what the set holds into a sketch and go on with it.
        registers = new Uint8Array(HLL_M);
        for (let j = 0; j < table.length; j++) {
          const k = table[j];
          if (k !== k) continue;
          scratch[0] = k;
          const g = k === 0 ? 0 : mix(scratchBits[0], scratchBits[1]);
          const r = Math.clz32((g << HLL_P) | (1 << (HLL_P - 1))) + 1;
          const idx = g >>> (32 - HLL_P);
          if (r > registers[idx]) registers[idx] = r;
        }
        continue;
      }
      if (distinct > limit) {
        const old = table;
        size <<= 1;
        mask = size - 1;
        limit = size >> 1;
        table = new Float64Array(size).fill(NaN);
        const kb = new Uint32Array(old.buffer);
        for (let j = 0; j < old.length; j++) {
          const k = old[j];
          if (k !== k) continue;
          let g = 0;
          if (k !== 0) { g = Math.imul(kb[2 * j] ^ Math.imul(kb[2 * j + 1], 0x9e3779b1), 0x85ebca6b); g = (g ^ (g >>> 15)) & mask; }
          while (table[g] === table[g]) g = (g + 1) & mask;
          table[g] = k;
        }
      }
    }
  }
  if (!registers) return { count: distinct, exact: true };
  return { count: Math.max(EXACT_DISTINCT + 1, Math.round(hllEstimate(registers))), exact: false };
}

function hllEstimate(registers: Uint8Array): number {
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let j = 0; j < m; j++) { sum += 2 ** -registers[j]; if (registers[j] === 0) zeros++; }
  const alpha = 0.7213 / (1 + 1.079 / m);
  const e = (alpha * m * m) / sum;
  if (e <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros); // linear counting for small ranges
  return e;
}
