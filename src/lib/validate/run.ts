/** Running a suite against a stored version, chunk by chunk (meant for a worker). */
import type { ColumnSchema } from '../data/types';
import { BenchtopError, CancelledError } from '../errors';
import { createChecker } from './checker';
import { validateParams } from './problems';
import type { Checker, Chunk, ExpectationResult, Suite } from './types';

export interface RunHooks {
  /** Chunk reads done of total. */
  progress?(done: number, total: number): void;
  /** Polled before each chunk read; true stops the run with a CancelledError. */
  cancelled?(): boolean;
  /** Recorded in the report. */
  datasetVersion?: string;
}

export interface SuiteReport {
  suiteId: string;
  suiteVersion: number;
  datasetVersion?: string;
  passed: number;
  failed: number;
  /** One per expectation, in suite order. */
  results: ExpectationResult[];
  rows: number;
  ms: number;
}

/**
 * Checks every expectation of `suite` against a version of `rows` rows stored as `chunks` chunks
 * a column. Chunks are read one at a time, each column only when some expectation needs its
 * values, and handed to every checker of that column; table rules count the rows of the first
 * column read. Memory: one chunk plus what the checkers keep (unique keeps a set of values).
 * Throws BAD_SCHEMA for invalid params or chunks that disagree with `rows`; a missing column or
 * a rule on a column of the wrong type is a failed result.
 */
export async function runSuite(
  suite: Suite,
  schema: ColumnSchema[],
  dictionaries: (string[] | undefined)[],
  readChunk: (column: number, chunk: number) => Promise<Chunk>,
  rows: number,
  chunks: number,
  hooks: RunHooks = {},
): Promise<SuiteReport> {
  const t0 = performance.now();
  validateParams(suite.expectations);
  const names = schema.map((c) => c.name);
  const index = new Map(names.map((n, i) => [n, i]));
  const byColumn = new Map<number, Checker[]>();
  const table: Checker[] = [];
  const checkers = suite.expectations.map((e) => {
    const i = e.column === undefined ? -1 : (index.get(e.column) ?? -1);
    const checker = createChecker(e, i >= 0 ? schema[i] : undefined, i >= 0 ? dictionaries[i] : undefined, names);
    if (checker.needsData) {
      if (e.column === undefined) table.push(checker);
      else byColumn.set(i, [...(byColumn.get(i) ?? []), checker]);
    }
    return checker;
  });
  const columns = [...byColumn.keys()].sort((a, b) => a - b);
  if (columns.length === 0 && table.length > 0 && schema.length > 0) columns.push(0);
  const total = chunks * columns.length;
  let done = 0, firstRow = 0;
  for (let c = 0; c < chunks && columns.length > 0; c++) {
    let length = -1;
    for (const col of columns) {
      if (hooks.cancelled?.()) throw new CancelledError('Validation cancelled.');
      const data = await readChunk(col, c);
      if (length < 0) {
        length = data.length;
        for (const t of table) t.consume(data, firstRow);
      } else if (data.length !== length) {
        throw new BenchtopError('BAD_SCHEMA', `Chunk ${c} of column "${names[col]}" holds ${data.length} rows; other columns hold ${length}.`, { chunk: c, column: names[col] });
      }
      for (const checker of byColumn.get(col) ?? []) checker.consume(data, firstRow);
      hooks.progress?.(++done, total);
    }
    firstRow += length;
  }
  if (columns.length > 0 && firstRow !== rows) {
    throw new BenchtopError('BAD_SCHEMA', `The version's chunks hold ${firstRow} rows but it records ${rows}.`, { rows, chunkRows: firstRow });
  }
  const results = checkers.map((c) => c.result());
  const passed = results.filter((r) => r.passed).length;
  return {
    suiteId: suite.id,
    suiteVersion: suite.version,
    ...(hooks.datasetVersion ? { datasetVersion: hooks.datasetVersion } : {}),
    passed,
    failed: results.length - passed,
    results,
    rows,
    ms: performance.now() - t0,
  };
}
