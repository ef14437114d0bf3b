import type { DateFormat } from './types';

/**
 * Date and datetime parsing for the formats Benchtop recognises. Values without a zone are
 * read as UTC so that the same file gives the same numbers on every device.
 */
const TIME = String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`;
const PATTERNS: Record<DateFormat, RegExp> = {
  iso: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`),
  'ymd-slash': new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`),
  mdy: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`),
  dmy: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`),
  'dmy-dot': new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`),
};

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  iso: 'ISO 8601 (2024-03-31T14:05:00Z)',
  'ymd-slash': 'YYYY/MM/DD',
  mdy: 'MM/DD/YYYY',
  dmy: 'DD/MM/YYYY',
  'dmy-dot': 'DD.MM.YYYY',
};

/** Parses `v` in the given format to epoch milliseconds, or NaN when it does not match. */
export function parseDate(v: string, format: DateFormat): number {
  const m = PATTERNS[format].exec(v);
  if (!m) return NaN;
  let y: number, mo: number, d: number;
  if (format === 'iso' || format === 'ymd-slash') [y, mo, d] = [+m[1], +m[2], +m[3]];
  else if (format === 'mdy') [mo, d, y] = [+m[1], +m[2], +m[3]];
  else [d, mo, y] = [+m[1], +m[2], +m[3]];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const h = m[4] ? +m[4] : 0;
  const mi = m[5] ? +m[5] : 0;
  const s = m[6] ? +m[6] : 0;
  const ms = m[7] ? Math.round(+`0.${m[7]}` * 1000) : 0;
  if (h > 23 || mi > 59 || s > 60) return NaN;
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCDate() !== d) return NaN; // rolled over: 2023-02-30
  date.setUTCHours(h, mi, s, ms);
  let t = date.getTime();
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
  }
  return t;
}

/**
 * Picks the date format that parses every sample value, or null. Slashed day-first dates are
 * told apart from month-first ones by a first field over 12.
 */
export function detectDateFormat(values: string[]): DateFormat | null {
  if (values.length === 0) return null;
  const order: DateFormat[] = ['iso', 'ymd-slash', 'dmy-dot', 'mdy', 'dmy'];
  for (const f of order) {
    if (!values.every((v) => !Number.isNaN(parseDate(v, f)))) continue;
    if (f === 'mdy' || f === 'dmy') {
      const firstOver12 = values.some((v) => +v.split('/')[0] > 12);
      const secondOver12 = values.some((v) => +v.split('/')[1] > 12);
      if (firstOver12 && !secondOver12) return 'dmy';
      return 'mdy';
    }
    return f;
  }
  return null;
}

/** Formats epoch ms as ISO 8601 (date only when the time is midnight). */
export function formatDate(t: number): string {
  if (!Number.isFinite(t)) return '';
  const iso = new Date(t).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}
