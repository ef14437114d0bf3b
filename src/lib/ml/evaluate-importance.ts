/**
 * Permutation importance for the report: on the test rows (a seeded sample of at most maxRows,
 * default 2,000, so a large test side stays quick), with the task's main metric (R² or
 * accuracy), repeats shuffles per feature (default 5); features by name, most important first.
 */
import { mulberry32, shuffle } from '../data/split';
import { metricDef, permutationImportance, type PredictFn, type Vec } from './metrics';
import { num, type ReportImportance } from './evaluate-report';
import type { Task } from './model';

export const IMPORTANCE_ROWS = 2000;
export const IMPORTANCE_REPEATS = 5;

/** The metric a task is judged by first: R² for regression, accuracy for classification. */
export function mainMetric(task: Task): 'r2' | 'accuracy' {
  return task === 'regression' ? 'r2' : 'accuracy';
}

export interface ImportanceArgs {
  task: Task;
  predict: PredictFn;
  X: Float64Array;
  y: Vec;
  n: number;
  d: number;
  featureNames: readonly string[];
  k?: number;
  seed: number;
  repeats?: number;
  maxRows?: number;
  progress?(done: number, total: number): void;
  cancelled?(): boolean;
}

/** Rows 0..n-1, or a seeded sample of `max` of them (ascending). */
export function sampleRows(n: number, max: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  return shuffle(all, mulberry32(seed)).slice(0, max).sort();
}

export async function importanceSection(a: ImportanceArgs): Promise<ReportImportance> {
  const repeats = a.repeats ?? IMPORTANCE_REPEATS;
  const rows = sampleRows(a.n, Math.max(1, a.maxRows ?? IMPORTANCE_ROWS), a.seed);
  const m = rows.length, d = a.d;
  // A copy: permutationImportance shuffles its X in place.
  const X = new Float64Array(m * d), y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    X.set(a.X.subarray(rows[i] * d, rows[i] * d + d), i * d);
    y[i] = a.y[rows[i]];
  }
  const metric = mainMetric(a.task);
  const r = await permutationImportance(a.predict, X, m, d, y, metricDef(metric), {
    repeats, seed: a.seed, k: a.k, progress: a.progress, cancelled: a.cancelled,
  });
  const features = r.features
    .map((f) => ({ feature: a.featureNames[f.feature], mean: num(f.mean), std: num(f.std), j: f.feature }))
    .sort((p, q) => (q.mean ?? -Infinity) - (p.mean ?? -Infinity) || p.j - q.j)
    .map(({ feature, mean, std }) => ({ feature, mean, std }));
  return { metric, baseline: num(r.baseline), repeats, rows: m, features };
}
