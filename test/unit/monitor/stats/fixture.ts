/**
 * Loads test/fixtures/drift_reference.json (make_drift_reference.py, SciPy 1.10 / NumPy 1.24 /
 * scikit-learn 1.2) and compares numbers: within 1e-9 relative unless a test says otherwise.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DriftSample } from '../../../../src/lib/monitor/types';

export type Num = number | string; // 'inf' / 'nan' for non-finite values
export type Maybe<T> = T | { error: string };
export interface BinnedExpect {
  bins: { kind: 'edges'; edges: number[] } | { kind: 'values'; values: number[] } | { kind: 'categories'; categories: string[] };
  ref_counts: number[];
  cur_counts: number[];
  psi: Num;
  kl: Num;
  js: Num;
  hellinger: Num;
}
export interface NumericCase {
  name: string;
  ref: number[];
  cur: number[];
  expect: {
    ks: { statistic: number; pvalue: number; method: 'exact' | 'asymp' };
    cvm: Maybe<{ statistic: number; pvalue: number }>;
    anderson: Maybe<{ statistic: number; pvalue: number }>;
    wasserstein: number;
    ref_std: number;
    binned: BinnedExpect;
  };
}
export interface CategoricalCase {
  name: string;
  ref: string[];
  cur: string[];
  expect: {
    categories: string[];
    observed: number[];
    expected: number[];
    chisquare: { statistic: number; pvalue: number };
    z?: { statistic: number; pvalue: number; positive: string };
    binned: BinnedExpect;
  };
}
interface Raw {
  numeric: (Omit<NumericCase, 'ref' | 'cur'> & { ref: number[] | string; cur: number[] | string })[];
  categorical: CategoricalCase[];
  ks_exact: { n1: number; n2: number; h: number; success: boolean; d: number; p: Num }[];
  kstwo_sf: { n: number; x: number; sf: Num }[];
  smirnov: { n: number; x: number; sf: Num }[];
  chi2_sf: { df: number; x: number; sf: Num }[];
  norm_sf: { x: number; sf: Num }[];
  kv: { nu: number; x: number; kv: Num }[];
  cvm_inf: { x: number; cdf: Num }[];
  pca: {
    columns: string[]; ref: number[][]; same: number[][]; drifted: number[][];
    n_components: number; explained_variance_ratio: number[]; chunk_errors: number[]; threshold: number; error_same: number; error_drifted: number;
  };
  pool: Record<string, number[]>;
}

const raw = JSON.parse(readFileSync(new URL('../../../fixtures/drift_reference.json', import.meta.url), 'utf8')) as Raw;
const arr = (v: number[] | string) => (typeof v === 'string' ? raw.pool[v] : v);
export const ref = {
  ...raw,
  numeric: raw.numeric.map((c) => ({ ...c, ref: arr(c.ref), cur: arr(c.cur) })) as NumericCase[],
};

export const num = (v: Num): number => (typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN);
export const numeric = (values: number[]): DriftSample => ({ kind: 'numeric', values: Float64Array.from(values) });
export const labels = (values: string[], kind: 'categorical' | 'binary' = 'categorical'): DriftSample => ({ kind, values });
export const isError = <T extends object>(v: Maybe<T>): v is { error: string } => 'error' in v;

/** |actual − expected| ≤ rtol·|expected| (+ a tiny absolute floor for expected values of 0). */
export function expectClose(actual: number, expected: Num, what: string, rtol = 1e-9, atol = 1e-300): void {
  const e = num(expected);
  if (!Number.isFinite(e) || !Number.isFinite(actual)) {
    expect(actual, what).toBe(e);
    return;
  }
  const err = Math.abs(actual - e);
  if (err > rtol * Math.abs(e) + atol) expect.fail(`${what}: got ${actual}, SciPy ${e} (relative error ${(err / Math.abs(e)).toExponential(2)} > ${rtol})`);
}
