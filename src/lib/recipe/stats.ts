/**
 * Statistics the fitting steps learn, computed the way NumPy and scikit-learn 1.2 compute them so the
 * fixture comparisons hold to the last bits that matter (quantiles use NumPy's own interpolation,
 * linspace its own arithmetic). Every function skips NaN (missing).
 */
const EPS = 2.220446049250313e-16;

export interface Moments { count: number; mean: number; variance: number }

/** Mean and population variance (ddof = 0), with scikit-learn's correction term for rounding. */
export function moments(values: Float64Array): Moments {
  let n = 0, sum = 0;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v === v) { n++; sum += v; } }
  if (n === 0) return { count: 0, mean: NaN, variance: NaN };
  const mean = sum / n;
  let correction = 0, squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) { const d = v - mean; correction += d; squares += d * d; }
  }
  return { count: n, mean, variance: (squares - (correction * correction) / n) / n };
}

/** StandardScaler's scale: the standard deviation, or 1 for a (numerically) constant column. */
export function standardScale(m: Moments): number {
  const constant = m.variance <= m.count * EPS * m.variance + (m.count * m.mean * EPS) ** 2;
  return constant ? 1 : Math.sqrt(m.variance);
}

/** MinMaxScaler's divisor: the range, or 1 when it is below 10 machine epsilons. */
export function rangeScale(range: number): number {
  return range < 10 * EPS ? 1 : range;
}

/** NumPy's lerp: exact at both ends, computed from the nearer end. */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** np.quantile(sorted, q) with the default linear method; `sorted` ascending without NaN. */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1];
  if (virtual <= 0) return sorted[0];
  const lo = Math.floor(virtual);
  return lerp(sorted[lo], sorted[lo + 1], virtual - lo);
}

/** np.linspace(start, stop, num) for num ≥ 2. */
export function linspace(start: number, stop: number, num: number): number[] {
  const div = num - 1, delta = stop - start, step = delta / div;
  const out = Array.from({ length: num }, (_, i) => (step === 0 ? (i / div) * delta : i * step) + start);
  out[num - 1] = stop;
  return out;
}

/** np.median of the non-missing values (NaN when there are none). */
export function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** The most frequent non-missing value; ties go to the smallest, as scikit-learn's SimpleImputer. */
export function mostFrequentNumber(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v === v) counts.set(v, (counts.get(v) ?? 0) + 1); }
  let best = NaN, top = 0;
  for (const [v, k] of counts) if (k > top || (k === top && v < best)) { best = v; top = k; }
  return best;
}

/** How many rows hold each code (missing, -1, not counted). */
export function codeCounts(codes: Int32Array, dictionarySize: number): Int32Array {
  const counts = new Int32Array(dictionarySize);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) counts[codes[i]]++;
  return counts;
}

/** Python's string order (by code point), which np.unique and sorted() use. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every BMP character.
    const sx = x >= 0xd800 && x <= 0xdfff, sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** The distinct strings present (counts > 0) with their counts, in Python string order. */
export function presentCategories(dictionary: readonly string[], counts: Int32Array): { value: string; count: number }[] {
  const byValue = new Map<string, number>();
  dictionary.forEach((s, c) => { if (counts[c] > 0) byValue.set(s, (byValue.get(s) ?? 0) + counts[c]); });
  return [...byValue].map(([value, count]) => ({ value, count })).sort((a, b) => compareStrings(a.value, b.value));
}
