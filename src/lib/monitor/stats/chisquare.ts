/**
 * Pearson's chi-square goodness-of-fit test of the current window's category counts against the
 * reference's shares scaled to the window's size: scipy.stats.chisquare(observed, expected) over
 * the union of categories, p-value chi2.sf(stat, K − 1) (SciPy 1.10).
 * Categories absent from the reference would have an expected count of 0 (an infinite statistic):
 * when any category is missing there, every missing one gets a pseudo-count of 0.5 in the
 * reference (the Haldane–Anscombe correction) before shares are taken, so a category the reference
 * never saw still weighs heavily but finitely. A single category on both sides scores p = 1.
 */
import type { DriftTest, DriftTestMeta } from '../types';
import { chi2Sf } from './special';
import { checkThreshold, labelCounts, labelValues, verdict } from './samples';

export const UNSEEN_PSEUDO_COUNT = 0.5;

export interface ChiSquareTable { categories: string[]; observed: Float64Array; expected: Float64Array }

/** Observed counts and expected counts (corrected reference shares × current size), categories sorted. */
export function chiSquareTable(reference: readonly string[], current: readonly string[]): ChiSquareTable {
  const r = labelCounts(reference), c = labelCounts(current);
  const categories = [...new Set([...r.keys(), ...c.keys()])].sort();
  const refCounts = categories.map((k) => r.get(k) ?? 0);
  if (refCounts.some((x) => x === 0)) for (let i = 0; i < refCounts.length; i++) if (refCounts[i] === 0) refCounts[i] = UNSEEN_PSEUDO_COUNT;
  const refTotal = refCounts.reduce((s, x) => s + x, 0);
  const n = current.length;
  return {
    categories,
    observed: Float64Array.from(categories, (k) => c.get(k) ?? 0),
    expected: Float64Array.from(refCounts, (x) => (x / refTotal) * n),
  };
}

export function chiSquare(t: ChiSquareTable): { statistic: number; pValue: number } {
  let stat = 0;
  for (let i = 0; i < t.observed.length; i++) stat += (t.observed[i] - t.expected[i]) ** 2 / t.expected[i];
  if (t.observed.length < 2) return { statistic: stat, pValue: 1 };
  return { statistic: stat, pValue: chi2Sf(stat, t.observed.length - 1) };
}

const meta: DriftTestMeta = {
  id: 'chisquare',
  label: 'Chi-square',
  kinds: ['categorical', 'binary'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  help: 'Pearson chi-square of the current category counts against the reference shares (SciPy chisquare); categories the reference never saw count as 0.5 there.',
};

export const chisquare: DriftTest = {
  meta,
  run(reference, current, threshold) {
    checkThreshold(meta, threshold);
    const r = chiSquare(chiSquareTable(labelValues(meta, reference, 'reference'), labelValues(meta, current, 'current')));
    return verdict(meta, r.pValue, threshold, r.statistic);
  },
};
