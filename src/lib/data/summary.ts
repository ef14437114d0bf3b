import { QUANTILE_LEVELS } from './types';

const FINE_PER_BIN = 2048;
const DISPLAY_BINS = 30;

export interface NumericSummary {
  quantiles: number[];
  distinct: number;
  histogram: { edges: number[]; counts: number[] };
}

/**
 * Exact quantiles (linear interpolation, as pandas), distinct count and a histogram of the
 * finite values of a column, without sorting it: a fine histogram over [min, max] locates the
 * bins that hold each needed order statistic, and only those values are sorted. Distinct values
 * are counted in an open-addressing hash set over the IEEE-754 bits.
 */
export function summarizeNumeric(values: Float64Array, min: number, max: number, integer: boolean): NumericSummary {
  let n = 0;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v === v && v !== Infinity && v !== -Infinity) n++; }
  if (n === 0) return { quantiles: QUANTILE_LEVELS.map(() => NaN), distinct: countDistinct(values), histogram: { edges: [], counts: [] } };
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    [min, max] = finiteRange(values);
  }
  const distinct = countDistinct(values);
  if (min === max) {
    return { quantiles: QUANTILE_LEVELS.map(() => min), distinct, histogram: { edges: [min - 0.5, max + 0.5], counts: [n] } };
  }
  const B = DISPLAY_BINS * FINE_PER_BIN;
  const scale = B / (max - min);
  const fine = new Int32Array(B);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= min && v <= max) {
      let b = ((v - min) * scale) | 0;
      if (b >= B) b = B - 1;
      fine[b]++;
    }
  }
  return { quantiles: quantilesFromFine(values, fine, min, scale, n), distinct, histogram: displayHistogram(values, fine, min, max, n, distinct, integer) };
}

function finiteRange(values: Float64Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
  return [lo, hi];
}

function quantilesFromFine(values: Float64Array, fine: Int32Array, min: number, scale: number, n: number): number[] {
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
  const buckets = new Map<number, number[]>();
  for (const b of wanted.keys()) buckets.set(b, []);
  const flag = new Uint8Array(B);
  for (const b of wanted.keys()) flag[b] = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= min && v === v) {
      let b = ((v - min) * scale) | 0;
      if (b >= B) b = B - 1;
      if (b >= 0 && flag[b]) buckets.get(b)!.push(v);
    }
  }
  for (const arr of buckets.values()) arr.sort((a, b) => a - b);
  const at = (r: number) => { const b = rankBin.get(r)!; return buckets.get(b)![r - wanted.get(b)!]; };
  return QUANTILE_LEVELS.map((q) => {
    const r = q * (n - 1);
    const lo = Math.floor(r);
    const frac = r - lo;
    const a = at(lo);
    return frac === 0 ? a : a + (at(Math.min(n - 1, lo + 1)) - a) * frac;
  });
}

function displayHistogram(values: Float64Array, fine: Int32Array, min: number, max: number, n: number, distinct: number, integer: boolean): { edges: number[]; counts: number[] } {
  if (integer && max - min <= 40) {
    const bins = max - min + 1;
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < values.length; i++) { const v = values[i]; if (v >= min && v <= max) counts[Math.round(v - min)]++; }
    return { edges: Array.from({ length: bins + 1 }, (_, i) => min - 0.5 + i), counts };
  }
  if (distinct < DISPLAY_BINS) {
    const bins = Math.max(2, distinct);
    const width = (max - min) / bins;
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v >= min && v <= max) { let b = Math.floor((v - min) / width); if (b >= bins) b = bins - 1; counts[b]++; }
    }
    return { edges: Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width)), counts };
  }
  const counts = new Array<number>(DISPLAY_BINS).fill(0);
  for (let b = 0; b < fine.length; b++) counts[(b / FINE_PER_BIN) | 0] += fine[b];
  const width = (max - min) / DISPLAY_BINS;
  void n;
  return { edges: Array.from({ length: DISPLAY_BINS + 1 }, (_, i) => (i === DISPLAY_BINS ? max : min + i * width)), counts };
}

/** Distinct non-NaN values, by their bits (+0 and -0 count as one). */
export function countDistinct(values: Float64Array): number {
  let size = 1024;
  while (size < values.length * 2) size <<= 1;
  const mask = size - 1;
  const table = new Float64Array(size);
  const used = new Uint8Array(size);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const key = v === 0 ? 0 : v;
    let h = v === 0 ? 0 : Math.imul(bits[2 * i] ^ Math.imul(bits[2 * i + 1], 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (used[h]) {
      if (table[h] === key) break;
      h = (h + 1) & mask;
    }
    if (!used[h]) { used[h] = 1; table[h] = key; distinct++; }
  }
  return distinct;
}
