/**
 * The Moré–Thuente line search (MINPACK-2 dcsrch/dcstep, as L-BFGS-B and scipy use it): finds a step
 * satisfying the strong Wolfe conditions
 *   φ(stp) ≤ φ(0) + ftol · stp · φ'(0)   and   |φ'(stp)| ≤ gtol · |φ'(0)|
 * by safeguarded cubic and quadratic interpolation inside an interval of uncertainty.
 * Reference: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20 (1994) 286–307.
 */

/** φ(stp) and φ'(stp) along the search direction. */
export type Phi = (stp: number) => { f: number; g: number };

export interface LineSearchOptions {
  ftol: number;
  gtol: number;
  xtol: number;
  stpmin: number;
  stpmax: number;
  /** Most evaluations of φ. */
  maxEval: number;
}

export const MORE_THUENTE: LineSearchOptions = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 1e10, maxEval: 20 };

export interface LineSearchResult {
  stp: number;
  f: number;
  g: number;
  evals: number;
  /** 'convergence' (strong Wolfe holds), a 'warning: …' the caller may accept, or 'failed: …'. */
  status: string;
}

interface Bracket { stx: number; fx: number; dx: number; sty: number; fy: number; dy: number; brackt: boolean }

/** dcstep: a safeguarded step, and the interval update, from the best point x, the other end y and stp. */
function step(s: Bracket, stp: number, fp: number, dp: number, stpmin: number, stpmax: number): number {
  const { stx, fx, dx, sty, fy, dy } = s;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // Higher function value: the minimum is bracketed; cubic or half-way to the quadratic step.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = m * Math.sqrt((theta / m) ** 2 - (dx / m) * (dp / m));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta, q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    // Derivatives of opposite sign: bracketed; the cubic or the secant step, whichever is farther.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = m * Math.sqrt((theta / m) ** 2 - (dx / m) * (dp / m));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta, q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Same sign, derivative decreasing in magnitude: the cubic step only if it tends to infinity away from stp.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = m * Math.sqrt(Math.max(0, (theta / m) ** 2 - (dx / m) * (dp / m)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta, q = gamma + (dx - dp) + gamma;
    const r = p / q;
    const stpc = r < 0 && gamma !== 0 ? stp + r * (stx - stp) : stp > stx ? stpmax : stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (s.brackt) {
    // Same sign, derivative not decreasing: cubic step towards the other end of the bracket.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = m * Math.sqrt((theta / m) ** 2 - (dy / m) * (dp / m));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta, q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    s.sty = stp; s.fy = fp; s.dy = dp;
  } else {
    if (sgnd < 0) { s.sty = stx; s.fy = fx; s.dy = dx; }
    s.stx = stp; s.fx = fp; s.dx = dp;
  }
  return stpf;
}

/** dcsrch: searches from φ(0) = f0, φ'(0) = g0 < 0, starting at the trial step `stp`. */
export function moreThuente(phi: Phi, f0: number, g0: number, stp: number, o: LineSearchOptions = MORE_THUENTE): LineSearchResult {
  if (!(g0 < 0)) return { stp: 0, f: f0, g: g0, evals: 0, status: 'failed: not a descent direction' };
  const { ftol, gtol, xtol, stpmin, stpmax } = o;
  const gtest = ftol * g0;
  let width = stpmax - stpmin, width1 = 2 * width;
  let stage = 1;
  const s: Bracket = { stx: 0, fx: f0, dx: g0, sty: 0, fy: f0, dy: g0, brackt: false };
  let stmin = 0, stmax = stp + 4 * stp;
  stp = Math.max(stpmin, Math.min(stpmax, stp));
  for (let evals = 1; ; evals++) {
    const { f, g } = phi(stp);
    if (!Number.isFinite(f) || !Number.isFinite(g)) {
      // Overflow: step back towards the best point so far (not part of dcsrch).
      if (evals >= o.maxEval) return { stp, f, g, evals, status: 'failed: the function is not finite along the direction' };
      stp = s.stx + 0.5 * (stp - s.stx);
      continue;
    }
    const ftest = f0 + stp * gtest;
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;
    let status = '';
    if (s.brackt && (stp <= stmin || stp >= stmax)) status = 'warning: rounding errors prevent progress';
    if (s.brackt && stmax - stmin <= xtol * stmax) status = 'warning: xtol test satisfied';
    if (stp === stpmax && f <= ftest && g <= gtest) status = 'warning: stp = stpmax';
    if (stp === stpmin && (f > ftest || g >= gtest)) status = 'warning: stp = stpmin';
    if (f <= ftest && Math.abs(g) <= gtol * -g0) status = 'convergence';
    if (status) return { stp, f, g, evals, status };
    if (evals >= o.maxEval) return { stp, f, g, evals, status: 'failed: too many evaluations' };

    if (stage === 1 && f <= s.fx && f > ftest) {
      // Work on the modified function ψ(stp) = φ(stp) - φ(0) - ftol·stp·φ'(0) until a step has ψ ≤ 0 and ψ' ≥ 0.
      const m: Bracket = { ...s, fx: s.fx - s.stx * gtest, fy: s.fy - s.sty * gtest, dx: s.dx - gtest, dy: s.dy - gtest };
      stp = step(m, stp, f - stp * gtest, g - gtest, stmin, stmax);
      s.stx = m.stx; s.sty = m.sty; s.brackt = m.brackt;
      s.fx = m.fx + m.stx * gtest; s.fy = m.fy + m.sty * gtest; s.dx = m.dx + gtest; s.dy = m.dy + gtest;
    } else {
      stp = step(s, stp, f, g, stmin, stmax);
    }
    if (s.brackt) {
      // Bisect when the interval did not shrink enough in two steps.
      if (Math.abs(s.sty - s.stx) >= 0.66 * width1) stp = s.stx + 0.5 * (s.sty - s.stx);
      width1 = width;
      width = Math.abs(s.sty - s.stx);
      stmin = Math.min(s.stx, s.sty);
      stmax = Math.max(s.stx, s.sty);
    } else {
      stmin = stp + 1.1 * (stp - s.stx);
      stmax = stp + 4 * (stp - s.stx);
    }
    stp = Math.max(stpmin, Math.min(stpmax, stp));
    if ((s.brackt && (stp <= stmin || stp >= stmax)) || (s.brackt && stmax - stmin <= xtol * stmax)) stp = s.stx;
  }
}
