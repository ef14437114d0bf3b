/**
 * kstwo.sf(x, n): the survival function of the two-sided one-sample Kolmogorov–Smirnov statistic
 * Dₙ, ported from SciPy 1.10's scipy/stats/_ksstats.py (Simard & L'Ecuyer's choice of method):
 * Ruben–Gambino at the ends, 2·smirnov for x ≥ 0.5 or n·x² ≥ 2.2 (n > 140; ≥ 4 for n ≤ 140),
 * Durbin's matrix (Marsaglia–Tsang–Wang) for small n·x², Pomeranz for n ≤ 140, Pelz–Good otherwise.
 * ks_2samp's asymptotic p-value is kolmognSf(round(n₁n₂/(n₁+n₂)), D).
 */
import { ldexp } from './special';
import { smirnovSf } from './smirnov';
import { pomeranzCdf } from './pomeranz';

const E128 = 2 ** 128, EM128 = 2 ** -128;
const LOG_2PI = Math.log(2 * Math.PI), SQRT2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2, PI4 = Math.PI ** 4, PI6 = Math.PI ** 6;
const STIRLING = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2];
const clip = (p: number) => Math.min(1, Math.max(0, p));

/** log(n!/nⁿ) by Stirling's series. */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n, z = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * z + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** P(Dₙ ≤ d) by Durbin's matrix, the k-th diagonal entry of Hⁿ scaled by n!/nⁿ. */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd), h = k - nd, m = 2 * k - 1;
  const v = new Float64Array(m), w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) { v[j - 1] = 1 - h ** j; w[j - 1] = fac; fac /= j; v[j - 1] *= fac; }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  const mul = (A: Float64Array, B: Float64Array) => {
    const C = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let l = 0; l < m; l++) {
      const a = A[i * m + l];
      if (a !== 0) for (let j = 0; j < m; j++) C[i * m + j] += a * B[l * m + j];
    }
    return C;
  };
  let nn = n, expnt = 0, hexpnt = 0;
  while (nn > 0) {
    if (nn % 2) { P = mul(P, H); expnt += hexpnt; }
    H = mul(H, H);
    hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + k - 1]) > E128) { for (let i = 0; i < H.length; i++) H[i] /= E128; hexpnt += 128; }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) { p *= E128; expnt -= 128; }
  }
  return clip(expnt !== 0 ? ldexp(p, expnt) : p);
}

/** Pelz–Good approximation of P(Dₙ ≤ x). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x, z2 = z ** 2, z3 = z ** 3, z4 = z ** 4, z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2, k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4, k2b = ((2 * z4 - 5 * z2) * PI2) / 4, k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64, k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4, k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1, m2 = m ** 2, m4 = m ** 4, m6 = m ** 6;
    const qp = q ** (8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qp + c[i];
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / div[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0, k3extra = 0;
  const s3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k, qp = q ** k2, kpi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (s3z + kpi) * (s3z - kpi) * k2 * qp;
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}

/** P(Dₙ ≥ x) for an integer n ≥ 1 (scipy.stats.kstwo.sf(x, n)). */
export function kolmognSf(n: number, x: number): number {
  if (!(n >= 1) || Math.floor(n) !== n || Number.isNaN(x)) return NaN;
  if (x <= 0.5 / n) return 1; // below the support (kstwo's lower bound 1/(2n))
  if (x >= 1) return 0;
  const t = n * x;
  if (t <= 1) {
    let prob: number;
    if (n <= 140) { prob = 1; for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1); }
    else prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - durbinCdf(n, x));
    if (nx2 <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
