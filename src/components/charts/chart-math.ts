/**
 * Pure numeric helpers of the comparison charts (no DOM, no d3), kept here so Node tests can pin
 * them: numpy's default quantile, Tukey box statistics, TensorBoard's debiased EMA smoothing,
 * min-max decimation for drawing long series, seeded jitter, and nearest-x lookup.
 */
import { mulberry32 } from '../../lib/data/split';

/** The p-quantile (0..1) of ascending `sorted`, interpolated linearly like numpy's default ('linear'). */
export function quantileLinear(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Box-plot statistics: quartiles, whiskers at the most extreme values within 1.5 IQR, the rest outliers. */
export interface Tukey {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Lower whisker: the smallest value ≥ q1 − 1.5 IQR. */
  lo: number;
  /** Upper whisker: the largest value ≤ q3 + 1.5 IQR. */
  hi: number;
  outliers: number[];
}

/** Tukey's box statistics of the finite values; null when there are none. */
export function tukey(values: readonly number[]): Tukey | null {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const q1 = quantileLinear(s, 0.25), median = quantileLinear(s, 0.5), q3 = quantileLinear(s, 0.75);
  const fenceLo = q1 - 1.5 * (q3 - q1), fenceHi = q3 + 1.5 * (q3 - q1);
  const inside = s.filter((v) => v >= fenceLo && v <= fenceHi);
  return {
    n: s.length, min: s[0], q1, median, q3, max: s[s.length - 1],
    lo: inside[0], hi: inside[inside.length - 1],
    outliers: s.filter((v) => v < fenceLo || v > fenceHi),
  };
}

/**
 * TensorBoard's scalar smoothing: an exponential moving average started at 0 and debiased by
 * 1 − weight^k (k = finite values seen so far). Non-finite values pass through; a constant
 * series is returned as is (TensorBoard's special case).
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const isConstant = values.every((v) => v === values[0]);
  let last = 0, power = 1; // power = weight^k after k finite values
  return values.map((v) => {
    if (isConstant || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    power *= weight;
    return weight === 1 ? last : last / (1 - power);
  });
}

/**
 * Indices to draw of a series of `values` (in x order) so at most `max` remain: the first and the
 * last, and the minimum and maximum of each of (max − 2) / 2 equal buckets between, in order.
 * A bucket holding non-finite values also keeps its first one (so a line still shows its gap),
 * which may add one index per such bucket.
 */
export function decimateIndices(values: ArrayLike<number>, max: number): number[] {
  const n = values.length;
  if (n <= Math.max(max, 2)) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const out = [0];
  const width = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * width), end = 1 + Math.floor((b + 1) * width);
    let lo = -1, hi = -1, gap = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) { if (gap < 0) gap = i; continue; }
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    const keep = [lo, hi, gap].filter((i) => i >= 0).sort((a, b) => a - b);
    for (const i of keep) if (i !== out[out.length - 1]) out.push(i);
  }
  out.push(n - 1);
  return out;
}

/** The points of `points` (in x order) that {@link decimateIndices} keeps, by `value`. */
export function decimate<T>(points: readonly T[], max: number, value: (p: T) => number): T[] {
  const values = points.map(value);
  return decimateIndices(values, max).map((i) => points[i]);
}

/** A 32-bit FNV-1a hash of a string: a stable seed from a name. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `n` offsets in [−0.5, 0.5), the same for the same seed on every render. */
export function jitter(n: number, seed: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => rand() - 0.5);
}

/** The index of the value of ascending `xs` nearest to `x` (ties to the earlier); −1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1; else hi = mid;
  }
  if (lo === 0) return 0;
  if (lo === n) return n - 1;
  return x - xs[lo - 1] <= xs[lo] - x ? lo - 1 : lo;
}

export type XMode = 'step' | 'time' | 'relative';
export interface MetricPoint { step: number; time: number; value: number }
export interface AlignedSeries { x: number[]; step: number[]; value: number[] }

/**
 * A series in x order: by step, by wall time (ms), or by seconds since its own first point.
 * Histories usually arrive in order already; only an unordered one is sorted.
 */
export function alignSeries(points: readonly MetricPoint[], mode: XMode): AlignedSeries {
  const n = points.length;
  let t0 = Infinity;
  for (const p of points) if (p.time < t0) t0 = p.time;
  const xs = points.map((p) => (mode === 'step' ? p.step : mode === 'time' ? p.time : (p.time - t0) / 1000));
  const before = (a: number, b: number) => xs[a] - xs[b] || points[a].step - points[b].step;
  let ordered = true;
  for (let i = 1; i < n && ordered; i++) ordered = before(i - 1, i) <= 0;
  if (ordered) return { x: xs, step: points.map((p) => p.step), value: points.map((p) => p.value) };
  const order = Array.from({ length: n }, (_, i) => i).sort(before);
  return { x: order.map((i) => xs[i]), step: order.map((i) => points[i].step), value: order.map((i) => points[i].value) };
}

/** `s` cut to `n` characters with an ellipsis. */
export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s;
}

/** The unit to label an axis of seconds spanning `span` seconds in: s, min or h. */
export function durationUnit(span: number): { size: number; suffix: string } {
  return span >= 7200 ? { size: 3600, suffix: 'h' } : span >= 120 ? { size: 60, suffix: 'min' } : { size: 1, suffix: 's' };
}

/** A finite number from a value: numbers as they are, numeric strings (params) parsed; else null. */
export function toNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
