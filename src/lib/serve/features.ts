/**
 * The model's feature matrix from a table that holds its feature columns (the recipe chain's
 * output, or a stored version): the columns `model.features` names, in that order, as dense
 * row-major Float64; a missing value takes the training mean the model imputed with
 * (`model.imputed`). A row whose feature is still missing or infinite (no mean was learned for it)
 * cannot be predicted and is reported, with the feature named.
 */
import { BenchtopError } from '../errors';
import { isNumeric, type NumericColumn, type Table } from '../recipe/table';
import type { ModelDoc } from '../registry/types';
import type { Violation } from './types';

export class FeaturePlan {
  readonly features: readonly string[];
  readonly d: number;
  /** Training mean per feature, NaN where none was learned. */
  private readonly fill: Float64Array;
  /** Column index of each feature in the last table seen (tables of one recipe chain share a layout). */
  private readonly at: Int32Array;

  constructor(doc: ModelDoc, private readonly name: string) {
    this.features = doc.features;
    this.d = doc.features.length;
    const means = new Map((doc.imputed ?? []).map((m) => [m.feature, m.value]));
    this.fill = Float64Array.from(doc.features, (f) => means.get(f) ?? NaN);
    this.at = new Int32Array(this.d).fill(-1);
  }

  /** Whether `t` holds every feature as a numeric column. */
  holds(t: Table): boolean {
    const cols = new Map(t.columns.map((c) => [c.name, c]));
    return this.features.every((f) => { const c = cols.get(f); return c !== undefined && isNumeric(c); });
  }

  /** Training means per feature (NaN where none was learned). */
  get fills(): Float64Array {
    return this.fill;
  }

  /** The feature columns' values, in the model's order. */
  values(t: Table): Float64Array[] {
    return this.columns(t).map((c) => c.values);
  }

  /** Why row `row` of `t` cannot be predicted (the first feature missing with no mean, or infinite). */
  violationAt(t: Table, row: number): Violation {
    const cols = this.columns(t);
    for (let j = 0; j < this.d; j++) {
      const x = cols[j].values[row], v = x !== x ? this.fill[j] : x;
      if (v !== v || v === Infinity || v === -Infinity) {
        const what = v !== v ? 'is missing, and the model learned no value to fill it with' : 'is infinite';
        return { column: this.features[j], kind: 'feature', message: `The feature '${this.features[j]}' ${what}.` };
      }
    }
    return { column: '', kind: 'feature', message: 'The model\'s score for this row is not a finite number.' };
  }

  private columns(t: Table): NumericColumn[] {
    const out: NumericColumn[] = new Array(this.d);
    let byName: Map<string, number> | null = null;
    for (let j = 0; j < this.d; j++) {
      const f = this.features[j];
      let k = this.at[j];
      if (k < 0 || k >= t.columns.length || t.columns[k].name !== f) {
        byName ??= new Map(t.columns.map((c, i) => [c.name, i]));
        k = byName.get(f) ?? -1;
        if (k < 0) {
          throw new BenchtopError('BAD_REGISTRY', `${this.name}: the feature '${f}' is not among the columns the recipe chain produced (${t.columns.map((c) => c.name).join(', ')}).`, { feature: f });
        }
        this.at[j] = k;
      }
      const c = t.columns[k];
      if (!isNumeric(c)) throw new BenchtopError('BAD_REGISTRY', `${this.name}: the feature '${f}' is ${c.type}, not numeric.`, { feature: f });
      out[j] = c;
    }
    return out;
  }

  /**
   * X for rows [start, end) of `t` ((end − start) × d). `bad` lists rows (relative to `start`) that
   * cannot be predicted, each with its violation; their cells in X are left as they are (the caller
   * drops those rows).
   */
  matrix(t: Table, start = 0, end = t.rows): { X: Float64Array; bad: { row: number; violation: Violation }[] } {
    const cols = this.columns(t), d = this.d, n = end - start, fill = this.fill;
    const X = new Float64Array(n * d);
    const bad: { row: number; violation: Violation }[] = [];
    for (let j = 0; j < d; j++) {
      const v = cols[j].values;
      for (let i = 0, p = j; i < n; i++, p += d) X[p] = v[start + i];
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0, p = i * d; j < d; j++, p++) {
        let x = X[p];
        if (x !== x) x = X[p] = fill[j];
        if (x !== x || x === Infinity || x === -Infinity) {
          const what = x !== x ? 'is missing, and the model learned no value to fill it with' : 'is infinite';
          bad.push({ row: i, violation: { column: this.features[j], kind: 'feature', message: `The feature '${this.features[j]}' ${what}.` } });
          break;
        }
      }
    }
    return { X, bad };
  }
}
