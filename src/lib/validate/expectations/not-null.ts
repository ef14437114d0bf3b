import { COLUMN_TYPES } from '../../data/types';
import { validateWith } from '../params';
import type { ExpectationDef } from '../types';
import { missingChecker } from './missing';

/** No value of the column is missing. Observed: the number of missing rows. */
export const notNull: ExpectationDef = {
  type: 'not-null',
  label: 'Not null',
  description: 'No value is missing.',
  columnTypes: COLUMN_TYPES,
  params: [],
  validate: (p) => validateWith([], p),
  check: ({ expectation, column }) => missingChecker(expectation, column!, (missing) => [missing === 0, missing]),
};
