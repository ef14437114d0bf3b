/**
 * L-BFGS for smooth unconstrained minimisation, set up as scipy's L-BFGS-B (which scikit-learn's
 * LogisticRegression(solver='lbfgs') calls) behaves without bounds:
 * - memory 10; H₀ = (sᵀy / yᵀy) I from the newest pair; a pair is skipped when sᵀy ≤ ε · (-gᵀs);
 * - Moré–Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1, at most 20 evaluations); the first
 *   trial step is 1/‖d‖₂ on the first iteration and 1 afterwards; a failed search restores the point
 *   and restarts from steepest descent, and fails for good when the memory was already empty;
 * - stops when max |gᵢ| ≤ gtol, when (f_old - f) / max(|f_old|, |f|, 1) ≤ ftol (scipy: factr 1e7 · ε),
 *   or after maxIter iterations (one iteration = one accepted line search) or maxEval evaluations.
 * The two-loop recursion replaces L-BFGS-B's compact form (equal in exact arithmetic without bounds).
 */
import { moreThuente } from './line-search';

/** f(x); writes ∇f(x) into grad. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  ftol?: number;
  memory?: number;
  maxEval?: number;
  /** Called after every iteration; may throw (a cancelled fit) to stop. */
  onIteration?(iteration: number, f: number, gradMax: number): void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** max |gᵢ| at x. */
  gradMax: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  message: string;
}

const SCIPY_FTOL = 1e7 * Number.EPSILON;

function dot(a: Float64Array, b: Float64Array, ao = 0, bo = 0, n = a.length - ao): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function lbfgs(fg: Objective, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const n = x0.length, m = o.memory ?? 10, ftol = o.ftol ?? SCIPY_FTOL, maxEval = o.maxEval ?? 15000;
  const x = Float64Array.from(x0), g = new Float64Array(n);
  let f = fg(x, g), evals = 1, iter = 0;
  const done = (converged: boolean, message: string): LbfgsResult =>
    ({ x, f, gradMax: maxAbs(g), iterations: iter, evaluations: evals, converged, message });
  if (!Number.isFinite(f)) return done(false, 'the objective is not finite at the start');
  if (maxAbs(g) <= o.gtol) return done(true, 'gradient below gtol');

  const S = new Float64Array(m * n), Y = new Float64Array(m * n), rho = new Float64Array(m), alpha = new Float64Array(m);
  let count = 0, newest = -1;
  const xold = new Float64Array(n), gold = new Float64Array(n), d = new Float64Array(n);
  for (;;) {
    // d = -H g by the two-loop recursion over the stored pairs, newest first.
    d.set(g);
    for (let t = 0; t < count; t++) {
      const k = (newest - t + m) % m;
      alpha[k] = rho[k] * dot(S, d, k * n, 0, n);
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * Y[k * n + i];
    }
    if (count > 0) {
      const gamma = 1 / (rho[newest] * dot(Y, Y, newest * n, newest * n, n));
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let t = count - 1; t >= 0; t--) {
      const k = (newest - t + m) % m;
      const beta = rho[k] * dot(Y, d, k * n, 0, n);
      for (let i = 0; i < n; i++) d[i] += (alpha[k] - beta) * S[k * n + i];
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
    const gd = dot(g, d);

    xold.set(x); gold.set(g);
    const fold = f;
    const stp0 = iter === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), 1e10) : 1;
    const ls = moreThuente((stp) => {
      for (let i = 0; i < n; i++) x[i] = xold[i] + stp * d[i];
      f = fg(x, g);
      return { f, g: dot(g, d) };
    }, fold, gd, stp0);
    evals += ls.evals;
    if (ls.status.startsWith('failed') || !Number.isFinite(f)) {
      x.set(xold); g.set(gold); f = fold;
      if (count === 0) return done(false, `line search ${ls.status}`);
      count = 0; newest = -1;
      continue;
    }
    iter++;
    const gradMax = maxAbs(g);
    o.onIteration?.(iter, f, gradMax);
    if (gradMax <= o.gtol) return done(true, 'gradient below gtol');
    if (fold - f <= ftol * Math.max(Math.abs(fold), Math.abs(f), 1)) return done(true, 'relative reduction of f below ftol');
    if (iter >= o.maxIter) return done(false, `reached maxIter (${o.maxIter}) iterations`);
    if (evals >= maxEval) return done(false, `reached maxEval (${maxEval}) evaluations`);

    // Store s = x - xold, y = g - gold unless the curvature sᵀy is not safely positive.
    let sy = 0, gs = 0;
    for (let i = 0; i < n; i++) {
      const si = x[i] - xold[i];
      sy += si * (g[i] - gold[i]);
      gs -= gold[i] * si;
    }
    if (sy > Number.EPSILON * gs) {
      const k = (newest + 1) % m;
      for (let i = 0; i < n; i++) { S[k * n + i] = x[i] - xold[i]; Y[k * n + i] = g[i] - gold[i]; }
      rho[k] = 1 / sy;
      newest = k;
      count = Math.min(count + 1, m);
    }
  }
}
