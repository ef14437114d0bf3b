import { storageOf } from '../../data/types';
import { validateWith } from '../params';
import type { Checker, CheckContext, ExpectationDef } from '../types';
import { cellFormatter, Offenders, outcome } from './shared';

/**
 * No non-missing value occurs twice. Each row repeating a value seen in an earlier row is an
 * offending row. Observed: the number of such rows. Dictionary codes are tracked in a bitmap
 * (one byte a category), numbers in a hash set.
 */
function check({ expectation, column, dictionary }: CheckContext): Checker {
  const offenders = new Offenders(cellFormatter(column!, dictionary));
  const codes = storageOf(column!.type) === 'codes';
  const bitmap = codes && dictionary ? new Uint8Array(dictionary.length) : null;
  const set = new Set<number>();
  return {
    needsData: true,
    consume(chunk, firstRow) {
      for (let i = 0; i < chunk.length; i++) {
        const v = chunk[i];
        if (codes ? v < 0 : v !== v) continue;
        if (bitmap && v < bitmap.length) {
          if (bitmap[v]) offenders.add(firstRow + i, v);
          else bitmap[v] = 1;
        } else if (set.has(v)) offenders.add(firstRow + i, v);
        else set.add(v);
      }
    },
    result: () => outcome(expectation, offenders.count === 0, offenders.count, offenders),
  };
}

export const unique: ExpectationDef = {
  type: 'unique',
  label: 'Unique',
  description: 'No value occurs twice (missing values aside); for identifiers.',
  columnTypes: ['identifier', 'integer', 'float', 'categorical', 'text', 'datetime'],
  params: [],
  validate: (p) => validateWith([], p),
  check,
};
