/**
 * Drops rows that repeat an earlier (or later) row, over all columns or a subset, as pandas'
 * drop_duplicates: missing values equal each other.
 */
import { COLUMN_TYPES } from '../../data/types';
import { checkColumnTypes, requireColumn, type StepDef } from '../step';
import { isNumeric, keptRows, selectRows } from '../table';

export type DropDuplicatesParams = { columns: string[]; keep: 'first' | 'last' };

export const dropDuplicates: StepDef<DropDuplicatesParams> = {
  type: 'drop-duplicates',
  label: 'Drop duplicate rows',
  description: 'Removes rows equal to another row (on the chosen columns, or all), keeping the first or last.',
  columnTypes: COLUMN_TYPES,
  params: [
    { name: 'columns', kind: 'columns', default: [], help: 'columns to compare; empty means all columns' },
    { name: 'keep', kind: 'enum', values: ['first', 'last'], default: 'first', help: 'which of the equal rows stays' },
  ],
  removesRows: true,
  validate: (p, schema) => checkColumnTypes(schema, p.columns, COLUMN_TYPES),
  apply(table, p) {
    const cols = p.columns.length ? p.columns.map((n) => requireColumn(table, n)) : table.columns;
    const seen = new Set<string>();
    const keep = new Uint8Array(table.rows);
    const parts: string[] = new Array(cols.length);
    const visit = (i: number) => {
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k];
        // Strings by value (two dictionaries may code them differently); NaN prints as "NaN" for every NaN.
        parts[k] = isNumeric(c) ? String(c.values[i]) : c.codes[i] < 0 ? '\u0000' : `s${c.dictionary[c.codes[i]]}`;
      }
      const key = JSON.stringify(parts);
      if (!seen.has(key)) { seen.add(key); keep[i] = 1; }
    };
    if (p.keep === 'first') for (let i = 0; i < table.rows; i++) visit(i);
    else for (let i = table.rows - 1; i >= 0; i--) visit(i);
    return selectRows(table, keptRows(keep));
  },
  outputSchema: (schema) => [...schema],
};
