/**
 * P(Dₙ ≤ x) by Pomeranz's recursion (1974), ported from SciPy 1.10's _kolmogn_Pomeranz: two rows of
 * the V matrix, each the convolution of the previous row with one of three Poisson-like weight
 * vectors, only the few non-zero entries kept, rescaled by 2^±128 against under/overflow.
 */
import { ldexp } from './special';

const E128 = 2 ** 128, EM128 = 2 ** -128;

function rowBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number, j2: number;
  if (i === 0) { j1 = -ll - ceilf - 1; j2 = ll + ceilf - 1; }
  else {
    const div = Math.floor((i + 1) / 2), mod = (i + 1) % 2;
    if (mod === 0) {
      if (div === n + 1) { j1 = n - ll - ceilf - 1; j2 = n + ll + ceilf - 1; }
      else { j1 = div - 1 - ll - roundf - 1; j2 = div + ll - 1 + ceilf - 1; }
    } else { j1 = div - 1 - ll - 1; j2 = div + ll + roundf - 1; }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Python slice a[start:stop] (negative indices from the end, clamped). */
function slice(a: Float64Array, start: number, stop: number): Float64Array {
  const n = a.length;
  const s = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
  const e = stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
  return a.subarray(s, Math.max(s, e));
}

/** Full discrete convolution (numpy.convolve mode 'full'). */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) { const ai = a[i]; for (let j = 0; j < b.length; j++) out[i + j] += ai * b[j]; }
  return out;
}

export function pomeranzCdf(n: number, x: number): number {
  const t = n * x, ll = Math.floor(t), f = t - ll, g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gp = new Float64Array(npwrs), twogp = new Float64Array(npwrs), onem2gp = new Float64Array(npwrs);
  gp[0] = twogp[0] = onem2gp[0] = 1;
  const gn = g / n, twogn = (2 * g) / n, onem2gn = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gp[m] = (gp[m - 1] * gn) / m;
    twogp[m] = (twogp[m - 1] * twogn) / m;
    onem2gp[m] = (onem2gp[m - 1] * onem2gn) / m;
  }
  let V0 = new Float64Array(npwrs), V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0, V1s = 0, expnt = 0;
  let [j1, j2] = rowBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = rowBounds(i, n, ll, ceilf, roundf);
    const pw = i === 1 || i === 2 * n + 1 ? gp : i % 2 ? twogp : onem2gp;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const conv = convolve(slice(V0, k1 - V0s, k1 - V0s + ln2), slice(pw, 0, ln2));
      const start = j1 - k1, len = j2 - j1 + 1;
      V1.set(slice(conv, start, start + len));
      let max = -Infinity;
      for (let q = 0; q < V1.length; q++) if (V1[q] > max) max = V1[q];
      if (max > 0 && max < EM128) { for (let q = 0; q < V1.length; q++) V1[q] *= E128; expnt -= 128; }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > E128) { ans *= EM128; expnt += 128; }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return Math.min(1, Math.max(0, ans));
}
