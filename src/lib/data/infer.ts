import { detectDateFormat } from './dates';
import { isBooleanWord, isMissingString, parseBoolean } from './values';
import type { ColumnRole, ColumnSchema, ColumnType } from './types';

export interface SampleColumn {
  name: string;
  /** Sample values as read: strings from delimited text, JS values from JSON. */
  values: unknown[];
}

export interface InferredColumn extends ColumnSchema {
  /** Share of missing values in the sample. */
  missingShare: number;
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;
const ID_NAME = /(^|[_\s-])([iI][dD]|uuid|UUID|guid|GUID|key|KEY)$|^[iI][dD][_\s-]|[a-z](Id|ID)$/;
const TARGET_NAME = /^(target|label|class|y|outcome)$/i;

/** Infers each column's type and a suggested role from a sample of its values. */
export function inferColumn(col: SampleColumn, sampleRows: number): InferredColumn {
  const present: unknown[] = [];
  for (const v of col.values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && isMissingString(v.trim())) continue;
    present.push(typeof v === 'string' ? v.trim() : v);
  }
  const missingShare = sampleRows === 0 ? 0 : 1 - present.length / sampleRows;
  const type = inferType(present, col.values);
  const out: InferredColumn = { name: col.name, type, role: suggestRole(col.name, type), missingShare };
  if (type === 'datetime') out.dateFormat = detectDateFormat(present as string[]) ?? 'iso';
  if (present.length === 0) out.type = 'float';
  return out;
}

function inferType(present: unknown[], raw: unknown[]): ColumnType {
  if (present.length === 0) return 'float';
  if (present.every((v) => typeof v === 'boolean' || (typeof v === 'string' && isBooleanWord(v)))) return 'boolean';
  if (present.every((v) => typeof v === 'number' || (typeof v === 'string' && NUMBER_RE.test(v)))) {
    const allInt = present.every((v) => (typeof v === 'number' ? Number.isInteger(v) : INT_RE.test(v as string)));
    return allInt ? 'integer' : 'float';
  }
  if (present.every((v) => typeof v === 'string') && detectDateFormat(present as string[]) !== null) return 'datetime';
  const strings = raw.filter((v): v is string => typeof v === 'string' && !isMissingString(v.trim()));
  return classifyStrings(new Set(strings).size, strings.length, strings.some((s) => /\s/.test(s.trim())));
}

/**
 * Categorical, text or identifier from the distinct count: every value unique and no spaces
 * reads as an identifier, over half unique as free text, else categorical.
 */
export function classifyStrings(distinct: number, count: number, hasSpaces: boolean): ColumnType {
  if (count < 2) return 'categorical';
  if (distinct === count && !hasSpaces && count >= 20) return 'identifier';
  if (distinct > 0.5 * count && count >= 20) return 'text';
  return 'categorical';
}

export function suggestRole(name: string, type: ColumnType): ColumnRole {
  if (type === 'identifier' || (type === 'integer' && ID_NAME.test(name))) return 'identifier';
  if (type === 'datetime') return 'timestamp';
  if (TARGET_NAME.test(name)) return 'target';
  return 'feature';
}

/** True when a string would parse as the given numeric-ish type (used to check type overrides). */
export function fitsType(v: string, type: ColumnType): boolean {
  if (type === 'integer') return INT_RE.test(v);
  if (type === 'float') return NUMBER_RE.test(v) || /^[+-]?inf(inity)?$/i.test(v);
  if (type === 'boolean') return parseBoolean(v) >= 0;
  return true;
}
