import { COLUMN_TYPES } from '../../data/types';
import { validateWith } from '../params';
import type { ExpectationDef, ParamSpec } from '../types';
import { missingChecker } from './missing';

const PARAMS: ParamSpec[] = [{ name: 'max', kind: 'share', default: 0, help: 'the largest share of missing values allowed, 0 to 1 (0.05 is 5%)' }];

/**
 * The share of missing values is at most `max`. Observed: the share (0 for an empty version).
 * Failures count every missing row, also when the share is within the limit.
 */
export const maxMissingShare: ExpectationDef = {
  type: 'max-missing-share',
  label: 'Missing share at most',
  description: 'At most this share of the values is missing.',
  columnTypes: COLUMN_TYPES,
  params: PARAMS,
  validate: (p) => validateWith(PARAMS, p),
  check: ({ expectation, column, params }) =>
    missingChecker(expectation, column!, (missing, rows) => {
      const share = rows > 0 ? missing / rows : 0;
      return [share <= (params.max as number), share];
    }),
};
