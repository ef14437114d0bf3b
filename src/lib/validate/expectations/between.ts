import { boundValue, rangeErrors, show, validateWith } from '../params';
import type { Checker, CheckContext, ExpectationDef, ParamSpec } from '../types';
import { cellFormatter, fixed, Offenders, outcome } from './shared';

const PARAMS: ParamSpec[] = [
  { name: 'min', kind: 'bound', default: null, help: 'the smallest value allowed (an ISO date for datetime columns); empty: no lower bound' },
  { name: 'max', kind: 'bound', default: null, help: 'the largest value allowed (an ISO date for datetime columns); empty: no upper bound' },
  { name: 'strict', kind: 'boolean', default: false, help: 'true: the bounds themselves are not allowed' },
];

/** A date bound (a string) given for a column that holds no dates: the problem, else null. */
export function dateBoundProblem(ctx: CheckContext): string | null {
  if (ctx.column!.type === 'datetime') return null;
  for (const name of ['min', 'max']) {
    const v = ctx.params[name];
    if (typeof v === 'string') return `"${name}" is a date (${show(v)}) but "${ctx.column!.name}" is ${ctx.column!.type}`;
  }
  return null;
}

/**
 * Every non-missing value lies in [min, max] ((min, max) when strict). Missing values are left
 * to not-null / max-missing-share. Observed: the column's min and max ("no values" when none).
 */
function check(ctx: CheckContext): Checker {
  const { expectation, column, params } = ctx;
  const problem = dateBoundProblem(ctx);
  if (problem) return fixed(expectation, false, problem);
  const lo = boundValue(params.min) ?? -Infinity, hi = boundValue(params.max) ?? Infinity;
  const strict = params.strict === true;
  const format = cellFormatter(column!, undefined);
  const offenders = new Offenders(format);
  let min = Infinity, max = -Infinity;
  return {
    needsData: true,
    consume(chunk, firstRow) {
      for (let i = 0; i < chunk.length; i++) {
        const v = chunk[i];
        if (v !== v) continue;
        if (v < min) min = v;
        if (v > max) max = v;
        if (strict ? !(v > lo && v < hi) : !(v >= lo && v <= hi)) offenders.add(firstRow + i, v);
      }
    },
    result() {
      const observed = min <= max ? `min ${format(min)}, max ${format(max)}` : 'no values';
      return outcome(expectation, offenders.count === 0, observed, offenders);
    },
  };
}

export const between: ExpectationDef = {
  type: 'between',
  label: 'Values between',
  description: 'Every value lies between min and max (inclusive unless strict).',
  columnTypes: ['integer', 'float', 'datetime'],
  params: PARAMS,
  validate: (p) => validateWith(PARAMS, p, rangeErrors),
  check,
};
