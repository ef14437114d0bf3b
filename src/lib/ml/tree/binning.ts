/**
 * Quantile binning for histogram trees, computed once per forest (as scikit-learn's
 * HistGradientBoosting `_BinMapper`): a feature with at most maxBins distinct values gets one bin
 * per value; otherwise edges sit at the maxBins-quantiles of its values (midpoint interpolation),
 * duplicates removed. Bin b holds the values in (edge[b-1], edge[b]].
 * Each bin also keeps the smallest and largest value that fell into it, so a split between two
 * bins can use the midpoint of the actual values on either side, as an exact tree would.
 */
import { argsort } from './rank';

export interface Binned {
  n: number;
  d: number;
  /** Row-major bin codes: bins[i·d + f] is the bin of X[i, f] (a row's codes share a cache line). */
  bins: Uint8Array;
  /** Number of bins of each feature (1..maxBins). */
  nBins: Int32Array;
  /** Smallest / largest training value of bin b of feature f at [f·256 + b] (NaN when empty). */
  lo: Float64Array;
  hi: Float64Array;
}

export const MAX_BINS = 255;

/** Edges splitting the sorted values into at most maxBins bins. */
function edges(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const distinct: number[] = [];
  for (let i = 0; i < n && distinct.length <= maxBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const out: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) out.push(distinct[i]);
  } else {
    for (let j = 1; j < maxBins; j++) {
      const pos = (j / maxBins) * (n - 1), a = sorted[Math.floor(pos)], b = sorted[Math.ceil(pos)];
      const e = a / 2 + b / 2;
      if (out.length === 0 || e > out[out.length - 1]) out.push(e);
    }
  }
  return Float64Array.from(out);
}

export function binFeatures(X: Float64Array, n: number, d: number, maxBins: number = MAX_BINS): Binned {
  if (!(maxBins >= 2 && maxBins <= MAX_BINS)) throw new RangeError(`maxBins must be from 2 to ${MAX_BINS}`);
  const bins = new Uint8Array(d * n), nBins = new Int32Array(d);
  const lo = new Float64Array(d * 256).fill(NaN), hi = new Float64Array(d * 256).fill(NaN);
  const col = new Float64Array(n), sorted = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = X[i * d + f];
    const order = argsort(col);
    for (let p = 0; p < n; p++) sorted[p] = col[order[p]];
    const e = edges(sorted, maxBins), ne = e.length, base = f * 256;
    nBins[f] = ne + 1;
    // Walk the values in order: bin b holds the values in (e[b - 1], e[b]].
    for (let p = 0, b = 0; p < n; p++) {
      const v = sorted[p];
      while (b < ne && e[b] < v) b++;
      bins[order[p] * d + f] = b;
      if (!(v >= lo[base + b])) lo[base + b] = v;
      hi[base + b] = v;
    }
  }
  return { n, d, bins, nBins, lo, hi };
}
