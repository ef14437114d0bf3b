/**
 * What every drift test shares: checking samples and thresholds (BAD_MONITOR errors that name the
 * test and what it accepts), the verdict from a score, and per-sample caches. Samples are treated as
 * immutable: the sorted copy of a numeric sample and the label counts of a categorical one are kept
 * in WeakMaps keyed by the values array, so a reference scored against many windows, or one window
 * scored by several tests, is sorted or counted once (and released with the array).
 */
import { BenchtopError } from '../../errors';
import type { DriftSample, DriftTestMeta, DriftTestResult } from '../types';
import { sortFloat64 } from './sort';

const sortedCache = new WeakMap<Float64Array, Float64Array>();
const countCache = new WeakMap<readonly string[], Map<string, number>>();

/** Ascending copy of finite numbers (sort.ts), cached per array. */
export function sortedValues(values: Float64Array): Float64Array {
  let s = sortedCache.get(values);
  if (!s) {
    s = sortFloat64(values);
    sortedCache.set(values, s);
  }
  return s;
}

/** The cached sorted copy, if some test has sorted this array already. */
export const peekSorted = (values: Float64Array): Float64Array | undefined => sortedCache.get(values);

/** Label → count, cached per array. */
export function labelCounts(values: readonly string[]): Map<string, number> {
  let m = countCache.get(values);
  if (!m) {
    m = new Map();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    countCache.set(values, m);
  }
  return m;
}

const sideName = (side: 'reference' | 'current') => (side === 'reference' ? 'reference' : 'current window');

/** Checks a sample's kind against the test's kinds, and that it is non-empty. */
export function checkSample(meta: DriftTestMeta, sample: DriftSample, side: 'reference' | 'current'): void {
  if (!meta.kinds.includes(sample.kind)) {
    throw new BenchtopError('BAD_MONITOR', `The ${meta.label} test takes ${meta.kinds.join(' or ')} columns, not a ${sample.kind} one; choose another test for this column.`, { method: meta.id, kind: sample.kind, kinds: [...meta.kinds] });
  }
  if (sample.values.length === 0) {
    throw new BenchtopError('BAD_MONITOR', `The ${meta.label} test needs values on both sides: the ${sideName(side)} has none.`, { method: meta.id, side });
  }
}

/** Both samples checked, and both numeric or both labels. */
export function checkPair(meta: DriftTestMeta, reference: DriftSample, current: DriftSample): void {
  checkSample(meta, reference, 'reference');
  checkSample(meta, current, 'current');
  if ((reference.kind === 'numeric') !== (current.kind === 'numeric')) {
    throw new BenchtopError('BAD_MONITOR', `The ${meta.label} test got a ${reference.kind} reference and a ${current.kind} current window; both sides must be numbers or both labels.`, { method: meta.id, reference: reference.kind, current: current.kind });
  }
}

/** The finite numbers of a numeric sample (NaN/±Infinity are refused: missing values are removed before a test). */
export function numericValues(meta: DriftTestMeta, sample: DriftSample, side: 'reference' | 'current'): Float64Array {
  checkSample(meta, sample, side);
  if (sample.kind !== 'numeric') throw new BenchtopError('BAD_MONITOR', `The ${meta.label} test takes numbers, not labels.`, { method: meta.id });
  const v = sample.values;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new BenchtopError('BAD_MONITOR', `The ${sideName(side)} holds ${v[i]} at position ${i + 1}: drift tests take finite numbers (missing values are removed first).`, { method: meta.id, side, index: i });
  }
  return v;
}

/** The labels of a categorical or binary sample (a numeric sample's values read as labels). */
export function labelValues(meta: DriftTestMeta, sample: DriftSample, side: 'reference' | 'current'): readonly string[] {
  checkSample(meta, sample, side);
  return sample.kind === 'numeric' ? Array.from(sample.values, String) : sample.values;
}

/** A p-value threshold in (0, 1), or a distance threshold > 0. */
export function checkThreshold(meta: DriftTestMeta, threshold: number): void {
  const ok = meta.scoreKind === 'p_value' ? threshold > 0 && threshold < 1 : threshold > 0 && Number.isFinite(threshold);
  if (!ok) {
    const range = meta.scoreKind === 'p_value' ? 'a p-value between 0 and 1 (exclusive)' : 'a positive distance';
    throw new BenchtopError('BAD_MONITOR', `The ${meta.label} threshold must be ${range}, not ${threshold}; the default is ${meta.defaultThreshold}.`, { method: meta.id, threshold });
  }
}

/** p-values drift below the threshold; distances above it (PSI at or above it). */
export function verdict(meta: DriftTestMeta, score: number, threshold: number, statistic?: number): DriftTestResult {
  const drifted = meta.scoreKind === 'p_value' ? score < threshold : meta.id === 'psi' ? score >= threshold : score > threshold;
  const out: DriftTestResult = { method: meta.id, score, threshold, drifted };
  if (statistic !== undefined) out.statistic = statistic;
  return out;
}
