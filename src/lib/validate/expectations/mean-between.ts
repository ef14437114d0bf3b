import { boundValue, rangeErrors, validateWith } from '../params';
import type { ExpectationDef, ParamSpec } from '../types';
import { outcome } from './shared';

const PARAMS: ParamSpec[] = [
  { name: 'min', kind: 'number', default: null, help: 'the smallest mean allowed; empty: no lower bound' },
  { name: 'max', kind: 'number', default: null, help: 'the largest mean allowed; empty: no upper bound' },
];

/** The mean of the non-missing values lies in [min, max]. A column without values fails (its mean is undefined). */
export const meanBetween: ExpectationDef = {
  type: 'mean-between',
  label: 'Mean between',
  description: 'The mean of the values lies between min and max (inclusive).',
  columnTypes: ['integer', 'float'],
  params: PARAMS,
  validate: (p) => validateWith(PARAMS, p, rangeErrors),
  check: ({ expectation, params }) => {
    const lo = boundValue(params.min) ?? -Infinity, hi = boundValue(params.max) ?? Infinity;
    // Welford's running mean: no overflow or loss from a huge running sum.
    let n = 0, mean = 0;
    return {
      needsData: true,
      consume(chunk) {
        for (let i = 0; i < chunk.length; i++) {
          const v = chunk[i];
          if (v === v) mean += (v - mean) / ++n;
        }
      },
      result: () => (n === 0 ? outcome(expectation, false, 'no values') : outcome(expectation, mean >= lo && mean <= hi, mean)),
    };
  },
};
