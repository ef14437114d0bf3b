/**
 * Adds calendar parts of a datetime column (epoch milliseconds, read in UTC) as integer columns
 * named `column_part`, after the source column: year, month (1-12), weekday (Monday = 0, as pandas)
 * and hour (0-23). Missing stays missing.
 */
import type { ColumnSchema } from '../../data/types';
import { checkColumnTypes, columnsParam, requireNumeric, resolveColumns, type StepDef } from '../step';

/** The listed columns, or else every datetime column that is a feature or the timestamp. */
function dateColumns(schema: readonly ColumnSchema[], listed: readonly string[]): string[] {
  if (listed.length > 0) return resolveColumns(schema, listed, ['datetime']);
  return schema.filter((c) => c.type === 'datetime' && (c.role === 'feature' || c.role === 'timestamp')).map((c) => c.name);
}
import { replaceColumns, type Column } from '../table';

export const DATE_PARTS = ['year', 'month', 'weekday', 'hour'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export type DatePartsParams = { columns: string[]; parts: DatePart[]; drop_original: boolean };

const PART: Record<DatePart, (d: Date) => number> = {
  year: (d) => d.getUTCFullYear(),
  month: (d) => d.getUTCMonth() + 1,
  weekday: (d) => (d.getUTCDay() + 6) % 7,
  hour: (d) => d.getUTCHours(),
};

function outputs(schema: readonly ColumnSchema[], p: DatePartsParams): Map<string, ColumnSchema[]> {
  const out = new Map<string, ColumnSchema[]>();
  for (const name of dateColumns(schema, p.columns)) {
    const src = schema.find((c) => c.name === name);
    const parts = p.parts.map((part): ColumnSchema => ({ name: `${name}_${part}`, type: 'integer', role: 'feature' }));
    out.set(name, [...(p.drop_original || !src ? [] : [src]), ...parts]);
  }
  return out;
}

export const dateParts: StepDef<DatePartsParams> = {
  type: 'date-parts',
  label: 'Date parts',
  description: 'Extracts year, month, weekday and hour (UTC) from datetime columns.',
  columnTypes: ['datetime'],
  params: [
    columnsParam('datetime columns'),
    { name: 'parts', kind: 'enums', values: DATE_PARTS, default: [...DATE_PARTS], help: 'which parts to add' },
    { name: 'drop_original', kind: 'boolean', default: false, help: 'remove the datetime column itself' },
  ],
  validate(p, schema) {
    const out = checkColumnTypes(schema, p.columns, ['datetime']);
    if (p.parts.length === 0) out.push(`choose at least one part: ${DATE_PARTS.join(', ')}`);
    const existing = new Set(schema.map((c) => c.name));
    for (const name of dateColumns(schema, p.columns)) {
      for (const part of p.parts) if (existing.has(`${name}_${part}`)) out.push(`column "${name}_${part}" already exists; rename or drop it first`);
    }
    return out;
  },
  apply(table, p) {
    const replace = new Map<string, Column[]>();
    for (const column of dateColumns(table.columns, p.columns)) {
      const c = requireNumeric(table, column);
      const outs = p.parts.map(() => new Float64Array(table.rows));
      for (let i = 0; i < table.rows; i++) {
        const d = new Date(c.values[i]);
        const ok = !Number.isNaN(d.getTime());
        p.parts.forEach((part, k) => { outs[k][i] = ok ? PART[part](d) : NaN; });
      }
      const parts = p.parts.map((part, k): Column => ({ name: `${column}_${part}`, type: 'integer', role: 'feature', values: outs[k] }));
      replace.set(column, p.drop_original ? parts : [c, ...parts]);
    }
    return replaceColumns(table, replace);
  },
  outputSchema(schema, p) {
    const out = outputs(schema, p);
    return schema.flatMap((c) => out.get(c.name) ?? [c]);
  },
};
