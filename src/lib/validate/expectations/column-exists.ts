import { COLUMN_TYPES } from '../../data/types';
import { validateWith } from '../params';
import type { ExpectationDef } from '../types';
import { fixed } from './shared';

/** The column is in the version's schema. A missing column is failed before any check runs (see createChecker). */
export const columnExists: ExpectationDef = {
  type: 'column-exists',
  label: 'Column exists',
  description: 'The column is present.',
  columnTypes: COLUMN_TYPES,
  params: [],
  validate: (p) => validateWith([], p),
  check: ({ expectation, column }) => fixed(expectation, column !== undefined, column ? `present (${column.type})` : 'column not found'),
};
