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
