/**
 * A deployment's dataset validation suite applied to prediction inputs, row by row: each rule
 * that judges single rows (not-null, between, in-set, …: those that count failing rows) is run on
 * each row of the raw input table; a broken rule is a soft 'suite' violation of that row (counted
 * and logged, the row is still predicted). Table-level and aggregate rules (row counts, means,
 * missing shares, uniqueness) say nothing about one request and are left to the monitoring stage.
 */
import { isNumeric, type Table } from '../recipe/table';
import { createChecker } from '../validate/checker';
import type { Suite } from '../validate/types';
import type { ExtraCheck } from './predictor';
import type { Violation } from './types';

const SKIP = new Set(['unique', 'row-count-between', 'mean-between', 'max-missing-share', 'column-exists', 'column-type']);

export function suiteCheck(suite: Suite): ExtraCheck {
  const rules = suite.expectations.filter((e) => e.column !== undefined && !SKIP.has(e.type));
  return (raw: Table) => {
    const out = new Map<number, Violation[]>();
    for (const e of rules) {
      const col = raw.columns.find((c) => c.name === e.column);
      if (!col) continue;
      const schema = { name: col.name, type: col.type, role: col.role };
      const dictionary = isNumeric(col) ? undefined : col.dictionary;
      for (let i = 0; i < raw.rows; i++) {
        const checker = createChecker(e, schema, dictionary);
        if (!checker.needsData) continue;
        checker.consume(isNumeric(col) ? col.values.subarray(i, i + 1) : col.codes.subarray(i, i + 1), 0);
        const r = checker.result();
        if (r.passed || r.failures === 0) continue;
        const v: Violation = { column: col.name, kind: 'suite', message: `'${col.name}' breaks the suite rule ${e.type} (${suite.name} v${suite.version}): ${r.observed}.` };
        const have = out.get(i);
        if (have) have.push(v);
        else out.set(i, [v]);
      }
    }
    return out;
  };
}
