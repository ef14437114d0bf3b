/**
 * The default drift test of a column and the dataset-level verdict, following Evidently's convention:
 * - reference of at most 1,000 rows: Kolmogorov–Smirnov for numeric columns with more than 5 distinct
 *   values; numeric columns with at most 5 values are treated as categorical; chi-square for
 *   categorical columns with more than 2 categories; the two-proportion Z-test for binary columns
 *   (at most 2 values);
 * - larger references: normalised Wasserstein for numeric columns (more than 5 values), Jensen–Shannon
 *   for categorical and binary ones (and few-valued numeric ones).
 * The dataset drifts when the share of drifted columns reaches `share` (0.5 by default).
 */
import { BenchtopError } from '../../errors';
import type { DriftColumnKind, DriftTestResult } from '../types';
import type { DriftTestId } from './registry';

export const SMALL_REFERENCE_ROWS = 1000;
export const MAX_CATEGORICAL_NUMERIC_VALUES = 5;

/** How a column is tested: numeric with ≤ 5 values as categorical (binary with ≤ 2). */
export function testedKind(kind: DriftColumnKind, distinctValues: number): DriftColumnKind {
  if (distinctValues <= 2) return 'binary';
  if (kind === 'numeric' && distinctValues <= MAX_CATEGORICAL_NUMERIC_VALUES) return 'categorical';
  return kind === 'binary' ? 'categorical' : kind;
}

export function defaultTest(kind: DriftColumnKind, referenceRows: number, distinctValues: number): DriftTestId {
  if (!(referenceRows >= 0) || !(distinctValues >= 0)) {
    throw new BenchtopError('BAD_MONITOR', `defaultTest needs non-negative counts (reference rows ${referenceRows}, distinct values ${distinctValues}).`, { referenceRows, distinctValues });
  }
  const tested = testedKind(kind, distinctValues);
  if (referenceRows <= SMALL_REFERENCE_ROWS) return tested === 'numeric' ? 'ks' : tested === 'binary' ? 'z' : 'chisquare';
  return tested === 'numeric' ? 'wasserstein' : 'jensenshannon';
}

/** Share of drifted columns and whether it reaches `share` (Evidently's drift_share, ≥). No columns: no drift. */
export function datasetDrift(results: readonly Pick<DriftTestResult, 'drifted'>[], share = 0.5): { share: number; drifted: boolean; columns: number; driftedColumns: number } {
  if (!(share > 0 && share <= 1)) {
    throw new BenchtopError('BAD_MONITOR', `The dataset drift share must be in (0, 1], not ${share}; the default is 0.5.`, { share });
  }
  const driftedColumns = results.filter((r) => r.drifted).length;
  const s = results.length ? driftedColumns / results.length : 0;
  return { share: s, drifted: results.length > 0 && s >= share, columns: results.length, driftedColumns };
}
