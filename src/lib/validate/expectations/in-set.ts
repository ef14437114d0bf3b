import { storageOf } from '../../data/types';
import { validateWith } from '../params';
import type { Checker, CheckContext, ExpectationDef, ParamSpec } from '../types';
import { cellFormatter, Offenders, outcome } from './shared';

const PARAMS: ParamSpec[] = [{ name: 'values', kind: 'strings', default: null, required: true, help: 'the allowed categories, e.g. ["red", "green"]; "true"/"false" for boolean columns' }];

/** Categories outside the set shown in `observed` before "and N more". */
const SHOWN = 10;

/**
 * Every non-missing value is one of `values` (compared as text). Missing values are left to
 * not-null / max-missing-share. Observed: the categories outside the set with their row counts.
 */
function check({ expectation, column, params, dictionary }: CheckContext): Checker {
  const allowed = new Set(params.values as string[]);
  const format = cellFormatter(column!, dictionary);
  const offenders = new Offenders(format);
  /** Offending stored value (code or number) -> rows. */
  const outside = new Map<number, number>();
  let ok: (v: number) => boolean;
  if (storageOf(column!.type) === 'codes') {
    const dict = dictionary ?? [];
    const inSet = Uint8Array.from(dict, (s) => (allowed.has(s) ? 1 : 0));
    ok = (v) => v < 0 || inSet[v] === 1;
  } else {
    // Boolean columns hold 1/0; any other number column is compared by its text.
    ok = (v) => v !== v || allowed.has(format(v));
  }
  return {
    needsData: true,
    consume(chunk, firstRow) {
      for (let i = 0; i < chunk.length; i++) {
        const v = chunk[i];
        if (ok(v)) continue;
        offenders.add(firstRow + i, v);
        outside.set(v, (outside.get(v) ?? 0) + 1);
      }
    },
    result() {
      const seen = [...outside].sort((a, b) => b[1] - a[1]);
      const listed = seen.slice(0, SHOWN).map(([v, n]) => `${format(v)} (${n})`).join(', ');
      const observed = seen.length === 0 ? 'none outside the set' : seen.length > SHOWN ? `${listed} and ${seen.length - SHOWN} more` : listed;
      return outcome(expectation, offenders.count === 0, observed, offenders);
    },
  };
}

export const inSet: ExpectationDef = {
  type: 'in-set',
  label: 'Values in set',
  description: 'Every value is one of the allowed categories.',
  columnTypes: ['categorical', 'boolean', 'text'],
  params: PARAMS,
  validate: (p) => validateWith(PARAMS, p),
  check,
};
