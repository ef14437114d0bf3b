/** Checking a list of expectations before it is stored or run. */
import { BenchtopError } from '../errors';
import { EXPECTATION_TYPES, expectationDef } from './expectations/registry';
import { show } from './params';
import type { Expectation } from './types';

export interface ExpectationProblem {
  /** 0-based position in the list (messages say #1, #2, ...). */
  index: number;
  id: string;
  message: string;
}

/** "#3 (between on "age")" */
function where(e: Expectation, index: number): string {
  const type = typeof e?.type === 'string' ? e.type : 'expectation';
  return `#${index + 1} (${type}${typeof e?.column === 'string' ? ` on "${e.column}"` : ''})`;
}

/** Every problem of the list, for an editor to show beside each expectation; [] when all are valid. */
export function expectationProblems(expectations: readonly Expectation[]): ExpectationProblem[] {
  const out: ExpectationProblem[] = [];
  const ids = new Set<string>();
  expectations.forEach((e, index) => {
    const add = (message: string) => out.push({ index, id: typeof e?.id === 'string' ? e.id : '', message: `Expectation ${where(e, index)}: ${message}` });
    if (!e || typeof e !== 'object') return add(`must be an object; got ${show(e)}`);
    if (typeof e.id !== 'string' || e.id === '') add('needs an "id" (a non-empty string)');
    else if (ids.has(e.id)) add(`id "${e.id}" is used twice; ids must be unique within a suite`);
    else ids.add(e.id);
    const def = typeof e.type === 'string' ? expectationDef(e.type) : undefined;
    if (!def) return add(`unknown type ${show(e.type)}; types are ${EXPECTATION_TYPES.join(', ')}`);
    if (def.columnTypes === 'table') {
      if (e.column !== undefined) add(`${def.type} is a table rule and takes no column; got column ${show(e.column)}`);
    } else if (typeof e.column !== 'string' || e.column === '') add(`${def.type} needs a "column" (a column name)`);
    if (!e.params || typeof e.params !== 'object' || Array.isArray(e.params)) return add(`"params" must be an object; got ${show(e.params)}`);
    for (const m of def.validate(e.params)) add(m);
  });
  return out;
}

/** Throws BAD_SCHEMA listing every problem (detail.problems) unless the expectations are all valid. */
export function validateParams(expectations: readonly Expectation[]): void {
  const problems = expectationProblems(expectations);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 5).map((p) => p.message);
  if (problems.length > 5) shown.push(`... and ${problems.length - 5} more problems`);
  throw new BenchtopError('BAD_SCHEMA', shown.join('\n'), { problems });
}
