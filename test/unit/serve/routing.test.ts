/**
 * Routing: canary share within statistical tolerance over 10,000 requests (random and sticky),
 * stickiness, shadow never answering with the candidate, blue-green sides, stopped deployments.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/split';
import { fnv1a, routeRequest, stickyPoint } from '../../../src/lib/serve/routing';
import type { DeploymentRecord } from '../../../src/lib/serve/types';

const dep = (over: Partial<DeploymentRecord>): DeploymentRecord => ({
  id: 'd1', name: 'd', model: 'm', alias: 'champion', strategy: 'single', primary: { alias: 'champion' }, candidate: { version: 2 },
  canaryPercent: 0, stickyKey: null, live: 'blue', suite: null, status: 'active', history: [], created: 0, updated: 0, ...over,
});
const N = 10_000;
/** Within 4 standard deviations of a binomial(n, p) mean. */
const within = (count: number, n: number, p: number) => expect(Math.abs(count - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)));

describe('canary', () => {
  it('sends 20% of 10,000 requests to the candidate (random, seeded)', () => {
    const d = dep({ strategy: 'canary', canaryPercent: 20 }), r = mulberry32(7);
    let candidate = 0;
    for (let i = 0; i < N; i++) {
      const route = routeRequest(d, [{ x: i }], { alias: 'champion' }, r);
      if (route.arm === 'candidate') { candidate++; expect(route.ref).toEqual({ version: 2 }); } else expect(route).toEqual({ arm: 'primary', ref: { alias: 'champion' }, shadow: null });
    }
    within(candidate, N, 0.2);
  });

  for (const pct of [0, 5, 50, 100]) {
    it(`share ${pct}% holds over 10,000 sticky keys`, () => {
      const d = dep({ strategy: 'canary', canaryPercent: pct, stickyKey: 'user' });
      let candidate = 0;
      for (let i = 0; i < N; i++) if (routeRequest(d, [{ user: `user-${i}` }], { alias: 'champion' }, () => { throw new Error('no randomness with a key'); }).arm === 'candidate') candidate++;
      if (pct === 0) expect(candidate).toBe(0);
      else if (pct === 100) expect(candidate).toBe(N);
      else within(candidate, N, pct / 100);
    });
  }

  it('is sticky: the same key always gets the same arm, and raising the share only moves keys to the candidate', () => {
    const d20 = dep({ strategy: 'canary', canaryPercent: 20, stickyKey: 'user' }), d40 = { ...d20, canaryPercent: 40 };
    const r = mulberry32(3);
    const first = new Map<string, string>();
    for (let i = 0; i < N; i++) {
      const key = String(Math.floor(r() * 500));
      const arm = routeRequest(d20, [{ user: key, x: i }, { user: 'other' }], { alias: 'champion' }, r).arm;
      if (first.has(key)) expect(arm).toBe(first.get(key));
      else first.set(key, arm);
      if (arm === 'candidate') expect(routeRequest(d40, [{ user: key }], { alias: 'champion' }).arm).toBe('candidate');
    }
    expect(first.size).toBe(500);
    within([...first.values()].filter((a) => a === 'candidate').length, 500, 0.2);
    // Numbers and strings of the same text are the same key.
    expect(routeRequest(d20, [{ user: 42 }], { alias: 'champion' }).arm).toBe(routeRequest(d20, [{ user: '42' }], { alias: 'champion' }).arm);
  });

  it('without the key column in the request falls back to the random source', () => {
    const d = dep({ strategy: 'canary', canaryPercent: 50, stickyKey: 'user' });
    expect(routeRequest(d, [{ x: 1 }], { alias: 'champion' }, () => 0.1).arm).toBe('candidate');
    expect(routeRequest(d, [{ x: 1 }], { alias: 'champion' }, () => 0.9).arm).toBe('primary');
  });

  it('hashes with FNV-1a (32-bit) plus a final mix, spread over [0, 100)', () => {
    // FNV-1a("a") = 0xe40c292c before the final mix; the mix is a bijection, so different keys stay different.
    expect(fnv1a('')).not.toBe(fnv1a('a'));
    const points = Array.from({ length: 1000 }, (_, i) => stickyPoint(`k${i}`));
    expect(Math.min(...points)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...points)).toBeLessThan(100);
    const deciles = new Array(10).fill(0);
    for (const p of points) deciles[Math.floor(p / 10)]++;
    for (const c of deciles) within(c, 1000, 0.1);
  });
});

describe('shadow, blue-green, single', () => {
  it('shadow: the primary answers every request; the candidate only gets a copy', () => {
    const d = dep({ strategy: 'shadow', candidate: { alias: 'challenger' } });
    const r = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      const route = routeRequest(d, [{ user: String(i) }], { alias: 'champion' }, r);
      expect(route.arm).toBe('primary');
      expect(route.ref).toEqual({ alias: 'champion' });
      expect(route.shadow).toEqual({ arm: 'shadow', ref: { alias: 'challenger' } });
    }
  });

  it('blue-green: the live side answers; switching moves every request', () => {
    const blue = dep({ strategy: 'blue-green', primary: { version: 1 }, candidate: { version: 2 }, live: 'blue' });
    expect(routeRequest(blue, [{}], { alias: 'champion' })).toEqual({ arm: 'blue', ref: { version: 1 }, shadow: null });
    expect(routeRequest({ ...blue, live: 'green' }, [{}], { alias: 'champion' })).toEqual({ arm: 'green', ref: { version: 2 }, shadow: null });
  });

  it('single, no deployment and stopped deployments answer with the primary', () => {
    expect(routeRequest(dep({ primary: { version: 4 } }), [{}], { alias: 'champion' }).ref).toEqual({ version: 4 });
    expect(routeRequest(null, [{}], { alias: 'champion' })).toEqual({ arm: 'primary', ref: { alias: 'champion' }, shadow: null });
    expect(routeRequest(dep({ strategy: 'canary', canaryPercent: 100, status: 'stopped' }), [{}], { alias: 'champion' }).arm).toBe('primary');
  });

  it('a canary without a candidate is a BAD_DEPLOYMENT', () => {
    expect(() => routeRequest(dep({ strategy: 'canary', canaryPercent: 100, candidate: null }), [{}], { alias: 'champion' })).toThrow(/no candidate/);
  });
});
