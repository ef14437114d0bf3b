/**
 * Dual coordinate descent for L2-regularised linear SVMs: liblinear's solve_l2r_l1l2_svc
 * (C.-J. Hsieh, K.-W. Chang, C.-J. Lin, S. S. Keerthi, S. Sundararajan, "A dual coordinate descent
 * method for large-scale linear SVM", ICML 2008), with its shrinking heuristic.
 *
 * Primal: min ½‖w‖² + Σᵢ Cᵢ ξ(yᵢ wᵀxᵢ), ξ(m) = max(0, 1 - m) (hinge) or max(0, 1 - m)² (squared hinge).
 * Dual:   min ½ αᵀQ̄α - Σ αᵢ, 0 ≤ αᵢ ≤ Uᵢ, Q̄ = Q + D; hinge: Uᵢ = Cᵢ, Dᵢᵢ = 0;
 *         squared hinge: Uᵢ = ∞, Dᵢᵢ = 1 / (2Cᵢ). w = Σ αᵢ yᵢ xᵢ is kept up to date.
 * Each epoch visits the active rows in a fresh random order (the seeded `random`); the fit stops
 * when the projected-gradient spread max PG - min PG ≤ tol over all rows, as liblinear does.
 * The intercept is an extra feature of constant value `bias` (liblinear's intercept_scaling), so it
 * is regularised like any weight.
 */

export interface DualCdOptions {
  loss: 'hinge' | 'squared_hinge';
  /** Per-row upper bounds Cᵢ (C × class weight × sample weight); rows with Cᵢ ≤ 0 take no part. */
  C: Float64Array;
  tol: number;
  maxIter: number;
  /** Uniform [0, 1) generator for the visiting order. */
  random: () => number;
  /** Called after each epoch with the projected-gradient spread; may throw to stop. */
  onIteration?(iteration: number, gap: number): void;
}

export interface DualCdResult {
  /** d weights, then the bias weight when bias > 0 (the intercept is w[d] · bias). */
  w: Float64Array;
  iterations: number;
  converged: boolean;
}

/** X row-major n × d; y ±1. */
export function dualCd(X: Float64Array, n: number, d: number, bias: number, y: Int8Array, o: DualCdOptions): DualCdResult {
  const dim = bias > 0 ? d + 1 : d;
  const w = new Float64Array(dim), alpha = new Float64Array(n);
  const diag = new Float64Array(n), upper = new Float64Array(n), QD = new Float64Array(n);
  const index = new Int32Array(n);
  let l = 0;
  for (let i = 0; i < n; i++) {
    if (!(o.C[i] > 0)) continue;
    diag[i] = o.loss === 'hinge' ? 0 : 0.5 / o.C[i];
    upper[i] = o.loss === 'hinge' ? o.C[i] : Infinity;
    let q = diag[i] + bias * bias;
    for (let j = 0, r = i * d; j < d; j++) q += X[r + j] * X[r + j];
    QD[i] = q;
    index[l++] = i;
  }
  let active = l, pgMaxOld = Infinity, pgMinOld = -Infinity, iter = 0, converged = false;
  while (iter < o.maxIter) {
    let pgMax = -Infinity, pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + Math.floor(o.random() * (active - s));
      const t = index[s]; index[s] = index[j]; index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s], yi = y[i], r = i * d;
      let wx = bias > 0 ? w[d] * bias : 0;
      for (let j = 0; j < d; j++) wx += w[j] * X[r + j];
      const G = yi * wx - 1 + alpha[i] * diag[i];
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > pgMaxOld) { active--; index[s] = index[active]; index[active] = i; s--; continue; }
        if (G < 0) PG = G;
      } else if (alpha[i] === upper[i]) {
        if (G < pgMinOld) { active--; index[s] = index[active]; index[active] = i; s--; continue; }
        if (G > 0) PG = G;
      } else {
        PG = G;
      }
      if (PG > pgMax) pgMax = PG;
      if (PG < pgMin) pgMin = PG;
      if (Math.abs(PG) > 1e-12 && QD[i] > 0) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - G / QD[i], 0), upper[i]);
        const delta = (alpha[i] - old) * yi;
        for (let j = 0; j < d; j++) w[j] += delta * X[r + j];
        if (bias > 0) w[d] += delta * bias;
      }
    }
    iter++;
    o.onIteration?.(iter, pgMax - pgMin);
    if (pgMax - pgMin <= o.tol) {
      if (active === l) { converged = true; break; }
      // Converged on the shrunk set: check every row once more.
      active = l; pgMaxOld = Infinity; pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  return { w, iterations: iter, converged };
}
