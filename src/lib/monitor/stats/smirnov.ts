/**
 * The one-sided Kolmogorov–Smirnov survival function smirnov(n, x) = P(D⁺ₙ ≥ x) (scipy.special.smirnov),
 * by the Birnbaum–Tingey sum as Cephes' kolmogorov.c (SciPy 1.10) does, with its special cases and
 * early stop. SciPy sums in double-double; here each term is formed in logarithms from an exact
 * n·x (Dekker's two-product) and a binomial kept as mantissa·2^exponent, which keeps terms within
 * ~1e-11 relative for n ≤ 10⁶. Cephes' upper sum (chosen only when x ≤ 0.5/√n with ≤ 3 terms) is
 * the same quantity; kolmognSf never asks for it, so only the lower sum is used.
 */

const MINLOG = -7.08396418532264106224e2;
const EPS = 2.220446049250313e-16;
const SMIRNOV_MAX_COMPUTE_N = 1000000;

/** The rounding error of a·b (so a·b = p + e exactly). */
function twoProductError(a: number, b: number, p: number): number {
  const split = (v: number) => { const c = 134217729 * v; const hi = c - (c - v); return [hi, v - hi]; };
  const [ah, al] = split(a), [bh, bl] = split(b);
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** m·2^e with m in [0.5, 1). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  let m = x * 2 ** -e;
  while (Math.abs(m) >= 1) { m /= 2; e++; }
  while (Math.abs(m) < 0.5) { m *= 2; e--; }
  return [m, e];
}

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nxHi = n * x, nxLo = twoProductError(n, x, nxHi);
  let nxfl = Math.floor(nxHi);
  let alpha = nxHi - nxfl + nxLo;
  if (alpha < 0) { nxfl -= 1; alpha += 1; }
  if (alpha >= 1) { nxfl += 1; alpha = 0; }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) n1mxfl -= 1;
  const clip = (p: number) => Math.min(1, Math.max(0, p));

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return clip(1 - x * Math.exp((n - 1) * Math.log1p(x)));
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clip(Math.exp(n * Math.log1p(-x)));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return clip(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }

  const nTerms = n1mxfl + 1, vmid = Math.floor(n / 2);
  let sum = Math.exp(n * Math.log1p(-x)) / x; // v = 0: (1−x)^n / x
  let [cman, cexp] = frexp(n); // C(n, 1) as mantissa·2^exponent
  for (let v = 1; v < nTerms; v++) {
    const base2 = (n - v - nxHi - nxLo) / n; // 1 − x − v/n
    const base1 = (v + nxHi + nxLo) / n; // x + v/n
    const logA = Math.log(cman) + cexp * Math.LN2 + (n - v) * Math.log(base2) + (v - 1) * Math.log(base1);
    const a = Math.exp(logA);
    if (Number.isFinite(a) && a !== 0) sum += a;
    if (a !== 0) {
      if (4 * (nTerms - v) * a < EPS * sum && v !== nTerms - 1) break;
    } else if (v > vmid) break;
    const [m, e] = frexp(cman * ((n - v) / (v + 1)));
    cman = m;
    cexp += e;
  }
  return clip(x * sum);
}
