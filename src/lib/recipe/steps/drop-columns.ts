/** Drops the listed columns. */
import { COLUMN_TYPES } from '../../data/types';
import { checkColumnTypes, type StepDef } from '../step';

export type DropColumnsParams = { columns: string[] };

export const dropColumns: StepDef<DropColumnsParams> = {
  type: 'drop-columns',
  label: 'Drop columns',
  description: 'Removes the chosen columns from the data.',
  columnTypes: COLUMN_TYPES,
  params: [{ name: 'columns', kind: 'columns', help: 'the columns to remove (at least one)' }],
  validate(p, schema) {
    if (p.columns.length === 0) return ['choose at least one column to drop'];
    return checkColumnTypes(schema, p.columns, COLUMN_TYPES);
  },
  apply(table, p) {
    const drop = new Set(p.columns);
    return { rows: table.rows, columns: table.columns.filter((c) => !drop.has(c.name)) };
  },
  outputSchema(schema, p) {
    return schema.filter((c) => !p.columns.includes(c.name));
  },
};
