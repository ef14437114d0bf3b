/**
 * Moving runs in and out of Benchtop as files: JSON (`benchtop-runs-v1`, the whole run with its
 * metric history and artifacts, see exchange-format.ts) and CSV (one row a run, for
 * spreadsheets). Export reads in one transaction; import writes in one (all or nothing).
 */
import type { DB } from '../store/db';
import { readRunBundles } from './exchange-bundle';
import { encodeNumber, exportArtifact, RUNS_FORMAT, type ExportedRun, type RunsFile } from './exchange-format';

export { exportRunsCsv } from './exchange-csv';
export { importRunsJson, type ImportOptions, type ImportResult } from './exchange-import';
export { loadRunBundles, readRunBundles, type RunBundle } from './exchange-bundle';
export { RUNS_FORMAT, type RunsFile, type ExportedRun, type ExportedArtifact, type MetricPoint } from './exchange-format';

/** The runs (with their experiments, metric histories and artifacts) as a `benchtop-runs-v1` file (the parsed form). */
export async function exportRunsFile(db: DB, runIds: readonly string[]): Promise<RunsFile> {
  const { bundles, experiments } = await readRunBundles(db, runIds);
  const runs: ExportedRun[] = bundles.map(({ run, metrics, artifacts }) => ({
    run: {
      ...run,
      metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, encodeNumber(v)])),
      ...(run.metricRange ? { metricRange: Object.fromEntries(Object.entries(run.metricRange).map(([k, [a, b]]) => [k, [encodeNumber(a), encodeNumber(b)]])) } : {}),
    } as ExportedRun['run'],
    metrics: metrics.map((m) => ({ key: m.key, step: m.step, value: encodeNumber(m.value), timestamp: m.timestamp })),
    artifacts: artifacts.map(exportArtifact),
  }));
  return { format: RUNS_FORMAT, exported: Date.now(), experiments, runs };
}

/** The runs as Benchtop's JSON export (`benchtop-runs-v1`); an unknown run id is NOT_FOUND. */
export async function exportRunsJson(db: DB, runIds: readonly string[]): Promise<string> {
  return JSON.stringify(await exportRunsFile(db, runIds));
}
