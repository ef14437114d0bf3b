/**
 * One 0/1 column per category, named `column=category`, in place of the source column, as
 * scikit-learn's OneHotEncoder: categories in code-point order; with max_categories, the least
 * frequent training categories share one "other" column (`column=(other)`, last) so that at most
 * max_categories columns come out (ties in count: the earlier category in order goes to other, as
 * sklearn's stable sort).
 * Unseen categories at apply time: handle_unknown `ignore` gives all zeros (sklearn 'ignore'),
 * `other` the other column when there is one (sklearn 'infrequent_if_exist'), `error` an error.
 * Differences from sklearn 1.2: a missing value gives all zeros (sklearn makes missing a category);
 * when the column has exactly max_categories categories none is merged (sklearn merges the rarest).
 */
import type { ColumnSchema } from '../../data/types';
import { CATEGORY_TYPES, checkColumnTypes, columnsParam, quoteList, RecipeError, requireCodes, resolveColumns, uniqueName, type StepDef } from '../step';
import { codeCounts, compareStrings, presentCategories } from '../stats';
import { replaceColumns, type Column } from '../table';

export type OneHotParams = { columns: string[]; max_categories?: number; handle_unknown: 'ignore' | 'other' | 'error' };
export interface OneHotColumnFit {
  column: string;
  /** Categories with their own output column, in order. */
  categories: string[];
  /** Training categories merged into the other column (empty: no other column). */
  other: string[];
  /** Output column names: one per category, then the other column when there is one. */
  names: string[];
}
export interface OneHotFit { columns: OneHotColumnFit[] }

export const OTHER = '(other)';

export const oneHot: StepDef<OneHotParams, OneHotFit> = {
  type: 'one-hot',
  label: 'One-hot encode',
  description: 'Turns a categorical column into one 0/1 column per category; rare categories can share an "other" column.',
  columnTypes: CATEGORY_TYPES,
  params: [
    columnsParam('categorical columns to encode'),
    { name: 'max_categories', kind: 'integer', optional: true, min: 2, help: 'most output columns per input column, the other column included; the rarest categories are merged' },
    { name: 'handle_unknown', kind: 'enum', values: ['ignore', 'other', 'error'], default: 'ignore', help: 'a category not seen in training: all zeros, the other column (zeros when there is none), or an error' },
  ],
  validate: (p, schema) => checkColumnTypes(schema, p.columns, CATEGORY_TYPES),
  fit(table, p) {
    const taken = new Set(table.columns.map((c) => c.name));
    const columns = resolveColumns(table.columns, p.columns, CATEGORY_TYPES).map((column): OneHotColumnFit => {
      const c = requireCodes(table, column);
      const cats = presentCategories(c.dictionary, codeCounts(c.codes, c.dictionary.length));
      if (cats.length === 0) throw new RecipeError(`column "${column}" has no values in the training rows, so it has no categories to encode`, { column });
      taken.delete(column);
      let other: string[] = [];
      if (p.max_categories !== undefined && cats.length > p.max_categories) {
        // Stable sort by count: the first cats.length - (max - 1) are merged.
        const order = cats.map((_, k) => k).sort((a, b) => cats[a].count - cats[b].count || a - b);
        const merged = new Set(order.slice(0, cats.length - (p.max_categories - 1)));
        other = cats.filter((_, k) => merged.has(k)).map((x) => x.value);
      }
      const categories = cats.map((x) => x.value).filter((v) => !other.includes(v));
      const names = categories.map((v) => uniqueName(`${column}=${v}`, taken));
      if (other.length) names.push(uniqueName(`${column}=${OTHER}`, taken));
      return { column, categories, other, names };
    });
    return { columns };
  },
  apply(table, p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const f of fitted.columns) {
      const c = requireCodes(table, f.column);
      const k = f.categories.length, hasOther = f.other.length > 0;
      // Output slot of each dictionary code: 0..k-1 a category, k the other column, -1 none, -2 unseen.
      const index = new Map(f.categories.map((v, j) => [v, j]));
      const merged = new Set(f.other);
      const slot = Int32Array.from(c.dictionary, (s) => index.get(s) ?? (merged.has(s) ? k : -2));
      const unseenAs = p.handle_unknown === 'other' && hasOther ? k : -1;
      const outs = f.names.map(() => new Float64Array(table.rows));
      const unseen = new Set<string>();
      for (let i = 0; i < table.rows; i++) {
        const code = c.codes[i];
        if (code < 0) continue;
        let s = slot[code];
        if (s === -2) { unseen.add(c.dictionary[code]); s = unseenAs; }
        if (s >= 0) outs[s][i] = 1;
      }
      if (unseen.size > 0 && p.handle_unknown === 'error') {
        throw new RecipeError(`column "${f.column}" has categories not seen in training: ${quoteList([...unseen].sort(compareStrings), 10)}; known are ${quoteList([...f.categories, ...f.other], 10)} (set handle_unknown to ignore or other to accept them)`, { column: f.column, unseen: [...unseen] });
      }
      replace.set(f.column, f.names.map((name, j) => ({ name, type: 'boolean', role: c.role, values: outs[j] })));
    }
    return replaceColumns(table, replace);
  },
  outputSchema(schema, _p, fitted) {
    if (!fitted) return null;
    const byColumn = new Map(fitted.columns.map((f) => [f.column, f]));
    return schema.flatMap((c): ColumnSchema[] => byColumn.get(c.name)?.names.map((name) => ({ name, type: 'boolean', role: c.role })) ?? [c]);
  },
};
