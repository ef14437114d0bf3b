import { CancelledError } from '../errors';
import { ingest, type IngestHooks } from '../data/ingest';
import { chunkToCsv, csvHeader } from '../data/export';
import type { ImportPreview } from '../data/preview';
import type { ImportOutcome, ImportRequest, Progress } from '../protocol';
import type { DB } from './db';
import { discardStaging, stagingSink, withStaging } from './staging';
import { commitVersion, getVersion, readChunk, readDictionary } from './versions';

/**
 * Imports a file end to end: stage chunks, ingest, commit in one transaction. Any failure or
 * cancel discards the staged chunks, so a failed import writes nothing.
 */
export async function runImport(
  db: DB,
  file: Blob,
  req: ImportRequest,
  preview: Pick<ImportPreview, 'fileName' | 'size' | 'sourceSample'>,
  hooks: IngestHooks,
): Promise<ImportOutcome> {
  const started = performance.now();
  return withStaging(db, async (storageKey): Promise<ImportOutcome> => {
    const result = await ingest(file, { format: req.format, delimiter: req.delimiter, columns: req.columns, fixed: req.fixed, skipMalformed: req.skipMalformed }, stagingSink(db, storageKey), hooks);
    if (hooks.cancelled?.()) throw new CancelledError();
    hooks.progress?.({ kind: 'progress', phase: 'store', done: 0, total: 1, rows: result.rows });
    const tCommit = performance.now();
    const dictBytes = result.dictionaries.reduce((s, d) => s + d.reduce((t, v) => t + v.length * 2, 0), 0);
    const { datasetId, existed } = await commitVersion(db, {
      datasetId: req.datasetId,
      name: req.name,
      dictionaries: result.dictionaries,
      version: {
        id: result.id,
        recipeId: null,
        rows: result.rows,
        columns: result.columns,
        profile: result.profile,
        source: { fileName: preview.fileName, size: preview.size, format: req.format, delimiter: req.delimiter, sample: preview.sourceSample },
        notices: [...(req.notices ?? []), ...result.notices],
        storageKey,
        chunks: result.chunks,
        bytes: result.bytes + dictBytes,
      },
    });
    if (existed) await discardStaging(db, storageKey);
    hooks.progress?.({ kind: 'progress', phase: 'store', done: 1, total: 1, rows: result.rows });
    const end = performance.now();
    return { datasetId, versionId: result.id, existed, rows: result.rows, notices: result.notices, ms: end - started, timings: { ...result.timings, commit: end - tCommit } };
  });
}

/** Renders a stored version as CSV, chunk by chunk, into a Blob. */
export async function exportVersionCsv(db: DB, versionId: string, progress?: (p: Progress) => void, cancelled?: () => boolean): Promise<Blob> {
  const v = await getVersion(db, versionId);
  if (!v) throw new Error(`No dataset version ${versionId}.`);
  const dicts = await Promise.all(v.columns.map((_, c) => readDictionary(db, v, c)));
  const parts: string[] = [csvHeader(v.columns)];
  for (let k = 0; k < v.chunks; k++) {
    if (cancelled?.()) throw new CancelledError('Export cancelled.');
    const data = await Promise.all(v.columns.map((_, c) => readChunk(db, v, c, k)));
    parts.push(chunkToCsv(v.columns, data, dicts));
    progress?.({ kind: 'progress', phase: 'export', done: k + 1, total: v.chunks, rows: Math.min(v.rows, (k + 1) * data[0].length) });
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
