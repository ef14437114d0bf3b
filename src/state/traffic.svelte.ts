/**
 * Streams of random example requests to an endpoint (one after another through the serving
 * worker), to exercise a deployment's routing: the answers are counted per arm as they arrive, the
 * share of each arm is sampled for a live chart, and for shadow deployments the primary's and the
 * candidate's answers are compared.
 */
import { serveBridge } from '../bridge/serve';
import { errorInfo } from '../lib/errors';
import type { ServeResult } from '../lib/serve/contract';
import { ARMS, type Arm } from '../lib/serve/types';
import { randomRecord, type FormField } from './serve-form';

export interface ArmCount { arm: Arm; versions: number[]; count: number }

export interface Traffic {
  total: number;
  answered: number;
  failed: number;
  /** The last error a request met (the stream goes on). */
  lastError: string | null;
  /** Answers per arm, in ARMS order. */
  arms: ArmCount[];
  /** Per arm: [requests answered so far, that arm's share of them], sampled as the stream goes. */
  series: { name: string; points: [number, number][] }[];
  /** Shadow deployments: pairs compared, how many were identical, the sum of |Δ| (regression). */
  shadow: { pairs: number; agree: number; absDiff: number } | null;
  lastId: string | null;
  ms: number;
}

const byArm = (a: string, b: string) => ARMS.indexOf(a as Arm) - ARMS.indexOf(b as Arm);

export class TrafficState {
  #traffic = $state.raw<Traffic | null>(null);
  #streaming = $state(false);
  #stopAsked = false;

  get traffic() { return this.#traffic; }
  get streaming() { return this.#streaming; }

  /** Sends `n` random requests built from the form's fields and the input example. */
  async send(model: string, alias: string, fields: FormField[], examples: readonly Record<string, unknown>[], n: number): Promise<void> {
    if (this.#streaming) return;
    this.#streaming = true;
    this.#stopAsked = false;
    const t: Traffic = { total: n, answered: 0, failed: 0, lastError: null, arms: [], series: [], shadow: null, lastId: null, ms: 0 };
    const counts = new Map<Arm, ArmCount>(), points = new Map<string, [number, number][]>();
    const t0 = performance.now(), every = Math.max(1, Math.floor(n / 100));
    let last = 0;
    // Counts are shown as each answer arrives (the page shows exactly what it received); the chart at most every 100 ms.
    const publish = (chart: boolean) => {
      t.arms = [...counts.values()].map((a) => ({ ...a, versions: [...a.versions] })).sort((a, b) => byArm(a.arm, b.arm));
      if (chart) {
        t.series = [...points].map(([name, p]) => ({ name, points: [...p] })).sort((a, b) => byArm(a.name, b.name));
        last = performance.now();
      }
      t.ms = performance.now() - t0;
      this.#traffic = { ...t };
    };
    try {
      publish(true);
      for (let i = 0; i < n && !this.#stopAsked; i++) {
        try {
          this.#count(t, counts, points, await serveBridge.predict(model, alias, [randomRecord(fields, examples)]));
        } catch (e) {
          t.failed++;
          t.lastError = errorInfo(e).message;
        }
        const done = t.answered + t.failed;
        if (done % every === 0 || done === n) for (const [arm, p] of points) p.push([t.answered, (counts.get(arm as Arm)?.count ?? 0) / Math.max(1, t.answered)]);
        publish(performance.now() - last > 100 || done === n);
      }
      publish(true);
    } finally {
      this.#streaming = false;
    }
  }

  #count(t: Traffic, counts: Map<Arm, ArmCount>, points: Map<string, [number, number][]>, r: ServeResult): void {
    t.answered++;
    t.lastId = r.ids[0] ?? t.lastId;
    const a = counts.get(r.arm) ?? { arm: r.arm, versions: [], count: 0 };
    a.count++;
    if (!a.versions.includes(r.version)) a.versions.push(r.version);
    counts.set(r.arm, a);
    if (!points.has(r.arm)) points.set(r.arm, []);
    if (!r.shadow) return;
    const s = (t.shadow ??= { pairs: 0, agree: 0, absDiff: 0 });
    r.predictions.forEach((p, j) => {
      const q = r.shadow!.predictions[j];
      if (!q || p.output === null || q.output === null) return;
      s.pairs++;
      if (p.output === q.output) s.agree++;
      if (typeof p.output === 'number' && typeof q.output === 'number') s.absDiff += Math.abs(p.output - q.output);
    });
  }

  stop(): void {
    this.#stopAsked = true;
  }

  clear(): void {
    if (!this.#streaming) this.#traffic = null;
  }
}

export const traffic = new TrafficState();
