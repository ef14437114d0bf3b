/**
 * "The reference plus labelled production data" as a new dataset version to retrain on: every row
 * of the reference dataset version (the training data's root version, or the monitor's chosen
 * version) followed by the monitored predictions that have a ground-truth label, their logged raw
 * inputs coerced to the reference's column types and the label as the target. Columns the log
 * does not hold are missing on the production rows. Stored like a recipe's output (same chunks,
 * profile and content id as importing the same data) as a new version of the reference's dataset
 * whose parent is the reference version.
 */
import { BenchtopError } from '../errors';
import { columnsToVersion, type FullColumn } from '../data/derive';
import type { ColumnSchema } from '../data/types';
import type { ModelVersionRecord } from '../registry/types';
import { isNumeric } from '../recipe/table';
import { compileSignature } from '../serve/validate-input';
import type { DB } from '../store/db';
import { loadTable } from '../store/prep';
import { discardStaging, stagingSink, withStaging } from '../store/staging';
import { commitVersion, getVersion } from '../store/versions';
import { cellValues, type Values } from './columns';
import { requireMonitor, servedVersion } from './monitors';
import { trainingRoot } from './reference';
import { readSlice, type Cell } from './slice';

export interface LabelledVersion {
  datasetId: string;
  versionId: string;
  /** Reference rows, labelled production rows, and all rows. */
  referenceRows: number;
  labelled: number;
  rows: number;
  existed: boolean;
}

/** Cells of one column as the reference column's storage (labels for codes, numbers otherwise). */
function coerce(schema: ColumnSchema, cells: readonly Cell[], v: ModelVersionRecord): Values {
  const sig = { inputs: [{ name: schema.name, type: schema.type, required: false, ...(schema.dateFormat ? { format: schema.dateFormat } : {}) }], output: v.signature.output };
  return cellValues(cells, compileSignature(sig).inputs[0]);
}

export async function labelledVersion(db: DB, monitorId: string): Promise<LabelledVersion> {
  const m = await requireMonitor(db, monitorId);
  const v = await servedVersion(db, m.deployment);
  const base = m.reference.kind === 'version' ? await getVersion(db, m.reference.versionId) : await trainingRoot(db, v);
  if (!base) throw new BenchtopError('NOT_FOUND', 'The reference dataset version is not on this device.', { monitor: monitorId });
  const s = await readSlice(db, m.deployment);
  const rows: number[] = [];
  for (let i = 0; i < s.n; i++) if (s.labels[i] !== undefined && !s.refused[i]) rows.push(i);
  if (!rows.length) throw new BenchtopError('BAD_MONITOR', `No prediction of ${m.name} has a ground-truth label yet: attach labels (a CSV of prediction id and label, or POST /api/v1/feedback) first.`, { monitor: monitorId });
  const target = v.signature.output.name;
  if (!base.columns.some((c) => c.name === target)) {
    throw new BenchtopError('BAD_MONITOR', `The reference version ${base.id.slice(0, 12)} has no target column "${target}", so labelled rows cannot be added to it.`, { monitor: monitorId, column: target });
  }
  const ref = await loadTable(db, base);
  const n = ref.rows + rows.length;
  const columns: FullColumn[] = ref.columns.map((col, c) => {
    const schema = base.columns[c];
    const cells: Cell[] = col.name === target ? rows.map((i) => s.labels[i] as Cell) : rows.map((i) => s.inputs.get(col.name)?.[i] ?? null);
    const prod = coerce(schema, cells, v);
    if (isNumeric(col)) {
      const values = new Float64Array(n);
      values.set(col.values);
      if (prod.numeric) values.set(prod.values, ref.rows);
      else values.fill(NaN, ref.rows);
      return { schema, values };
    }
    const dictionary = [...col.dictionary], index = new Map(dictionary.map((d, k) => [d, k]));
    const codes = new Int32Array(n);
    codes.set(col.codes);
    const labels = prod.numeric ? Array.from(prod.values, (x) => (x === x ? String(x) : null)) : prod.values;
    labels.forEach((lab, j) => {
      if (lab === null) { codes[ref.rows + j] = -1; return; }
      let k = index.get(lab);
      if (k === undefined) { k = dictionary.length; dictionary.push(lab); index.set(lab, k); }
      codes[ref.rows + j] = k;
    });
    return { schema, values: codes, dictionary };
  });
  const name = `${m.name}: reference + ${rows.length} labelled predictions`;
  return withStaging(db, async (storageKey) => {
    const result = await columnsToVersion(columns, n, stagingSink(db, storageKey));
    const dictBytes = result.dictionaries.reduce((t, d) => t + d.reduce((u, x) => u + x.length * 2, 0), 0);
    const { datasetId, existed } = await commitVersion(db, {
      datasetId: base.datasetId, name, parent: base.id, dictionaries: result.dictionaries,
      version: {
        id: result.id, recipeId: null, rows: result.rows, columns: result.columns, profile: result.profile,
        source: { ...base.source, sample: `Reference version ${base.id.slice(0, 12)} (${ref.rows} rows) plus ${rows.length} labelled predictions logged for ${m.name}` },
        notices: result.notices, storageKey, chunks: result.chunks, bytes: result.bytes + dictBytes,
      },
    });
    if (existed) await discardStaging(db, storageKey);
    return { datasetId, versionId: result.id, referenceRows: ref.rows, labelled: rows.length, rows: n, existed };
  });
}
