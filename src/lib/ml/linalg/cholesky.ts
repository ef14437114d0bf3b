/** Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix, and solves with it. */

/**
 * Factors the row-major d × d matrix A (only its lower triangle is read); returns L row-major,
 * or null when A is not numerically positive definite.
 */
export function cholesky(A: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j];
    for (let k = 0; k < j; k++) s -= L[j * d + k] * L[j * d + k];
    if (!(s > 0)) return null;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j];
      for (let k = 0; k < j; k++) t -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = t / ljj;
    }
  }
  return L;
}

/** Solves L Lᵀ x = b for x. */
export function choleskySolve(L: Float64Array, d: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * x[k];
    x[i] = s / L[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}
