/**
 * Content equality of stored records (plain objects, arrays, primitives, ArrayBuffers), used to
 * tell an imported run that is already here unchanged from one that differs.
 */
import type { MetricPoint, PathArtifact } from './exchange-format';

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof ArrayBuffer || b instanceof ArrayBuffer) {
    if (!(a instanceof ArrayBuffer && b instanceof ArrayBuffer) || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    return x.every((v, i) => v === y[i]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The same metric history, in any order. */
export function sameMetrics(a: readonly MetricPoint[], b: readonly MetricPoint[]): boolean {
  if (a.length !== b.length) return false;
  const index = new Map(a.map((m) => [`${m.step}\u0000${m.key}`, m]));
  return b.every((m) => {
    const o = index.get(`${m.step}\u0000${m.key}`);
    return o !== undefined && Object.is(o.value, m.value) && o.timestamp === m.timestamp;
  });
}

/** The same artifacts (path, media type, bytes, times), in any order. */
export function sameArtifacts(a: readonly PathArtifact[], b: readonly PathArtifact[]): boolean {
  if (a.length !== b.length) return false;
  const index = new Map(a.map((x) => [x.path, x]));
  return b.every((x) => deepEqual(index.get(x.path), x));
}
