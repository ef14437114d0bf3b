import { COLUMN_TYPES } from '../../data/types';
import { validateWith } from '../params';
import type { ExpectationDef, ParamSpec } from '../types';
import { fixed } from './shared';

const PARAMS: ParamSpec[] = [{ name: 'type', kind: 'column-type', default: null, required: true, help: `the expected type: ${COLUMN_TYPES.join(', ')}` }];

/** The column has the given type. Decided from the schema: no rows are read. */
export const columnType: ExpectationDef = {
  type: 'column-type',
  label: 'Column type',
  description: 'The column has this type.',
  columnTypes: COLUMN_TYPES,
  params: PARAMS,
  validate: (p) => validateWith(PARAMS, p),
  check: ({ expectation, column, params }) => fixed(expectation, column?.type === params.type, column?.type ?? 'column not found'),
};
