/**
 * The exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic, as SciPy 1.10's
 * `_attempt_exact_2kssamp`: with D = h/lcm(n₁, n₂), P(D ≥ h/lcm) counts the monotone lattice paths
 * from (0,0) to (n₁,n₂) that leave the band |x/n₁ − y/n₂| < h/lcm. Equal sizes use the closed form
 * (Hodges' alternating sum in Horner form); otherwise Viehmann's "inside method" recursion that
 * computes 1 − p directly (scipy's pythran `_compute_outer_prob_inside_method`).
 */

export const gcd = (a: number, b: number): number => { while (b) [a, b] = [b, a % b]; return a; };

/** P(D_{n,n} ≥ h/n). */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** The share of paths that do not stay strictly inside |x/m − y/n| < h/lcm (m, n in any order). */
export function outerProbInside(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = Math.floor(m / g), ng = Math.floor(n / g);
  let minj = 0, maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj, lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(lenA, maxj - minj + (lastlen - curlen)));
  }
  return A[maxj - minj - 1];
}

/**
 * The exact p-value for a statistic of h/lcm(n₁, n₂), or null when the computation fails (SciPy then
 * falls back to the asymptotic distribution).
 */
export function exactKsPValue(n1: number, n2: number, h: number): number | null {
  if (h === 0) return 1;
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, gcd(n1, n2), h);
  return p >= 0 && p <= 1 ? p : null;
}
