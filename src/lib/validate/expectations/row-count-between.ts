import { rangeErrors, validateWith } from '../params';
import type { ExpectationDef, ParamSpec } from '../types';
import { outcome } from './shared';

const PARAMS: ParamSpec[] = [
  { name: 'min', kind: 'count', default: null, help: 'the fewest rows allowed; empty: no lower bound' },
  { name: 'max', kind: 'count', default: null, help: 'the most rows allowed; empty: no upper bound' },
];

/** The table has between min and max rows (inclusive). Counts the rows of the chunks it is given. */
export const rowCountBetween: ExpectationDef = {
  type: 'row-count-between',
  label: 'Row count between',
  description: 'The number of rows lies between min and max (inclusive).',
  columnTypes: 'table',
  params: PARAMS,
  validate: (p) => validateWith(PARAMS, p, rangeErrors),
  check: ({ expectation, params }) => {
    const lo = (params.min as number | null) ?? 0, hi = (params.max as number | null) ?? Infinity;
    let rows = 0;
    return {
      needsData: true,
      consume(chunk, firstRow) {
        rows = Math.max(rows, firstRow + chunk.length);
      },
      result: () => outcome(expectation, rows >= lo && rows <= hi, rows),
    };
  },
};
