/**
 * Drift of one column between the reference and a window, through the drift-test registry
 * (stats/): the test a column setting names, or the default choice for its kind, reference size
 * and distinct values; its threshold (the setting's, else the test's default); the result with
 * the method and threshold used, and small shared-bin histograms for the UI. Reference samples
 * are built once per column and test input kind.
 */
import { BenchtopError } from '../errors';
import type { SignatureInput } from '../registry/types';
import { histograms, sampleOf, type Values } from './columns';
import { DRIFT_TESTS, DRIFT_TEST_IDS, datasetDrift, defaultTest, driftTest, testedKind } from './stats';
import type { ColumnDrift, ColumnSetting, DriftColumnKind, DriftSample, DriftTest, DriftTestMeta } from './types';

const TESTS: readonly DriftTest[] = Object.values(DRIFT_TESTS);
export const testIds = (): string[] => [...DRIFT_TEST_IDS];

/** The test with that id; BAD_MONITOR listing the ids when unknown. */
export const testById = (id: string): DriftTest => driftTest(id);

export const testMeta = (id: string): DriftTestMeta => testById(id).meta;

const labelKinds: readonly DriftColumnKind[] = ['categorical', 'binary'];

/** Checks one watched column's setting against its signature input. */
export function checkColumnSetting(c: ColumnSetting, input: Pick<SignatureInput, 'name' | 'type'>): ColumnSetting {
  const out: ColumnSetting = { column: c.column };
  if (c.method !== undefined && c.method !== null && c.method !== '') {
    const meta = testMeta(c.method);
    const numeric = input.type === 'integer' || input.type === 'float' || input.type === 'datetime';
    // Numeric columns take any test (label tests see the values as labels); label columns only label tests.
    if (!numeric && !meta.kinds.some((k) => labelKinds.includes(k))) {
      const fit = TESTS.filter((t) => t.meta.kinds.some((k) => labelKinds.includes(k))).map((t) => t.meta.id);
      throw new BenchtopError('BAD_MONITOR', `${meta.label} tests numeric columns only; "${c.column}" is ${input.type}. Tests for it: ${fit.join(', ')}.`, { field: 'method', column: c.column, choices: fit });
    }
    out.method = meta.id;
  }
  if (c.threshold !== undefined && c.threshold !== null) {
    if (typeof c.threshold !== 'number' || !Number.isFinite(c.threshold) || c.threshold < 0) {
      throw new BenchtopError('BAD_MONITOR', `The drift threshold of "${c.column}" must be a number ≥ 0; got ${JSON.stringify(c.threshold)}.`, { field: 'threshold', column: c.column });
    }
    out.threshold = c.threshold;
  }
  return out;
}

/** Whether a result's score is a p-value (drift when low) or a distance (drift when high). */
export function driftSeverity(c: { method: string }): 'p_value' | 'distance' {
  return TESTS.find((t) => t.meta.id === c.method)?.meta.scoreKind ?? 'distance';
}

/** The test and threshold for a column: the setting's, else the default for its kind, reference rows and distinct values. */
export function chooseTest(kind: DriftColumnKind, referenceRows: number, distinct: number, setting?: Pick<ColumnSetting, 'method' | 'threshold'>): { test: DriftTest; threshold: number } {
  const test = driftTest(setting?.method || defaultTest(kind, referenceRows, distinct));
  return { test, threshold: setting?.threshold ?? test.meta.defaultThreshold };
}

const samples = new WeakMap<Values, Map<string, DriftSample>>();

/** The reference sample of a column for a test's input kinds (built once). */
function referenceSample(v: Values, tested: DriftColumnKind, kinds: readonly DriftColumnKind[]): DriftSample {
  let m = samples.get(v);
  if (!m) samples.set(v, (m = new Map()));
  const key = `${tested}:${kinds.join(',')}`;
  let s = m.get(key);
  if (!s) m.set(key, (s = sampleOf(v, tested, kinds)));
  return s;
}

/**
 * Drift of one column (null when either side has no value to compare, or the test cannot score
 * these samples). Numeric columns with few values are tested as labels (stats/defaults testedKind).
 */
export function columnDrift(column: string, kind: DriftColumnKind, reference: Values, current: Values, referenceRows: number, distinct: number, setting?: Pick<ColumnSetting, 'method' | 'threshold'>): ColumnDrift | null {
  const { test, threshold } = chooseTest(kind, referenceRows, distinct, setting);
  const tested = testedKind(kind, distinct);
  const ref = referenceSample(reference, tested, test.meta.kinds);
  const cur = sampleOf(current, tested, test.meta.kinds);
  if (ref.values.length === 0 || cur.values.length === 0) return null;
  let r;
  try {
    r = test.run(ref, cur, threshold);
  } catch {
    return null;
  }
  const h = histograms(ref, cur);
  return {
    column, kind, method: test.meta.id, threshold: r.threshold, score: r.score, ...(r.statistic !== undefined ? { statistic: r.statistic } : {}),
    drifted: r.drifted, reference: h.reference, current: h.current,
  };
}

/** The dataset drifts when at least `share` of the scored columns drift. */
export function datasetDriftOf(columns: readonly Pick<ColumnDrift, 'drifted'>[], share: number): { share: number; drifted: boolean } {
  const d = datasetDrift(columns, share);
  return { share: d.share, drifted: d.drifted };
}
