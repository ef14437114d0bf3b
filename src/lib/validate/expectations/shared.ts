/** Pieces every expectation file uses: offending-row bookkeeping, value formatting, fixed results. */
import { formatValue } from '../../data/export';
import { storageOf, type ColumnSchema } from '../../data/types';
import type { Checker, Example, Expectation, ExpectationResult } from '../types';

/** Offending rows kept as examples per expectation. */
export const MAX_EXAMPLES = 10;

export const MISSING_TEXT = '(missing)';

/** Formats a stored value (Float64 value or dictionary code) as text; datetimes as ISO dates. */
export function cellFormatter(column: ColumnSchema, dictionary: string[] | undefined): (v: number) => string {
  const dict = dictionary ?? [];
  if (storageOf(column.type) === 'codes') return (v) => (v < 0 ? MISSING_TEXT : v < dict.length ? dict[v] : `#${v}`);
  return (v) => (v !== v ? MISSING_TEXT : formatValue(column, v, dict));
}

/** A missing-value test for the column's storage: NaN for numbers, -1 (any negative) for codes. */
export function missingTest(column: ColumnSchema): (v: number) => boolean {
  return storageOf(column.type) === 'codes' ? (v) => v < 0 : (v) => v !== v;
}

/** Counts offending rows and keeps the first MAX_EXAMPLES (1-based rows). */
export class Offenders {
  count = 0;
  readonly examples: Example[] = [];
  constructor(private readonly format: (v: number) => string) {}
  /** `row` is the 0-based row index. */
  add(row: number, v: number): void {
    this.count++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ row: row + 1, value: this.format(v) });
  }
}

export function outcome(expectation: Expectation, passed: boolean, observed: string | number, offenders?: Offenders): ExpectationResult {
  return { expectation, passed, observed, failures: offenders?.count ?? 0, examples: offenders ? offenders.examples.slice() : [] };
}

/** A checker whose result is known from the schema alone. */
export function fixed(expectation: Expectation, passed: boolean, observed: string | number): Checker {
  return { needsData: false, consume() {}, result: () => outcome(expectation, passed, observed) };
}

/** "integer, float or datetime" */
export function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Names, shortened after `max` of them: "a, b, c and 12 more". */
export function listNames(names: readonly string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

