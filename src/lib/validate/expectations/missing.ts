/** Counting missing values, shared by not-null and max-missing-share. */
import type { ColumnSchema } from '../../data/types';
import type { Checker, Expectation } from '../types';
import { cellFormatter, missingTest, Offenders, outcome } from './shared';

/** Counts missing rows; `verdict` turns (missing, rows) into passed and the observed value. */
export function missingChecker(expectation: Expectation, column: ColumnSchema, verdict: (missing: number, rows: number) => [boolean, string | number]): Checker {
  const isMissing = missingTest(column);
  const offenders = new Offenders(cellFormatter(column, undefined));
  let rows = 0;
  return {
    needsData: true,
    consume(chunk, firstRow) {
      rows += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (isMissing(chunk[i])) offenders.add(firstRow + i, chunk[i]);
    },
    result() {
      const [passed, observed] = verdict(offenders.count, rows);
      return outcome(expectation, passed, observed, offenders);
    },
  };
}
