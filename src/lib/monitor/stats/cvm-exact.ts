/**
 * The exact p-value of the two-sample Cramér–von Mises statistic (SciPy 1.10's
 * _pval_cvm_2samp_exact; Xiao, Gordon & Yakovlev 2006, Algorithm 1): the frequency table of
 * Σ(a·v − b·u)² over all lattice paths, built column by column (value → count maps), then the share
 * of paths at or above ζ, the statistic on that integer scale. Counts stay below C(40, 20) ≈ 1.4e11,
 * exact in doubles.
 */

const gcd = (a: number, b: number): number => { while (b) [a, b] = [b, a % b]; return a; };

/** Python's float floor division a // b (fmod-based, as CPython and numpy compute it). */
export function pyFloorDiv(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod && b < 0 !== mod < 0) { mod += b; div -= 1; }
  if (div) {
    const f = Math.floor(div);
    return div - f > 0.5 ? f + 1 : f;
  }
  return Math.sign(a / b) < 0 ? -0 : 0;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i; // exact: each partial product is a binomial
  return c;
}

/** P(U' ≥ U) for U of samples of sizes m and n (each ≤ 20). */
export function cvmExactPValue(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m, b = lcm / n, mn = m * n;
  const zeta = pyFloorDiv(lcm * lcm * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn * mn);
  // gs[v]: the frequency table of the previous column u − 1; the row before u = 0 holds {0: 1} at v = 0.
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v++) gs.push(new Map());
  for (let u = 0; u <= n; u++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>();
    for (let v = 0; v <= m; v++) {
      // g(u, v) = (g(u, v − 1) ∪ g(u − 1, v)) shifted by (a·v − b·u)², frequencies of equal values added.
      const add = (a * v - b * u) ** 2;
      const out = new Map<number, number>();
      for (const [val, f] of tmp) out.set(val + add, f);
      for (const [val, f] of gs[v]) out.set(val + add, (out.get(val + add) ?? 0) + f);
      tmp = out;
      next.push(out);
    }
    gs = next;
  }
  let above = 0;
  for (const [val, f] of gs[m]) if (val >= zeta) above += f;
  return above / binomial(m + n, m);
}
