/**
 * Least squares by Householder QR with column pivoting (LAPACK's xGEQP3 without blocking).
 *
 * `lstsq` returns the minimum-norm solution of min ||A x - b||₂, the answer of scipy's `lstsq`
 * (which scikit-learn's LinearRegression uses):
 * - the numerical rank r is the number of pivots |R_kk| > max(m, n) · ε · |R_00| (numpy's default
 *   rcond; scipy cuts singular values at ε · σ_max, so the two differ only for columns that are
 *   collinear to within a few hundred ε);
 * - full column rank: back substitution R x = Qᵀb;
 * - rank deficient (collinear or constant columns, more columns than rows): a complete orthogonal
 *   decomposition. The first r rows of R, [R11 R12], are factored again as (Z S)ᵀ by an unpivoted
 *   QR of their transpose, and x = P Z S⁻ᵀ (Qᵀb)[0:r] is the shortest of all minimisers.
 * The matrix is copied into column-major storage so each reflector works on contiguous memory.
 */

export interface LstsqResult {
  x: Float64Array;
  /** Numerical rank of A. */
  rank: number;
}

/** Householder QR of a column-major m × n matrix in place; returns tau (min(m, n)); optionally pivots. */
function householder(a: Float64Array, m: number, n: number, perm: Int32Array | null): Float64Array {
  const kmax = Math.min(m, n);
  const tau = new Float64Array(kmax);
  const norms = new Float64Array(n);
  for (let k = 0; k < kmax; k++) {
    if (perm) {
      // Pivot: the remaining column with the largest norm below row k (recomputed: no downdating drift).
      let best = k, bestNorm = -1;
      for (let j = k; j < n; j++) {
        let s = 0;
        for (let i = k, o = j * m; i < m; i++) s += a[o + i] * a[o + i];
        norms[j] = s;
        if (s > bestNorm) { bestNorm = s; best = j; }
      }
      if (best !== k) {
        for (let i = 0, o = k * m, p = best * m; i < m; i++) { const t = a[o + i]; a[o + i] = a[p + i]; a[p + i] = t; }
        const t = perm[k]; perm[k] = perm[best]; perm[best] = t;
      }
    }
    const o = k * m;
    let xnorm = 0;
    for (let i = k + 1; i < m; i++) xnorm += a[o + i] * a[o + i];
    xnorm = Math.sqrt(xnorm);
    const alpha = a[o + k];
    if (xnorm === 0) { tau[k] = 0; continue; }
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = k + 1; i < m; i++) a[o + i] *= scale;
    a[o + k] = beta;
    // Apply H = I - tau v vᵀ (v = [1, a[k+1..m)]) to the columns on the right.
    for (let j = k + 1; j < n; j++) {
      const p = j * m;
      let s = a[p + k];
      for (let i = k + 1; i < m; i++) s += a[o + i] * a[p + i];
      s *= tau[k];
      a[p + k] -= s;
      for (let i = k + 1; i < m; i++) a[p + i] -= s * a[o + i];
    }
  }
  return tau;
}

/** Applies Qᵀ (reflectors 0..kmax-1 in order) or Q (reverse order) to the vector b of length m. */
function applyQ(a: Float64Array, m: number, tau: Float64Array, b: Float64Array, transpose: boolean): void {
  const kmax = tau.length;
  for (let t = 0; t < kmax; t++) {
    const k = transpose ? t : kmax - 1 - t;
    if (tau[k] === 0) continue;
    const o = k * m;
    let s = b[k];
    for (let i = k + 1; i < m; i++) s += a[o + i] * b[i];
    s *= tau[k];
    b[k] -= s;
    for (let i = k + 1; i < m; i++) b[i] -= s * a[o + i];
  }
}

/** Minimum-norm least-squares solution of A x ≈ b; A is row-major m × n (not modified). */
export function lstsq(A: Float64Array, m: number, n: number, b: Float64Array): LstsqResult {
  if (A.length !== m * n || b.length !== m) throw new RangeError(`lstsq: A holds ${A.length} values for ${m} × ${n}, b holds ${b.length}.`);
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = A[i * n + j];
  const perm = Int32Array.from({ length: n }, (_, j) => j);
  const tau = householder(a, m, n, perm);
  const kmax = tau.length;
  const r0 = kmax > 0 ? Math.abs(a[0]) : 0;
  const tol = Math.max(m, n) * Number.EPSILON * r0;
  let rank = 0;
  while (rank < kmax && Math.abs(a[rank * m + rank]) > tol) rank++;

  const c = Float64Array.from(b);
  applyQ(a, m, tau, c, true);
  const z = new Float64Array(n);
  if (rank === n) {
    for (let k = n - 1; k >= 0; k--) {
      let s = c[k];
      for (let j = k + 1; j < n; j++) s -= a[j * m + k] * z[j];
      z[k] = s / a[k * m + k];
    }
  } else if (rank > 0) {
    // T = R[0:r, 0:n]; factor Tᵀ (n × r, column-major: column i of Tᵀ is row i of T) = Z S.
    const t = new Float64Array(n * rank);
    for (let i = 0; i < rank; i++) for (let j = i; j < n; j++) t[i * n + j] = a[j * m + i];
    const tau2 = householder(t, n, rank, null);
    // Sᵀ w = c[0:r] (forward substitution; S is upper triangular in t).
    for (let i = 0; i < rank; i++) {
      let s = c[i];
      for (let j = 0; j < i; j++) s -= t[i * n + j] * z[j];
      z[i] = s / t[i * n + i];
    }
    applyQ(t, n, tau2, z, false);
  }
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[perm[j]] = z[j];
  return { x, rank };
}
