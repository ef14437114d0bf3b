/** Small numeric helpers shared by profiling and tests. */

/** Quantile of sorted values by linear interpolation (pandas/NumPy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

/** Number of distinct values in a sorted array. */
export function distinctSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return 0;
  let d = 1;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) d++;
  return d;
}

/**
 * Histogram of sorted finite values: one bin per integer when an integer column spans at most
 * 40 values, else up to 30 equal-width bins (fewer when there are few distinct values).
 */
export function histogramSorted(sorted: Float64Array, distinct: number, integer: boolean): { edges: number[]; counts: number[] } {
  const n = sorted.length;
  if (n === 0) return { edges: [], counts: [] };
  const min = sorted[0];
  const max = sorted[n - 1];
  if (!Number.isFinite(min) || !Number.isFinite(max)) return histogramSorted(sorted.filter(Number.isFinite), distinct, integer);
  if (min === max) return { edges: [min - 0.5, max + 0.5], counts: [n] };
  let bins: number;
  let lo = min, width: number;
  if (integer && max - min <= 40) {
    bins = max - min + 1;
    lo = min - 0.5;
    width = 1;
  } else {
    bins = Math.max(2, Math.min(30, distinct));
    width = (max - min) / bins;
  }
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    let b = Math.floor((sorted[i] - lo) / width);
    if (b >= bins) b = bins - 1;
    counts[b]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins && !(integer && max - min <= 40) ? max : lo + i * width));
  return { edges, counts };
}

/** Pearson correlation over rows where both values are present; NaN when undefined. Columns may come as aligned pieces. */
export function pearson(xc: Float64Array | Float64Array[], yc: Float64Array | Float64Array[]): number {
  const xs = Array.isArray(xc) ? xc : [xc];
  const ys = Array.isArray(yc) ? yc : [yc];
  let n = 0, sx = 0, sy = 0;
  for (let p = 0; p < xs.length; p++) {
    const x = xs[p], y = ys[p];
    for (let i = 0; i < x.length; i++) { const a = x[i], b = y[i]; if (a === a && b === b) { n++; sx += a; sy += b; } }
  }
  if (n < 2) return NaN;
  const mx = sx / n, my = sy / n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let p = 0; p < xs.length; p++) {
    const x = xs[p], y = ys[p];
    for (let i = 0; i < x.length; i++) {
      const a = x[i], b = y[i];
      if (a === a && b === b) { const da = a - mx, db = b - my; sxx += da * da; syy += db * db; sxy += da * db; }
    }
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}
