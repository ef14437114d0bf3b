/**
 * Bins for the binned drift scores (PSI, KL, Jensen–Shannon, Hellinger), fitted on the REFERENCE
 * only, so a window's score never depends on the window's own range:
 * - numeric, more distinct reference values than bins: edges at the reference quantiles
 *   0, 1/B, …, 1 (NumPy's default linear interpolation; ties deduplicated, so heavy ties give
 *   fewer bins) or, with strategy 'uniform', B equal widths over the reference range
 *   (numpy.histogram_bin_edges). Bins are [e₀,e₁), …, [e_{k−1},e_k] (numpy.histogram's), plus an
 *   underflow bin (< e₀) and an overflow bin (> e_k) for current values outside the reference range;
 * - numeric with at most B distinct reference values (a constant column included): one bin per
 *   reference value, plus one '(other)' bin for values the reference never took;
 * - categorical/binary: one bin per reference category (most frequent first), plus '(other)'.
 * `correctZeros` is the small-count correction for the log-based scores (PSI, KL): zero shares become
 * 1e-4 (Evidently's floor) and the vector is renormalised to sum 1. JS and Hellinger take raw shares.
 */
import type { DriftSample } from '../types';
import { labelCounts, peekSorted, sortedValues } from './samples';

export type Bins =
  | { kind: 'edges'; edges: Float64Array }
  | { kind: 'values'; values: Float64Array }
  | { kind: 'categories'; categories: string[] };
export interface BinOptions { bins?: number; strategy?: 'quantile' | 'uniform' }
export const DEFAULT_BINS = 10;
export const ZERO_SHARE = 1e-4;

/** numpy.quantile(sorted, q) with method 'linear' (its _lerp, including the t ≥ 0.5 form). */
export function quantileLinear(sorted: Float64Array, q: number): number {
  const n = sorted.length, pos = (n - 1) * q;
  if (pos >= n - 1) return sorted[n - 1];
  const lo = Math.floor(pos), t = pos - lo, a = sorted[lo], b = sorted[lo + 1], diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export function fitBins(reference: DriftSample, opts: BinOptions = {}): Bins {
  const B = opts.bins ?? DEFAULT_BINS;
  if (reference.kind !== 'numeric') {
    const counts = labelCounts(reference.values);
    const categories = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
    return { kind: 'categories', categories };
  }
  const s = sortedValues(reference.values);
  const distinct: number[] = [];
  for (let i = 0; i < s.length && distinct.length <= B; i++) if (i === 0 || s[i] !== s[i - 1]) distinct.push(s[i]);
  if (distinct.length <= B) return { kind: 'values', values: Float64Array.from(distinct) };
  const raw: number[] = [];
  if (opts.strategy === 'uniform') {
    const lo = s[0], hi = s[s.length - 1], step = (hi - lo) / B;
    for (let j = 0; j < B; j++) raw.push(j * step + lo);
    raw.push(hi);
  } else for (let j = 0; j <= B; j++) raw.push(quantileLinear(s, j / B));
  raw.sort((a, b) => a - b);
  return { kind: 'edges', edges: Float64Array.from(raw.filter((e, i) => i === 0 || e !== raw[i - 1])) };
}

/** Number of values < x (lower bound) or ≤ x (upper bound) in a sorted array. */
function bound(s: Float64Array, x: number, upper: boolean): number {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (upper ? s[mid] <= x : s[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Counts per bin: edges → [under, k bins, over]; values/categories → [each, other]. */
export function binCounts(bins: Bins, sample: DriftSample): Float64Array {
  if (bins.kind === 'edges') {
    if (sample.kind !== 'numeric') throw new TypeError('numeric bins need a numeric sample (checkPair first)');
    const e = bins.edges, k = e.length - 1, out = new Float64Array(k + 2), v = sample.values;
    const s = peekSorted(v);
    if (s) {
      out[0] = bound(s, e[0], false);
      for (let i = 0; i < k; i++) out[i + 1] = (i === k - 1 ? bound(s, e[k], true) : bound(s, e[i + 1], false)) - bound(s, e[i], false);
      out[k + 1] = s.length - bound(s, e[k], true);
      return out;
    }
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x < e[0]) out[0]++;
      else if (x > e[k]) out[k + 1]++;
      else { const b = bound(e, x, true); out[Math.min(b, k)]++; } // e[b−1] ≤ x < e[b]; x = e_k → last bin
    }
    return out;
  }
  const labels = bins.kind === 'values' ? Array.from(bins.values) : bins.categories;
  const index = new Map<string | number, number>(labels.map((l, i) => [l, i]));
  const out = new Float64Array(labels.length + 1);
  if (sample.kind === 'numeric') for (const x of sample.values) out[index.get(x) ?? labels.length]++;
  else for (const [label, c] of labelCounts(sample.values)) out[index.get(label) ?? labels.length] += c;
  return out;
}

const fmt = (x: number) => String(Number(x.toPrecision(4)));

export function binLabels(bins: Bins): string[] {
  if (bins.kind === 'categories') return [...bins.categories, '(other)'];
  if (bins.kind === 'values') return [...Array.from(bins.values, String), '(other)'];
  const e = bins.edges, k = e.length - 1;
  const inner = Array.from({ length: k }, (_, i) => `[${fmt(e[i])}, ${fmt(e[i + 1])}${i === k - 1 ? ']' : ')'}`);
  return [`< ${fmt(e[0])}`, ...inner, `> ${fmt(e[k])}`];
}

export const shares = (counts: Float64Array): Float64Array => {
  let n = 0;
  for (const c of counts) n += c;
  return counts.map((c) => c / n);
};

/** Zero shares → 1e-4, then renormalised to sum 1. */
export function correctZeros(s: Float64Array, floor = ZERO_SHARE): Float64Array {
  const out = s.map((x) => (x === 0 ? floor : x));
  let sum = 0;
  for (const x of out) sum += x;
  return out.map((x) => x / sum);
}

const binCache = new WeakMap<object, Map<string, Bins>>();

/** Reference bins (cached per reference array and options) and both samples' counts in them. */
export function binnedCounts(reference: DriftSample, current: DriftSample, opts: BinOptions = {}): { bins: Bins; reference: Float64Array; current: Float64Array } {
  const key = `${opts.bins ?? DEFAULT_BINS}/${opts.strategy ?? 'quantile'}`;
  let byOpts = binCache.get(reference.values);
  if (!byOpts) binCache.set(reference.values, (byOpts = new Map()));
  let bins = byOpts.get(key);
  if (!bins) byOpts.set(key, (bins = fitBins(reference, opts)));
  return { bins, reference: binCounts(bins, reference), current: binCounts(bins, current) };
}
