import { CancelledError, BenchtopError } from '../errors';
import { columnsToVersion, type FullColumn } from '../data/derive';
import type { IngestHooks } from '../data/ingest';
import { applySplit, type SplitSpec } from '../data/split';
import { storageOf } from '../data/types';
import { SPLIT_SIDES, splitColumnName } from '../data/split-column';
import { applyRecipe, fitRecipe, recipeHash, type Recipe } from '../recipe/recipe';
import { isNumeric, selectRows, type Column, type Table } from '../recipe/table';
import type { DB } from './db';
import type { VersionRecord } from './schema';
import { discardStaging, stagingSink, withStaging } from './staging';
import { commitVersion, getVersion, readChunk, readDictionary } from './versions';

export { SPLIT_COLUMN } from '../data/split-column';

/** Reads a whole version into memory as a recipe table. */
export async function loadTable(db: DB, v: VersionRecord, limitRows = Infinity): Promise<Table> {
  const rows = Math.min(v.rows, limitRows);
  const chunks = Math.ceil(rows / 65_536);
  const columns: Column[] = [];
  // All reads are issued at once: IndexedDB pipelines them instead of one round trip each.
  const all = await Promise.all(v.columns.map((_, c) => Promise.all(Array.from({ length: chunks }, (_, k) => readChunk(db, v, c, k)))));
  for (let c = 0; c < v.columns.length; c++) {
    const schema = v.columns[c];
    const parts = all[c];
    if (storageOf(schema.type) === 'f64') {
      const values = new Float64Array(rows);
      let o = 0;
      for (const p of parts) { values.set(p.subarray(0, rows - o), o); o += p.length; }
      columns.push({ name: schema.name, type: schema.type, role: schema.role, values });
    } else {
      const codes = new Int32Array(rows);
      let o = 0;
      for (const p of parts) { codes.set(p.subarray(0, rows - o), o); o += p.length; }
      columns.push({ name: schema.name, type: schema.type, role: schema.role, codes, dictionary: await readDictionary(db, v, c) });
    }
  }
  return { rows, columns };
}

export function tableToColumns(t: Table): FullColumn[] {
  return t.columns.map((c) => {
    const schema = { name: c.name, type: c.type, role: c.role };
    return isNumeric(c) ? { schema, values: c.values } : { schema, values: c.codes, dictionary: c.dictionary };
  });
}

/** Adds the split column (train / validation / test per row) that travels through the recipe. */
export function withSplit(t: Table, spec: SplitSpec): { table: Table; train: Int32Array } {
  const col = spec.column ? t.columns.find((c) => c.name === spec.column) : undefined;
  if (spec.column && !col) throw new BenchtopError('BAD_SCHEMA', `The split column "${spec.column}" does not exist; columns are ${t.columns.map((c) => c.name).join(', ')}.`);
  const split = applySplit(spec, t.rows, col ? (isNumeric(col) ? col.values : col.codes) : undefined);
  const codes = new Int32Array(t.rows);
  for (const i of split.validation) codes[i] = 1;
  for (const i of split.test) codes[i] = 2;
  const name = splitColumnName(t.columns.map((c) => c.name));
  const column: Column = { name, type: 'categorical', role: 'ignore', codes, dictionary: [...SPLIT_SIDES] };
  return { table: { rows: t.rows, columns: [...t.columns, column] }, train: split.train };
}

export interface PrepOutcome {
  datasetId: string;
  versionId: string;
  recipeId: string;
  existed: boolean;
  rows: number;
  ms: number;
}

/**
 * Applies a recipe to a stored version: split the rows, fit every step on the training rows
 * only, transform all rows, and store the result as a new version of the same dataset whose
 * lineage names the parent version, the fitted recipe and the split. The same recipe, split and
 * version always give the same version id.
 */
export async function runRecipe(db: DB, versionId: string, recipe: Recipe, name: string, spec: SplitSpec, hooks: IngestHooks = {}): Promise<PrepOutcome> {
  const started = performance.now();
  const v = await getVersion(db, versionId);
  if (!v) throw new BenchtopError('NOT_FOUND', `No dataset version ${versionId.slice(0, 12)}….`);
  hooks.progress?.({ kind: 'progress', phase: 'read', done: 0, total: v.rows, rows: 0 });
  const source = await loadTable(db, v);
  if (hooks.cancelled?.()) throw new CancelledError();
  const { table, train } = withSplit(source, spec);
  hooks.progress?.({ kind: 'progress', phase: 'profile', done: 0, total: 1, rows: v.rows });
  const fitted = fitRecipe(recipe, selectRows(table, train));
  const out = applyRecipe(fitted, table);
  if (hooks.cancelled?.()) throw new CancelledError();
  const recipeId = await recipeHash(fitted);
  return withStaging(db, async (storageKey) => {
    const result = await columnsToVersion(tableToColumns(out), out.rows, stagingSink(db, storageKey), hooks);
    if (hooks.cancelled?.()) throw new CancelledError();
    await db.put('recipes', { id: recipeId, name, recipe: fitted, fitted: true, created: Date.now() });
    const { datasetId, existed } = await commitVersion(db, {
      datasetId: v.datasetId,
      name,
      parent: v.id,
      dictionaries: result.dictionaries,
      version: {
        id: result.id,
        recipeId,
        split: spec,
        rows: result.rows,
        columns: result.columns,
        profile: result.profile,
        source: { ...v.source, sample: `Derived from version ${v.id.slice(0, 12)} by the recipe "${name}" (${recipeId.slice(0, 12)})` },
        notices: result.notices,
        storageKey,
        chunks: result.chunks,
        bytes: result.bytes + result.dictionaries.reduce((s, d) => s + d.reduce((t, x) => t + x.length * 2, 0), 0),
      },
    });
    if (existed) await discardStaging(db, storageKey);
    return { datasetId, versionId: result.id, recipeId, existed, rows: result.rows, ms: performance.now() - started };
  });
}

/** A column's figures for the before/after view of a recipe preview. */
export interface ColumnSummary {
  name: string;
  type: string;
  role: string;
  missing: number;
  distinct: number;
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
  top?: string;
}

export function summarizeTable(t: Table): ColumnSummary[] {
  return t.columns.map((c) => {
    const base = { name: c.name, type: c.type, role: c.role };
    if (isNumeric(c)) {
      let n = 0, sum = 0, sq = 0, min = Infinity, max = -Infinity, missing = 0;
      const seen = new Set<number>();
      for (const v of c.values) {
        if (v !== v) { missing++; continue; }
        n++; sum += v; sq += v * v;
        if (v < min) min = v;
        if (v > max) max = v;
        if (seen.size <= 10_000) seen.add(v);
      }
      const mean = n ? sum / n : NaN;
      return { ...base, missing, distinct: seen.size, mean, std: n > 1 ? Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1))) : NaN, min: n ? min : NaN, max: n ? max : NaN };
    }
    const counts = new Array<number>(c.dictionary.length).fill(0);
    let missing = 0;
    for (const code of c.codes) { if (code < 0) missing++; else counts[code]++; }
    const used = counts.filter((x) => x > 0).length;
    const best = counts.indexOf(Math.max(...counts, 0));
    return { ...base, missing, distinct: used, top: best >= 0 && counts[best] > 0 ? `${c.dictionary[best]} (${counts[best]})` : undefined };
  });
}

export interface RecipePreview {
  sampleRows: number;
  before: { columns: string[]; rows: string[][]; summary: ColumnSummary[] };
  after: { columns: string[]; rows: string[][]; summary: ColumnSummary[]; rowCount: number };
}

const PREVIEW_ROWS = 2_000;
const SHOWN = 25;

function head(t: Table): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < Math.min(SHOWN, t.rows); i++) {
    out.push(t.columns.map((c) => {
      if (isNumeric(c)) { const v = c.values[i]; return v !== v ? '' : c.type === 'datetime' ? new Date(v).toISOString().slice(0, 19).replace('T', ' ') : String(Number(v.toPrecision(6))); }
      const code = c.codes[i];
      return code < 0 ? '' : c.dictionary[code];
    }));
  }
  return out;
}

/**
 * What a recipe does to the first rows of a version, without storing anything: fit on the
 * training rows of the sample, transform the sample, and summarise every column before and after.
 */
export async function previewRecipe(db: DB, versionId: string, recipe: Recipe, spec: SplitSpec): Promise<RecipePreview> {
  const v = await getVersion(db, versionId);
  if (!v) throw new BenchtopError('NOT_FOUND', `No dataset version ${versionId.slice(0, 12)}….`);
  const sample = await loadTable(db, v, PREVIEW_ROWS);
  const { table, train } = withSplit(sample, spec);
  const fitted = fitRecipe(recipe, selectRows(table, train));
  const out = applyRecipe(fitted, table);
  return {
    sampleRows: sample.rows,
    before: { columns: table.columns.map((c) => c.name), rows: head(table), summary: summarizeTable(table) },
    after: { columns: out.columns.map((c) => c.name), rows: head(out), summary: summarizeTable(out), rowCount: out.rows },
  };
}
