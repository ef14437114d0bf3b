/**
 * Seeded synthetic streams for the detector tests (mulberry32, never Math.random): 0/1 error
 * streams with a given error rate, Gaussian streams (Box–Muller), each with an optional abrupt
 * change at `at`; and a runner that lists the 1-based indices where a detector reported drift.
 */
import { mulberry32 } from '../../../../src/lib/data/split';
import type { Detector } from '../../../../src/lib/monitor/types';

/** Bernoulli errors: rate `p0` before index `at` (0-based), `p1` from it on. */
export function errorStream(seed: number, n: number, p0: number, p1 = p0, at = n): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => (rand() < (i < at ? p0 : p1) ? 1 : 0));
}

/** Normal(mu0, sd) before index `at`, Normal(mu1, sd) from it on. */
export function gaussStream(seed: number, n: number, mu0: number, sd: number, mu1 = mu0, at = n): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rand(), v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  for (let i = 0; i < n; i++) out[i] = (i < at ? mu0 : mu1) + sd * out[i];
  return out;
}

/** 1-based update indices at which the detector reported drift (and warning, when asked). */
export function detections(d: Detector, xs: ArrayLike<number>, level: 'drift' | 'warning' = 'drift'): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (d.update(xs[i]).level === level) out.push(i + 1);
  return out;
}

/** Points after the change (at 0-based index `at`, i.e. update at + 1) until the first drift at or after it; Infinity if none. */
export function delayAfter(hits: number[], at: number): number {
  const first = hits.find((h) => h > at);
  return first === undefined ? Infinity : first - at;
}

export const seeds = (k: number, from = 1) => Array.from({ length: k }, (_, i) => from + i);

/** The level after each update, in order. */
export function levels(d: Detector, xs: ArrayLike<number>): string[] {
  return Array.from(xs, (x) => d.update(x).level);
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
