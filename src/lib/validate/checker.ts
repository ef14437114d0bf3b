import type { ColumnSchema } from '../data/types';
import { BenchtopError } from '../errors';
import { EXPECTATION_TYPES, expectationDef } from './expectations/registry';
import { fixed, listNames, listOr } from './expectations/shared';
import { withDefaults } from './params';
import type { Checker, Expectation } from './types';

/**
 * The checker of one expectation against one column (`column` undefined: not in the schema;
 * ignored for table rules). A missing column or a column of a type the rule does not apply to
 * gives a failed result, not an error. `columns`, when given, are listed in the not-found message.
 * Params are assumed valid (see validateParams).
 */
export function createChecker(expectation: Expectation, column: ColumnSchema | undefined, dictionary?: string[], columns?: readonly string[]): Checker {
  const def = expectationDef(expectation.type);
  if (!def) throw new BenchtopError('BAD_SCHEMA', `Unknown expectation type "${expectation.type}"; types are ${EXPECTATION_TYPES.join(', ')}.`, { type: expectation.type, choices: EXPECTATION_TYPES });
  const params = withDefaults(def.params, expectation.params);
  if (def.columnTypes === 'table') return def.check({ expectation, params });
  if (!column) return fixed(expectation, false, columns ? `column not found; columns are ${listNames(columns)}` : 'column not found');
  if (!def.columnTypes.includes(column.type)) {
    return fixed(expectation, false, `${def.type} applies to ${listOr(def.columnTypes)} columns; "${column.name}" is ${column.type}`);
  }
  return def.check({ expectation, params, column, dictionary });
}
