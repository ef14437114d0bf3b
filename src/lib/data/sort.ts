/**
 * LSD radix sort of Float64 values (no NaN) by their IEEE-754 bits, 16 bits a pass: several
 * times faster than TypedArray#sort for large columns. Returns a new sorted array.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2048) return values.slice().sort();
  const src = new Uint32Array(values.slice().buffer);
  // Map to unsigned keys whose order is the numeric order: flip all bits of negatives, the sign bit of positives.
  for (let i = 0; i < n; i++) {
    const hi = src[2 * i + 1];
    if (hi & 0x80000000) { src[2 * i] = ~src[2 * i]; src[2 * i + 1] = ~hi; } else src[2 * i + 1] = hi | 0x80000000;
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const lo = src[2 * i], hi = src[2 * i + 1];
    counts[lo & 0xffff]++;
    counts[65536 + (lo >>> 16)]++;
    counts[131072 + (hi & 0xffff)]++;
    counts[196608 + (hi >>> 16)]++;
  }
  let a = src;
  let b = new Uint32Array(2 * n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    // Skip a pass where every key has the same digit.
    const first = word === 0 ? (a[0] >>> shift) & 0xffff : (a[1] >>> shift) & 0xffff;
    if (counts[base + first] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) { const c = counts[base + d]; counts[base + d] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const lo = a[2 * i], hi = a[2 * i + 1];
      const d = ((word === 0 ? lo : hi) >>> shift) & 0xffff;
      const p = counts[base + d]++;
      b[2 * p] = lo;
      b[2 * p + 1] = hi;
    }
    const t = a; a = b; b = t;
  }
  for (let i = 0; i < n; i++) {
    const hi = a[2 * i + 1];
    if (hi & 0x80000000) a[2 * i + 1] = hi & 0x7fffffff; else { a[2 * i] = ~a[2 * i]; a[2 * i + 1] = ~hi; }
  }
  return new Float64Array(a.buffer, 0, n);
}
