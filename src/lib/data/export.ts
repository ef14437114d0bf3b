import { formatDate } from './dates';
import { storageOf, type ColumnSchema } from './types';

/** Quotes a CSV field when it holds a delimiter, quote, newline or leading/trailing space. */
export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Formats one stored value for display and export ('' for missing). */
export function formatValue(col: ColumnSchema, v: number, dict: string[]): string {
  if (storageOf(col.type) === 'codes') return v < 0 ? '' : dict[v];
  if (v !== v) return '';
  if (col.type === 'boolean') return v ? 'true' : 'false';
  if (col.type === 'datetime') return formatDate(v);
  // Keep what makes the value read back the same: the sign of zero, and a float's ".0".
  const s = Object.is(v, -0) ? '-0' : String(v);
  return col.type === 'float' && Number.isInteger(v) && !s.includes('e') ? `${s}.0` : s;
}

/** Renders rows [0, len) of one chunk of every column as CSV lines. */
export function chunkToCsv(columns: ColumnSchema[], data: (Float64Array | Int32Array)[], dicts: string[][]): string {
  const len = data[0]?.length ?? 0;
  const parts: string[] = new Array(len);
  const fmt = columns.map((c, i) => {
    const d = dicts[i];
    if (storageOf(c.type) === 'codes') {
      const quoted = d.map(csvField);
      return (v: number) => (v < 0 ? '' : quoted[v]);
    }
    return (v: number) => formatValue(c, v, d);
  });
  for (let r = 0; r < len; r++) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += ',';
      line += fmt[c](data[c][r]);
    }
    parts[r] = line;
  }
  return parts.join('\n') + (len > 0 ? '\n' : '');
}

export function csvHeader(columns: ColumnSchema[]): string {
  return columns.map((c) => csvField(c.name)).join(',') + '\n';
}
