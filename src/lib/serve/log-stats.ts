/**
 * Figures of the prediction log for the Serve page: predictions per arm and version, refused rows,
 * violations by kind, latency p50/p95 (linear interpolation, as numpy), for shadow deployments the
 * agreement of the candidate with the primary on the same requests, and, where ground-truth labels
 * were attached, each arm's accuracy (classification) or mean absolute error (regression).
 */
import { quantileSorted } from '../data/stats';
import type { DB } from '../store/db';
import { readPredictionBatches, selectRows, type PredictionQuery } from './log-read';
import { ARMS, type Arm } from './types';

export interface ArmStats {
  arm: Arm;
  version: number;
  count: number;
  refused: number;
  /** Rows with at least one violation (refused ones included). */
  withViolations: number;
  latencyP50: number | null;
  latencyP95: number | null;
  /** Rows with a ground-truth label, and the metric on them (accuracy or MAE). */
  labelled: number;
  accuracy: number | null;
  mae: number | null;
}

export interface PredictionStats {
  total: number;
  refused: number;
  withViolations: number;
  violations: Record<string, number>;
  latencyP50: number | null;
  latencyP95: number | null;
  arms: ArmStats[];
  /** Shadow copies compared with the primary answer of the same request. */
  shadow: { compared: number; agreed: number; rate: number | null; meanAbsDiff: number | null } | null;
  first: number | null;
  last: number | null;
}

const quantiles = (xs: number[]): [number | null, number | null] => {
  if (!xs.length) return [null, null];
  const s = Float64Array.from(xs).sort();
  return [quantileSorted(s, 0.5), quantileSorted(s, 0.95)];
};

const agree = (a: unknown, b: unknown): boolean =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : a === b;

export async function predictionStats(db: DB, q: PredictionQuery = {}): Promise<PredictionStats> {
  const batches = await readPredictionBatches(db, q);
  const rows = selectRows(batches, q);
  const labels = rows.length ? new Map((await db.getAll('labels')).map((l) => [l.id, l.label])) : new Map<string, string | number>();
  const groups = new Map<string, { s: ArmStats; lat: number[]; hits: number; err: number; numeric: boolean }>();
  const violations: Record<string, number> = {};
  const primaryOut = new Map<string, unknown>();
  const shadows: { of: string; out: unknown }[] = [];
  const all: number[] = [];
  let refused = 0, withViolations = 0, first: number | null = null, last: number | null = null;
  for (const { b: bi, i, t } of rows) {
    const b = batches[bi], arm = ARMS[b.arm[i]] ?? 'primary', version = b.version[i], key = `${arm}:${version}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { s: { arm, version, count: 0, refused: 0, withViolations: 0, latencyP50: null, latencyP95: null, labelled: 0, accuracy: null, mae: null }, lat: [], hits: 0, err: 0, numeric: false }));
    const out = b.output[i], vs = b.violations[i] ?? [];
    g.s.count++;
    first ??= t;
    last = t;
    if (out === null) { g.s.refused++; refused++; }
    else { g.lat.push(b.latency[i]); all.push(b.latency[i]); }
    if (vs.length) { g.s.withViolations++; withViolations++; for (const v of vs) violations[v.kind] = (violations[v.kind] ?? 0) + 1; }
    if (b.shadowOf[i]) shadows.push({ of: b.shadowOf[i]!, out });
    else primaryOut.set(b.ids[i], out);
    // A shadow copy is judged by the label of the primary prediction it copies.
    const label = labels.get(b.ids[i]) ?? (b.shadowOf[i] ? labels.get(b.shadowOf[i]!) : undefined);
    if (label !== undefined && out !== null) {
      g.s.labelled++;
      if (typeof out === 'number') { g.numeric = true; g.err += Math.abs(out - Number(label)); }
      else if (String(label) === out) g.hits++;
    }
  }
  const arms = [...groups.values()].map(({ s, lat, hits, err, numeric }) => {
    [s.latencyP50, s.latencyP95] = quantiles(lat);
    if (s.labelled) { if (numeric) s.mae = err / s.labelled; else s.accuracy = hits / s.labelled; }
    return s;
  }).sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || a.version - b.version);
  let shadow: PredictionStats['shadow'] = null;
  if (shadows.length) {
    let compared = 0, agreed = 0, diff = 0, numeric = 0;
    for (const s of shadows) {
      const p = primaryOut.get(s.of);
      if (p === undefined || p === null || s.out === null) continue;
      compared++;
      if (agree(p, s.out)) agreed++;
      if (typeof p === 'number' && typeof s.out === 'number') { diff += Math.abs(p - s.out); numeric++; }
    }
    shadow = { compared, agreed, rate: compared ? agreed / compared : null, meanAbsDiff: numeric ? diff / numeric : null };
  }
  const [latencyP50, latencyP95] = quantiles(all);
  return { total: rows.length, refused, withViolations, violations, latencyP50, latencyP95, arms, shadow, first, last };
}
