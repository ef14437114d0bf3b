/**
 * One integer code per category (0, 1, …), as scikit-learn's OrdinalEncoder: categories sorted in
 * code-point order (or in order of first appearance in the training rows). A missing value stays
 * missing; a category not seen in training becomes -1 (sklearn's handle_unknown='use_encoded_value',
 * unknown_value=-1) or is an error.
 */
import { CATEGORY_TYPES, checkColumnTypes, columnsParam, quoteList, RecipeError, requireCodes, resolveColumns, type StepDef } from '../step';
import { codeCounts, presentCategories } from '../stats';
import { replaceColumns, type Column } from '../table';

export type OrdinalParams = { columns: string[]; order: 'sorted' | 'appearance'; handle_unknown: 'minus_one' | 'error' };
export interface OrdinalFit { columns: { column: string; categories: string[] }[] }

export const ordinal: StepDef<OrdinalParams, OrdinalFit> = {
  type: 'ordinal',
  label: 'Ordinal encode',
  description: 'Replaces each category by its position in a list learned from the training rows.',
  columnTypes: CATEGORY_TYPES,
  params: [
    columnsParam('categorical columns to encode'),
    { name: 'order', kind: 'enum', values: ['sorted', 'appearance'], default: 'sorted', help: 'category order: alphabetical (code points) or first appearance in the training rows' },
    { name: 'handle_unknown', kind: 'enum', values: ['minus_one', 'error'], default: 'minus_one', help: 'a category not seen in training: code -1, or an error' },
  ],
  validate: (p, schema) => checkColumnTypes(schema, p.columns, CATEGORY_TYPES),
  fit(table, p) {
    const columns = resolveColumns(table.columns, p.columns, CATEGORY_TYPES).map((column) => {
      const c = requireCodes(table, column);
      let categories: string[];
      if (p.order === 'sorted') categories = presentCategories(c.dictionary, codeCounts(c.codes, c.dictionary.length)).map((x) => x.value);
      else {
        const seen = new Set<string>();
        for (const code of c.codes) if (code >= 0) seen.add(c.dictionary[code]);
        categories = [...seen];
      }
      if (categories.length === 0) throw new RecipeError(`column "${column}" has no values in the training rows, so it has no categories to encode`, { column });
      return { column, categories };
    });
    return { columns };
  },
  apply(table, p, fitted) {
    const replace = new Map<string, Column[]>();
    for (const f of fitted.columns) {
      const c = requireCodes(table, f.column);
      const index = new Map(f.categories.map((v, j) => [v, j]));
      const map = Int32Array.from(c.dictionary, (s) => index.get(s) ?? -1);
      const values = new Float64Array(table.rows);
      const unseen = new Set<string>();
      for (let i = 0; i < table.rows; i++) {
        const code = c.codes[i];
        values[i] = code < 0 ? NaN : map[code];
        if (code >= 0 && map[code] < 0) unseen.add(c.dictionary[code]);
      }
      if (unseen.size > 0 && p.handle_unknown === 'error') {
        throw new RecipeError(`column "${f.column}" has categories not seen in training: ${quoteList([...unseen], 10)}; known are ${quoteList(f.categories, 10)} (set handle_unknown to minus_one to code them -1)`, { column: f.column, unseen: [...unseen] });
      }
      replace.set(f.column, [{ name: c.name, type: 'integer', role: c.role, values }]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema(schema, p, fitted) {
    const names = fitted ? fitted.columns.map((f) => f.column) : resolveColumns(schema, p.columns, CATEGORY_TYPES);
    return schema.map((c) => (names.includes(c.name) ? { ...c, type: 'integer' } : c));
  },
};
