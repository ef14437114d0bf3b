/**
 * The primal of the L2-regularised squared-hinge SVM (liblinear's L2R_L2LOSS_SVC, scikit-learn's
 * LinearSVC(dual=False)):  min ½‖w‖² + Σᵢ Cᵢ max(0, 1 − yᵢ wᵀxᵢ)²,  with the intercept a constant
 * feature `bias` (penalised like a weight). The objective is convex and once differentiable, so
 * L-BFGS solves it; it is the same optimum as the dual's. With many more rows than features this
 * costs a few dozen passes over the data where dual coordinate descent may need a thousand.
 * Stops when max |∇f| ≤ tol × 10⁻³ × max |∇f(0)| or after maxIter iterations: tighter than
 * liblinear's relative rule, so that it lands where the dual solver at tol does (within 1e-3 of
 * scikit-learn's coefficients on the fixtures), at a few more cheap iterations.
 */
import { lbfgs, type LbfgsResult } from './lbfgs';

export interface PrimalSvcOptions {
  C: Float64Array;
  tol: number;
  maxIter: number;
  onIteration?(iteration: number, f: number, gradMax: number): void;
}

export function primalSquaredHinge(X: Float64Array, n: number, d: number, bias: number, y: Int8Array, opts: PrimalSvcOptions): LbfgsResult {
  const dim = d + (bias > 0 ? 1 : 0);
  const { C } = opts;
  const objective = (w: Float64Array, grad: Float64Array): number => {
    let f = 0;
    for (let j = 0; j < dim; j++) {
      f += 0.5 * w[j] * w[j];
      grad[j] = w[j];
    }
    const wb = bias > 0 ? w[d] * bias : 0;
    for (let i = 0; i < n; i++) {
      const x = i * d;
      let z = wb;
      for (let j = 0; j < d; j++) z += w[j] * X[x + j];
      const margin = 1 - y[i] * z;
      if (margin <= 0) continue;
      f += C[i] * margin * margin;
      const g = -2 * C[i] * y[i] * margin;
      for (let j = 0; j < d; j++) grad[j] += g * X[x + j];
      if (bias > 0) grad[d] += g * bias;
    }
    return f;
  };
  const g0 = new Float64Array(dim);
  objective(new Float64Array(dim), g0);
  let g0max = 0;
  for (const v of g0) g0max = Math.max(g0max, Math.abs(v));
  return lbfgs(objective, new Float64Array(dim), { maxIter: opts.maxIter, gtol: opts.tol * 1e-3 * Math.max(g0max, 1e-12), ftol: 0, onIteration: opts.onIteration });
}
