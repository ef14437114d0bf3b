/**
 * Multivariate drift of a window: the PCA reconstruction error of its rows against a PCA fitted
 * on the reference's numeric watched columns (stats/multivariate.ts: standardised, components
 * explaining 65% of the variance, threshold mean + 3·std of the errors of 10 reference chunks).
 * Needs at least two numeric watched columns and ten reference rows; otherwise there is no
 * multivariate figure.
 */
import type { Values } from './columns';
import type { Reference } from './reference';
import { fitPcaDrift, pcaDrift, type PcaDriftModel } from './stats';

export type MultivariateRef = PcaDriftModel;

export function fitMultivariate(ref: Reference): MultivariateRef | null {
  const columns = ref.columns.flatMap((c) => (c.kind === 'numeric' && c.values.numeric ? [{ name: c.name, values: c.values.values }] : []));
  if (columns.length < 2 || ref.rows < 10) return null;
  try {
    return fitPcaDrift(columns);
  } catch {
    return null;
  }
}

export function multivariateDrift(m: MultivariateRef, values: ReadonlyMap<string, Values>): { error: number; threshold: number; drifted: boolean } | null {
  const columns = m.columns.map((name) => {
    const v = values.get(name);
    return { name, values: v?.numeric ? v.values : new Float64Array(0) };
  });
  if (!columns[0]?.values.length || columns.some((c) => c.values.length !== columns[0].values.length)) return null;
  const r = pcaDrift(m, columns);
  return Number.isFinite(r.error) ? r : null;
}
