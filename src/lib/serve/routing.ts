/**
 * Which arm of a deployment answers a request (pure functions; the serving service resolves the
 * version references and predicts). One request is routed as a whole, so one version answers all
 * of its records:
 * - no deployment, or single: `primary` answers (arm 'primary');
 * - shadow: `primary` answers; `candidate` gets a copy (arm 'shadow'), logged, never returned;
 * - canary: `canaryPercent`% of requests go to `candidate` (arm 'candidate'), the rest to
 *   `primary`. With `stickyKey`, the first record's value of that column is hashed (FNV-1a,
 *   32 bits) to a point in [0, 100): the same key always lands on the same arm, and raising the
 *   share only moves keys from primary to candidate. Without it (or when the record lacks the
 *   key) an injectable random source decides;
 * - blue-green: `live` says which side answers: blue = primary, green = candidate.
 */
import { BenchtopError } from '../errors';
import type { Arm, DeploymentRecord, VersionRef } from './types';

export interface Route {
  arm: Arm;
  ref: VersionRef;
  /** Shadow: the candidate's copy of the request. */
  shadow: { arm: 'shadow'; ref: VersionRef } | null;
}

/** FNV-1a over the UTF-16 code units of `s` (32-bit, unsigned). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3's fmix32), so keys that differ in one trailing character spread too.
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

/** The point in [0, 100) a sticky key maps to. */
export function stickyPoint(key: string): number {
  return (fnv1a(key) / 2 ** 32) * 100;
}

/** The sticky key of a request: the first record's value of `column` as text, or null. */
export function stickyValue(records: readonly Readonly<Record<string, unknown>>[], column: string | null): string | null {
  if (!column || records.length === 0) return null;
  const v = records[0][column];
  return v === null || v === undefined || v === '' || typeof v === 'object' ? null : String(v);
}

function candidateOf(d: DeploymentRecord): VersionRef {
  if (!d.candidate) throw new BenchtopError('BAD_DEPLOYMENT', `Deployment "${d.name}" is ${d.strategy} but has no candidate version.`, { deployment: d.id, strategy: d.strategy });
  return d.candidate;
}

/**
 * The route of one request. `primary` is the endpoint alias's version when there is no deployment.
 * `random` returns numbers in [0, 1) (Math.random by default; tests pass a seeded one).
 */
export function routeRequest(d: DeploymentRecord | null, records: readonly Readonly<Record<string, unknown>>[], primary: VersionRef, random: () => number = Math.random): Route {
  if (!d || d.status !== 'active') return { arm: 'primary', ref: primary, shadow: null };
  switch (d.strategy) {
    case 'single':
      return { arm: 'primary', ref: d.primary, shadow: null };
    case 'shadow':
      return { arm: 'primary', ref: d.primary, shadow: { arm: 'shadow', ref: candidateOf(d) } };
    case 'canary': {
      const key = stickyValue(records, d.stickyKey);
      const point = key === null ? random() * 100 : stickyPoint(key);
      return point < d.canaryPercent ? { arm: 'candidate', ref: candidateOf(d), shadow: null } : { arm: 'primary', ref: d.primary, shadow: null };
    }
    case 'blue-green':
      return d.live === 'green' ? { arm: 'green', ref: candidateOf(d), shadow: null } : { arm: 'blue', ref: d.primary, shadow: null };
    default:
      throw new BenchtopError('BAD_DEPLOYMENT', `Deployment "${d.name}" has an unknown strategy ${JSON.stringify(d.strategy)}.`, { deployment: d.id });
  }
}

/** "v3", "@champion" — how a reference reads in messages. */
export const refText = (r: VersionRef): string => ('alias' in r ? `@${r.alias}` : `v${r.version}`);
