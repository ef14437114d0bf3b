/**
 * Two-proportion Z-test for binary columns (Evidently's "z"): with p_ref and p_cur the shares of
 * the positive label (the larger of the two labels in sorted order) and the pooled share P,
 * z = (p_cur − p_ref) / √(P(1 − P)(1/n_ref + 1/n_cur)), two-sided p = 2·norm.sf(|z|) (SciPy's ndtr).
 * The same single label on both sides (P = 0 or 1) scores z = 0, p = 1. More than two labels
 * across both samples is refused: use chi-square for categorical columns.
 */
import { BenchtopError } from '../../errors';
import type { DriftTest, DriftTestMeta } from '../types';
import { normSf } from './special';
import { checkThreshold, labelCounts, labelValues, verdict } from './samples';

export function zTest(reference: readonly string[], current: readonly string[]): { statistic: number; pValue: number; positive: string } {
  const r = labelCounts(reference), c = labelCounts(current);
  const labels = [...new Set([...r.keys(), ...c.keys()])].sort();
  if (labels.length > 2) {
    throw new BenchtopError('BAD_MONITOR', `The Z-test compares two proportions, but the column holds ${labels.length} labels (${labels.slice(0, 5).join(', ')}${labels.length > 5 ? ', …' : ''}); choose chi-square or Jensen–Shannon for a categorical column.`, { method: 'z', labels: labels.length });
  }
  const positive = labels[labels.length - 1];
  const n1 = reference.length, n2 = current.length;
  const p1 = (r.get(positive) ?? 0) / n1, p2 = (c.get(positive) ?? 0) / n2;
  const P = (p1 * n1 + p2 * n2) / (n1 + n2);
  if (P <= 0 || P >= 1) return { statistic: 0, pValue: 1, positive };
  const z = (p2 - p1) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * normSf(Math.abs(z)), positive };
}

const meta: DriftTestMeta = {
  id: 'z',
  label: 'Two-proportion Z-test',
  kinds: ['binary'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  help: 'Difference between the reference and current shares of one label over its pooled standard error; two-sided p-value. Binary columns only.',
};

export const z: DriftTest = {
  meta,
  run(reference, current, threshold) {
    checkThreshold(meta, threshold);
    const r = zTest(labelValues(meta, reference, 'reference'), labelValues(meta, current, 'current'));
    return verdict(meta, r.pValue, threshold, r.statistic);
  },
};
