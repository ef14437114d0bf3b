/**
 * Software figures of a window: latency p50/p95/p99 of the answered rows (milliseconds per row,
 * linear interpolation as NumPy), throughput (predictions per second over the window's active
 * span, first to last prediction, counted as at least one second), errors (refused rows) and the
 * memory the model holds (the size of its JSON model document, in bytes).
 */
import { quantileSorted } from '../data/stats';
import type { WindowResult } from './types';

export interface SoftwareInput {
  time: ArrayLike<number>;
  latency: ArrayLike<number>;
  refused: ArrayLike<number>;
}

export function windowSoftware(w: SoftwareInput, modelBytes: number | null): WindowResult['software'] {
  const n = w.time.length, lat: number[] = [];
  let errors = 0, first = Infinity, last = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = w.time[i];
    if (t < first) first = t;
    if (t > last) last = t;
    if (w.refused[i]) errors++;
    else if (Number.isFinite(w.latency[i])) lat.push(w.latency[i]);
  }
  const sorted = Float64Array.from(lat).sort();
  const q = (p: number) => (sorted.length ? quantileSorted(sorted, p) : NaN);
  const seconds = n ? Math.max(1, (last - first) / 1000) : 1;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), throughput: n / seconds, errors, modelBytes };
}

/** Bytes of the model document as JSON (UTF-8): what the model holds in memory, near enough. */
export function modelBytes(doc: unknown): number | null {
  if (doc === undefined || doc === null) return null;
  return new TextEncoder().encode(JSON.stringify(doc)).length;
}
