/**
 * Special functions behind the drift tests' p-values, to double precision:
 * - lgamma: Lanczos (Numerical Recipes 3rd ed., g = 671/128, 14 terms), x > 0;
 * - erf/erfc/ndtr: ports of Cephes' ndtr.c (the code scipy.special runs), so normSf = scipy.stats.norm.sf;
 * - chi2Sf(df, x) = scipy.stats.chi2.sf = Q(df/2, x/2), the regularized upper incomplete gamma by
 *   its series (x < a + 1, as 1 − P) or Lentz's continued fraction;
 * - besselK(ν, x): the modified Bessel function of the second kind from K_ν(x) = ∫₀^∞ e^(−x cosh t) cosh(νt) dt
 *   by the trapezoidal rule (step min(0.1, 0.5/√x): the integrand is entire and decays
 *   double-exponentially, so the error is below 1e-15 relative); scaled=true returns e^x·K_ν(x).
 * - ldexp(x, e) = x·2^e without intermediate overflow.
 */

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4,
  0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3,
  0.217439618115212643e-3, -0.164318106536763890e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
];

/** log Γ(x) for x > 0. */
export function lgamma(x: number): number {
  let y = x;
  const tmp0 = x + 5.2421875;
  const tmp = (x + 0.5) * Math.log(tmp0) - tmp0;
  let ser = 0.999999999999997092;
  for (let j = 0; j < 14; j++) ser += LANCZOS[j] / ++y;
  return tmp + Math.log((2.5066282746310005 * ser) / x);
}

const ERFC_P = [2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2, 9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2];
const ERFC_Q = [1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2];
const ERFC_R = [5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0, 7.40974269950448939160e0, 2.97886665372100240670e0];
const ERFC_S = [2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1, 1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516050e0];
const ERF_T = [9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3, 5.55923013010394962768e4];
const ERF_U = [3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4, 4.92673942608635921086e4];
const MAXLOG = 7.09782712893383996843e2;

/** Cephes polevl (leading coefficient first) and p1evl (implicit leading 1). */
const polevl = (x: number, c: readonly number[]) => { let a = c[0]; for (let i = 1; i < c.length; i++) a = a * x + c[i]; return a; };
const p1evl = (x: number, c: readonly number[]) => { let a = x + c[0]; for (let i = 1; i < c.length; i++) a = a * x + c[i]; return a; };

export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, ERF_T)) / p1evl(z, ERF_U);
}

export function erfc(a: number): number {
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  const e = Math.exp(z);
  const y = x < 8 ? (e * polevl(x, ERFC_P)) / p1evl(x, ERFC_Q) : (e * polevl(x, ERFC_R)) / p1evl(x, ERFC_S);
  const out = a < 0 ? 2 - y : y;
  return out !== 0 ? out : a < 0 ? 2 : 0;
}

/** Standard normal CDF (Cephes ndtr). */
export function ndtr(a: number): number {
  const x = a * Math.SQRT1_2, z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** P(Z > z) for a standard normal Z (scipy.stats.norm.sf). */
export const normSf = (z: number): number => ndtr(-z);

/** Regularized upper incomplete gamma Q(a, x), a > 0, x ≥ 0. */
export function gammaincc(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    // Series for P(a, x): Σ x^n / (a(a+1)…(a+n)).
    let ap = a, del = 1 / a, sum = del;
    for (let n = 0; n < 10000; n++) {
      ap += 1; del *= x / ap; sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Chi-square survival function with `df` degrees of freedom (scipy.stats.chi2.sf). */
export function chi2Sf(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (x <= 0) return 1;
  return gammaincc(df / 2, x / 2);
}

/** K_ν(x) for x > 0 (or e^x·K_ν(x) when scaled). */
export function besselK(nu: number, x: number, scaled = false): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  // Step ≤ 0.5/√x: for large x the integrand is a bump of width ~1/√x around t = 0.
  const h = Math.min(0.1, 0.5 / Math.sqrt(x));
  const shift = scaled ? x : 0;
  const f = (t: number) => Math.exp(shift - x * Math.cosh(t)) * Math.cosh(nu * t);
  let sum = f(0) / 2;
  for (let k = 1; k < 100000; k++) {
    const v = f(k * h);
    sum += v;
    if (v <= sum * 1e-18 && x * Math.cosh(k * h) > x + 1) break;
  }
  return sum * h;
}

/** x·2^e, exact for any representable result. */
export function ldexp(x: number, e: number): number {
  while (e > 1000) { x *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { x *= 2 ** -1000; e += 1000; }
  return x * 2 ** e;
}
