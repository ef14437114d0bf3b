import { describe, expect, it } from 'vitest';
import { DATE_FORMAT_LABELS, detectDateFormat, formatDate, parseDate } from '../../../src/lib/data/dates';

describe('parseDate: ISO 8601', () => {
  it('reads a date without time as UTC midnight', () => {
    expect(parseDate('2024-03-31', 'iso')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDate('2024-3-5', 'iso')).toBe(Date.UTC(2024, 2, 5));
    expect(parseDate('1969-12-31', 'iso')).toBe(-86_400_000);
  });

  it('reads a time with T or a space, with or without seconds and fractions', () => {
    expect(parseDate('2024-03-31T14:05', 'iso')).toBe(Date.UTC(2024, 2, 31, 14, 5));
    expect(parseDate('2024-03-31 14:05:09', 'iso')).toBe(Date.UTC(2024, 2, 31, 14, 5, 9));
    expect(parseDate('2024-03-31T14:05:09.123', 'iso')).toBe(Date.UTC(2024, 2, 31, 14, 5, 9, 123));
    expect(parseDate('2024-03-31T14:05:09,5', 'iso')).toBe(Date.UTC(2024, 2, 31, 14, 5, 9, 500));
    expect(parseDate('2024-03-31T14:05:09.123456789', 'iso')).toBe(Date.UTC(2024, 2, 31, 14, 5, 9, 123));
    expect(parseDate('2024-03-31T9:05', 'iso')).toBe(Date.UTC(2024, 2, 31, 9, 5));
  });

  it('applies Z and numeric zones as Date.parse does', () => {
    const cases = [
      '2024-03-31T14:05:00Z',
      '2024-03-31T14:05:00+02:00',
      '2024-03-31T14:05:00-05:30',
      '2024-03-31T00:30:00+01:00',
      '2024-12-31T23:30:00-03:00',
      '2024-03-31T14:05:00.250+00:00',
    ];
    for (const c of cases) expect(parseDate(c, 'iso'), c).toBe(Date.parse(c));
    expect(parseDate('2024-03-31T14:05:00+0200', 'iso')).toBe(Date.parse('2024-03-31T14:05:00+02:00'));
    expect(parseDate('2024-03-31 14:05:00 Z', 'iso')).toBe(Date.UTC(2024, 2, 31, 14, 5));
  });

  it('rejects dates that do not exist and out-of-range times', () => {
    for (const v of ['2023-02-30', '2023-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-01-32', '2023-01-01T24:00', '2023-01-01T12:60', '2023-01-01T12:00:61']) {
      expect(parseDate(v, 'iso'), v).toBeNaN();
    }
    expect(parseDate('2024-02-29', 'iso')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2000-02-29', 'iso')).toBe(Date.UTC(2000, 1, 29));
    expect(parseDate('1900-02-29', 'iso')).toBeNaN();
  });

  it('rejects strings of other shapes', () => {
    for (const v of ['', '2024', '2024-03', '24-03-31', '2024-03-31T', '2024-03-31x', ' 2024-03-31', '2024/03/31', '31/03/2024', 'March 31, 2024', '2024-03-31T14:05:00+2']) {
      expect(parseDate(v, 'iso'), v).toBeNaN();
    }
  });

  it('reads four-digit years before 100 as written', () => {
    const expected = new Date(0);
    expected.setUTCFullYear(50, 0, 1);
    expect(parseDate('0050-01-01', 'iso')).toBe(expected.getTime());
  });
});

describe('parseDate: other formats', () => {
  it('reads YYYY/MM/DD with an optional time', () => {
    expect(parseDate('2024/03/31', 'ymd-slash')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDate('2024/3/1 08:15', 'ymd-slash')).toBe(Date.UTC(2024, 2, 1, 8, 15));
    expect(parseDate('2023/02/30', 'ymd-slash')).toBeNaN();
  });

  it('reads MM/DD/YYYY and DD/MM/YYYY by the format asked for', () => {
    expect(parseDate('03/04/2024', 'mdy')).toBe(Date.UTC(2024, 2, 4));
    expect(parseDate('03/04/2024', 'dmy')).toBe(Date.UTC(2024, 3, 3));
    expect(parseDate('12/31/2024 23:59:59', 'mdy')).toBe(Date.UTC(2024, 11, 31, 23, 59, 59));
    expect(parseDate('31/12/2024', 'dmy')).toBe(Date.UTC(2024, 11, 31));
    expect(parseDate('31/12/2024', 'mdy')).toBeNaN();
    expect(parseDate('02/30/2024', 'mdy')).toBeNaN();
    expect(parseDate('30/02/2024', 'dmy')).toBeNaN();
  });

  it('reads DD.MM.YYYY', () => {
    expect(parseDate('31.12.2024', 'dmy-dot')).toBe(Date.UTC(2024, 11, 31));
    expect(parseDate('1.2.2024 10:00', 'dmy-dot')).toBe(Date.UTC(2024, 1, 1, 10));
    expect(parseDate('31.02.2024', 'dmy-dot')).toBeNaN();
  });

  it('has a label for every format', () => {
    expect(Object.keys(DATE_FORMAT_LABELS).sort()).toEqual(['dmy', 'dmy-dot', 'iso', 'mdy', 'ymd-slash']);
  });
});

describe('detectDateFormat', () => {
  it('detects ISO, YYYY/MM/DD and DD.MM.YYYY', () => {
    expect(detectDateFormat(['2024-01-02', '2024-01-03T10:00:00Z'])).toBe('iso');
    expect(detectDateFormat(['2024/01/02', '2024/12/31'])).toBe('ymd-slash');
    expect(detectDateFormat(['31.12.2024', '01.01.2025'])).toBe('dmy-dot');
  });

  it('tells day-first from month-first by a field over 12', () => {
    expect(detectDateFormat(['01/02/2024', '25/02/2024'])).toBe('dmy');
    expect(detectDateFormat(['01/02/2024', '02/25/2024'])).toBe('mdy');
    expect(detectDateFormat(['13/01/2024'])).toBe('dmy');
  });

  it('reads ambiguous slashed dates as month-first', () => {
    expect(detectDateFormat(['01/02/2024', '03/04/2024', '12/12/2024'])).toBe('mdy');
  });

  it('returns null when one value fits no format, for mixed formats, and for no values', () => {
    expect(detectDateFormat(['2024-01-02', 'soon'])).toBeNull();
    expect(detectDateFormat(['2024-01-02', '02/01/2024'])).toBeNull();
    expect(detectDateFormat(['13/13/2024'])).toBeNull();
    expect(detectDateFormat(['25/01/2024', '01/25/2024'])).toBeNull();
    expect(detectDateFormat(['2023-02-30'])).toBeNull();
    expect(detectDateFormat(['12', '13'])).toBeNull();
    expect(detectDateFormat([])).toBeNull();
  });
});

describe('formatDate', () => {
  it('writes midnight as a date and other times as ISO without zero milliseconds', () => {
    expect(formatDate(Date.UTC(2024, 2, 31))).toBe('2024-03-31');
    expect(formatDate(Date.UTC(2024, 2, 31, 14, 5))).toBe('2024-03-31T14:05:00Z');
    expect(formatDate(Date.UTC(2024, 2, 31, 14, 5, 0, 250))).toBe('2024-03-31T14:05:00.250Z');
    expect(formatDate(NaN)).toBe('');
    expect(formatDate(Infinity)).toBe('');
  });

  it('round-trips through parseDate', () => {
    for (const t of [Date.UTC(2024, 0, 1), Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2030, 5, 15, 0, 0, 1), -86_400_000]) {
      expect(parseDate(formatDate(t), 'iso')).toBe(t);
    }
  });
});
