/** The numeric kernels under the linear models: QR least squares, Cholesky, Moré–Thuente, L-BFGS, dual CD. */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/lib/data/split';
import { cholesky, choleskySolve } from '../../../../src/lib/ml/linalg/cholesky';
import { dualCd } from '../../../../src/lib/ml/linalg/dual-cd';
import { readParams } from '../../../../src/lib/ml/linalg/fit-checks';
import { lbfgs } from '../../../../src/lib/ml/linalg/lbfgs';
import { moreThuente } from '../../../../src/lib/ml/linalg/line-search';
import { lstsq } from '../../../../src/lib/ml/linalg/qr';

const F = (...v: number[]): Float64Array => Float64Array.from(v);

function randomMatrix(m: number, n: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: m * n }, () => r() * 2 - 1);
}

describe('lstsq (Householder QR with column pivoting)', () => {
  it('solves a full-rank system to rounding and matches the normal equations', () => {
    const m = 40, n = 6, A = randomMatrix(m, n, 1), b = randomMatrix(m, 1, 2);
    const { x, rank } = lstsq(A, m, n, b);
    expect(rank).toBe(n);
    const G = new Float64Array(n * n), r = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      r[j] += A[i * n + j] * b[i];
      for (let k = 0; k < n; k++) G[j * n + k] += A[i * n + j] * A[i * n + k];
    }
    const y = choleskySolve(cholesky(G, n)!, n, r);
    for (let j = 0; j < n; j++) expect(x[j]).toBeCloseTo(y[j], 12);
  });

  it('gives the minimum-norm solution for collinear columns and for more columns than rows', () => {
    const a = lstsq(F(1, 2, 2, 4, 3, 6), 3, 2, F(1, 2, 3));
    expect(a.rank).toBe(1);
    expect(a.x[0]).toBeCloseTo(0.2, 14);
    expect(a.x[1]).toBeCloseTo(0.4, 14);
    const b = lstsq(F(1, 1, 1), 1, 3, F(3));
    expect(b.rank).toBe(1);
    for (const v of b.x) expect(v).toBeCloseTo(1, 14);
    expect(Array.from(lstsq(new Float64Array(6), 3, 2, F(1, 2, 3)).x)).toEqual([0, 0]);
  });
});

describe('cholesky', () => {
  it('solves an SPD system and reports a matrix that is not positive definite', () => {
    const L = cholesky(F(4, 2, 2, 3), 2)!;
    const x = choleskySolve(L, 2, F(2, 1));
    expect(4 * x[0] + 2 * x[1]).toBeCloseTo(2, 14);
    expect(2 * x[0] + 3 * x[1]).toBeCloseTo(1, 14);
    expect(cholesky(F(1, 2, 2, 1), 2)).toBeNull();
  });
});

describe('Moré–Thuente line search', () => {
  // Moré & Thuente (1994), function 1: φ(α) = -α / (α² + β), β = 2, μ = 0.001, η = 0.1; their table 1
  // gives the final α (1.4, 1.4, 10, 37) and the evaluations (6, 3, 1, 4) for these starts.
  const phi = (a: number) => ({ f: -a / (a * a + 2), g: (a * a - 2) / (a * a + 2) ** 2 });
  it.each([[1e-3, 1.4, 6], [1e-1, 1.4, 3], [10, 10, 1], [1e3, 37, 4]])('from α₀ = %s reaches a strong Wolfe point (α ≈ %s, %s evaluations)', (a0, stp, evals) => {
    const p0 = phi(0);
    const res = moreThuente(phi, p0.f, p0.g, a0, { ftol: 1e-3, gtol: 0.1, xtol: 0.1, stpmin: 0, stpmax: 1e10, maxEval: 30 });
    expect(res.status).toBe('convergence');
    expect(res.f).toBeLessThanOrEqual(p0.f + 1e-3 * res.stp * p0.g);
    expect(Math.abs(res.g)).toBeLessThanOrEqual(0.1 * Math.abs(p0.g));
    expect(Math.abs(res.stp - stp)).toBeLessThan(0.05 * stp);
    expect(res.evals).toBe(evals);
  });

  it('refuses an ascent direction', () => {
    expect(moreThuente(phi, 0, 1, 1).status).toMatch(/not a descent direction/);
  });
});

describe('lbfgs', () => {
  it('minimises the Rosenbrock function from (-1.2, 1)', () => {
    const res = lbfgs((x, g) => {
      const a = 1 - x[0], b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    }, F(-1.2, 1), { maxIter: 200, gtol: 1e-9, ftol: 0 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });

  it('stops at maxIter without claiming convergence, and reports every iteration', () => {
    const its: number[] = [];
    const res = lbfgs((x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) { f += (i + 1) * x[i] * x[i]; g[i] = 2 * (i + 1) * x[i]; }
      return f;
    }, new Float64Array(50).fill(1), { maxIter: 3, gtol: 0, ftol: 0, onIteration: (i) => its.push(i) });
    expect(res).toMatchObject({ converged: false, iterations: 3 });
    expect(its).toEqual([1, 2, 3]);
  });
});

describe('dualCd', () => {
  it('separates separable data with the hinge loss and a large C, keeping w = Σ αᵢyᵢxᵢ', () => {
    const r = mulberry32(5), n = 60, X = new Float64Array(n * 2), y = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2 ? 1 : -1;
      X[i * 2] = y[i] * (1 + r()) + 0.3 * r();
      X[i * 2 + 1] = r() * 2 - 1;
    }
    const res = dualCd(X, n, 2, 1, y, { loss: 'hinge', C: new Float64Array(n).fill(100), tol: 1e-6, maxIter: 1000, random: mulberry32(1) });
    expect(res.converged).toBe(true);
    for (let i = 0; i < n; i++) expect(y[i] * (res.w[0] * X[i * 2] + res.w[1] * X[i * 2 + 1] + res.w[2])).toBeGreaterThan(0.999);
  });
});

describe('readParams', () => {
  const specs = [{ name: 'k', kind: 'integer', default: 3, min: 1, help: '' }, { name: 'flag', kind: 'boolean', default: false, help: '' }] as const;
  it('fills defaults and names the fault', () => {
    expect(readParams('m', specs, {})).toEqual({ k: 3, flag: false });
    expect(() => readParams('m', specs, { k: 2.5 })).toThrow(/m: parameter k = 2.5 must be a whole number/);
    expect(() => readParams('m', specs, { flag: 'yes' })).toThrow(/flag = "yes" must be true or false/);
  });
});
