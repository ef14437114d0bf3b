/**
 * The holdout the promotion gate scores a retrained candidate and the champion on. Both must read
 * raw inputs (the champion's recipes differ from the candidate's refitted ones), and the rows must
 * be ones the candidate never trained on. When the new data went through a recipe that kept every
 * row and the run held out the recipe's split (hold-out 'split column'), the holdout is the raw new
 * data plus that split column (stored as a version, parent: the raw data), and the gate scores its
 * test rows: exactly the candidate's test rows. Otherwise it is the prepared version itself (its
 * test rows when it has a split column), and the answer says so.
 */
import { tableToColumns } from '../store/prep';
import { columnsToVersion } from '../data/derive';
import { splitColumnName } from '../data/split-column';
import { findSplitColumn } from '../ml/dataset-holdout';
import type { DB } from '../store/db';
import { loadTable } from '../store/prep';
import { discardStaging, stagingSink, withStaging } from '../store/staging';
import { commitVersion, getVersion } from '../store/versions';

export interface Holdout {
  versionId: string;
  /** How its rows relate to the candidate's training, for the record. */
  note: string;
}

export async function holdoutFor(db: DB, rawId: string, preparedId: string, heldOutBySplitColumn: boolean): Promise<Holdout> {
  const raw = await getVersion(db, rawId), prepared = await getVersion(db, preparedId);
  const short = preparedId.slice(0, 12);
  if (!raw || !prepared || raw.id === prepared.id || !heldOutBySplitColumn || raw.rows !== prepared.rows) {
    return { versionId: preparedId, note: `version ${short} as prepared (its test rows when it has a split column)` };
  }
  const split = findSplitColumn(await loadTable(db, prepared));
  if (!split) return { versionId: preparedId, note: `version ${short} as prepared (no split column: every row)` };
  const t = await loadTable(db, raw);
  const name = splitColumnName(t.columns.map((c) => c.name));
  const table = { rows: t.rows, columns: [...t.columns, { name, type: 'categorical' as const, role: 'ignore' as const, codes: split.codes, dictionary: split.dictionary }] };
  return withStaging(db, async (storageKey) => {
    const result = await columnsToVersion(tableToColumns(table), table.rows, stagingSink(db, storageKey));
    const dictBytes = result.dictionaries.reduce((s, d) => s + d.reduce((u, x) => u + x.length * 2, 0), 0);
    const { existed } = await commitVersion(db, {
      datasetId: raw.datasetId, name: 'holdout', parent: raw.id, dictionaries: result.dictionaries,
      version: {
        id: result.id, recipeId: null, rows: result.rows, columns: result.columns, profile: result.profile,
        source: { ...raw.source, sample: `Raw version ${raw.id.slice(0, 12)} with the split column of ${short}: the retrained model's test rows, as raw inputs, for the promotion gate` },
        notices: result.notices, storageKey, chunks: result.chunks, bytes: result.bytes + dictBytes,
      },
    });
    if (existed) await discardStaging(db, storageKey);
    return { versionId: result.id, note: `the raw new data's test rows (the split the candidate held out; version ${result.id.slice(0, 12)})` };
  });
}
