/**
 * Data quality of a window, each figure beside the reference's: the share of missing cells over
 * the watched columns, numeric values outside the reference's [min, max], labels the reference
 * never held (unseen categories), rows with a signature violation (refused rows included) and the
 * row count. Counts are of cells (a row with two out-of-range values counts twice).
 */
import type { Values } from './columns';
import type { WindowResult } from './types';

/** What quality needs of a reference column. */
export interface QualityRef {
  name: string;
  min: number;
  max: number;
  /** Labels seen in the reference (label columns). */
  categories: ReadonlySet<string> | null;
}

export interface QualityFigures {
  missingShare: number;
  outOfRange: number;
  unseenCategories: number;
}

/** Missing share, out-of-range and unseen counts of some columns (absent columns count as all missing). */
export function qualityFigures(columns: readonly QualityRef[], values: ReadonlyMap<string, Values>, rows: number): QualityFigures {
  let missing = 0, outOfRange = 0, unseen = 0;
  for (const c of columns) {
    const v = values.get(c.name);
    if (!v) { missing += rows; continue; }
    if (v.numeric) {
      for (const x of v.values) {
        if (x !== x) missing++;
        else if (x < c.min || x > c.max) outOfRange++;
      }
    } else {
      for (const s of v.values) {
        if (s === null) missing++;
        else if (c.categories && !c.categories.has(s)) unseen++;
      }
    }
  }
  const cells = rows * columns.length;
  return { missingShare: cells ? missing / cells : 0, outOfRange, unseenCategories: unseen };
}

/** A window's quality: its figures, violations from the log, and the reference's missing share. */
export function windowQuality(columns: readonly QualityRef[], values: ReadonlyMap<string, Values>, rows: number, violated: ArrayLike<number>, referenceMissingShare: number): WindowResult['quality'] {
  let violations = 0;
  for (let i = 0; i < violated.length; i++) if (violated[i]) violations++;
  const f = qualityFigures(columns, values, rows);
  return { ...f, violations, rows, reference: { missingShare: referenceMissingShare } };
}

/** The reference side of a column for quality checks: its range and its labels. */
export function qualityRef(name: string, v: Values): QualityRef {
  if (v.numeric) {
    let min = Infinity, max = -Infinity;
    for (const x of v.values) if (x === x) { if (x < min) min = x; if (x > max) max = x; }
    return { name, min, max, categories: null };
  }
  const categories = new Set<string>();
  for (const s of v.values) if (s !== null) categories.add(s);
  return { name, min: -Infinity, max: Infinity, categories };
}
