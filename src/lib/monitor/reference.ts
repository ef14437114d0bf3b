/**
 * A monitor's reference data, loaded once and kept by the engine: by default the data the served
 * version was trained from — the ROOT dataset version of its recipe chain (the raw inputs the
 * signature describes; registry/register.ts recipeChain) — or a chosen dataset version, or a time
 * range of the prediction log; restricted to the watched signature inputs and coerced to their
 * types. Beside the columns: the model's predictions on the reference (predictRaw, the serving
 * path), the target when the reference holds it (labels, for a log range), each column's range
 * and labels for quality checks, and feature scales for the streaming detectors.
 */
import { BenchtopError } from '../errors';
import { recipeChain } from '../registry/register';
import type { ModelVersionRecord } from '../registry/types';
import type { Column, Table } from '../recipe/table';
import { loadPredictor } from '../serve/predictor';
import { compileSignature, toNumber, BAD, type CompiledInput } from '../serve/validate-input';
import type { DB } from '../store/db';
import { loadTable } from '../store/prep';
import type { VersionRecord } from '../store/schema';
import { getVersion } from '../store/versions';
import { cellValues, distinctCount, driftKind, missingCount, tableValues, type Values } from './columns';
import { qualityRef, type QualityRef } from './quality';
import { readSlice } from './slice';
import { scaleOf, type FeatureScale } from './streams';
import type { DriftColumnKind, MonitorRecord } from './types';

export interface RefColumn {
  name: string;
  input: CompiledInput;
  kind: DriftColumnKind;
  values: Values;
  distinct: number;
  quality: QualityRef;
  scale: FeatureScale | null;
}

export interface Reference {
  /** What it was loaded for: the served version and the reference spec. */
  key: string;
  rows: number;
  /** Where it came from, for reports ("dataset version 3f2a… (800 rows)"). */
  source: string;
  columns: RefColumn[];
  missingShare: number;
  prediction: Values | null;
  target: Values | null;
}

const short = (id: string) => id.slice(0, 12);

export const referenceKey = (m: Pick<MonitorRecord, 'reference' | 'columns'>, v: Pick<ModelVersionRecord, 'name' | 'version'>): string =>
  JSON.stringify([v.name, v.version, m.reference, m.columns.map((c) => c.column)]);

/** The root (raw) dataset version of the version's training data. */
export async function trainingRoot(db: DB, v: ModelVersionRecord): Promise<VersionRecord> {
  const training = await getVersion(db, v.lineage.datasetVersion);
  if (!training) {
    throw new BenchtopError('NOT_FOUND', `${v.name} v${v.version} was trained on dataset version ${short(v.lineage.datasetVersion)}, which is not on this device: choose a dataset version or a range of the log as the monitor's reference.`, { versionId: v.lineage.datasetVersion });
  }
  return (await recipeChain(db, training)).root;
}

/** A stored column coerced to a signature input's storage (a re-imported CSV may have typed it otherwise). */
export function coerceColumn(col: Column, c: CompiledInput): Values {
  const v = tableValues(col);
  if (c.storage === 'codes') return v.numeric ? { numeric: false, values: Array.from(v.values, (x) => (x === x ? String(x) : null)) } : v;
  if (v.numeric) return v;
  const parsed = new Map<string, number>();
  const out = new Float64Array(v.values.length);
  v.values.forEach((s, i) => {
    if (s === null) { out[i] = NaN; return; }
    let x = parsed.get(s);
    if (x === undefined) { const p = toNumber(c, s); x = p === BAD || !Number.isFinite(p) ? NaN : p; parsed.set(s, x); }
    out[i] = x;
  });
  return { numeric: true, values: out };
}

export function refColumn(name: string, c: CompiledInput, values: Values): RefColumn {
  const distinct = distinctCount(values);
  const kind = driftKind(c.input, values.numeric ? distinct : Math.max(distinct, c.input.categories?.length ?? 0));
  return { name, input: c, kind, values, distinct, quality: qualityRef(name, values), scale: kind === 'numeric' && values.numeric ? scaleOf(name, values.values) : null };
}

/** Target values for drift: labels for classifiers, numbers for regression. */
function targetValues(v: ModelVersionRecord, col: Column | undefined): Values | null {
  if (!col) return null;
  const t = tableValues(col);
  if (v.model.task === 'regression') return t.numeric ? t : { numeric: true, values: Float64Array.from(t.values, (s) => (s === null ? NaN : Number(s))) };
  return t.numeric ? { numeric: false, values: Array.from(t.values, (x) => (x === x ? String(x) : null)) } : t;
}

/** The model's predictions on a table of raw inputs (null when it cannot score them). */
async function predictionsOn(v: ModelVersionRecord, table: Table): Promise<Values | null> {
  try {
    const p = await loadPredictor(v);
    try {
      const out = p.holdsFeatures(table) ? await p.predictFeatures(table) : await p.predictRaw(table);
      if (!p.classes) return { numeric: true, values: out.yPred };
      const classes = p.classes;
      return { numeric: false, values: Array.from(out.yPred, (y) => (y === y ? classes[y] ?? null : null)) };
    } finally {
      p.dispose();
    }
  } catch {
    return null;
  }
}

export async function loadReference(db: DB, m: MonitorRecord, v: ModelVersionRecord): Promise<Reference> {
  const cs = compileSignature(v.signature);
  const watched = m.columns.map((s) => ({ name: s.column, c: cs.byName.get(s.column) })).filter((x): x is { name: string; c: CompiledInput } => !!x.c);
  const key = referenceKey(m, v);
  const build = (rows: number, source: string, values: Map<string, Values>, prediction: Values | null, target: Values | null): Reference => {
    const columns = watched.map(({ name, c }) => refColumn(name, c, values.get(name)!));
    const missing = columns.reduce((s, c) => s + missingCount(c.values), 0);
    return { key, rows, source, columns, missingShare: rows && columns.length ? missing / (rows * columns.length) : 0, prediction, target };
  };
  if (m.reference.kind === 'log') {
    const s = await readSlice(db, m.deployment, m.reference.from, m.reference.to);
    if (s.n === 0) throw new BenchtopError('BAD_MONITOR', `The log holds no predictions of this deployment from ${new Date(m.reference.from).toISOString()} to ${new Date(m.reference.to).toISOString()} to use as the reference.`, { field: 'reference' });
    const values = new Map(watched.map(({ name, c }) => [name, cellValues(s.inputs.get(name) ?? new Array(s.n).fill(null), c)]));
    const prediction: Values = v.model.task === 'regression'
      ? { numeric: true, values: Float64Array.from(s.output, (o) => (typeof o === 'number' ? o : NaN)) }
      : { numeric: false, values: s.output.map((o) => (o === null ? null : String(o))) };
    const target: Values = v.model.task === 'regression'
      ? { numeric: true, values: Float64Array.from(s.labels, (l) => (l === undefined ? NaN : Number(l))) }
      : { numeric: false, values: s.labels.map((l) => (l === undefined ? null : String(l))) };
    const labelled = s.labels.some((l) => l !== undefined);
    return build(s.n, `the log from ${new Date(m.reference.from).toISOString()} to ${new Date(m.reference.to).toISOString()} (${s.n} predictions)`, values, prediction, labelled ? target : null);
  }
  const dv = m.reference.kind === 'version' ? await getVersion(db, m.reference.versionId) : await trainingRoot(db, v);
  if (!dv) throw new BenchtopError('NOT_FOUND', `The reference dataset version ${m.reference.kind === 'version' ? short(m.reference.versionId) : ''} is not on this device.`, { field: 'reference' });
  const table = await loadTable(db, dv);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const missing = watched.filter((w) => !byName.has(w.name)).map((w) => w.name);
  if (missing.length) {
    throw new BenchtopError('BAD_MONITOR', `The reference dataset version ${short(dv.id)} has no column ${missing.map((x) => `"${x}"`).join(', ')} (watched inputs of ${v.name} v${v.version}); its columns are ${table.columns.map((c) => c.name).join(', ')}.`, { field: 'reference', missing });
  }
  const values = new Map(watched.map(({ name, c }) => [name, coerceColumn(byName.get(name)!, c)]));
  const what = m.reference.kind === 'training' ? 'the training data: dataset version' : 'dataset version';
  return build(table.rows, `${what} ${short(dv.id)} (${table.rows.toLocaleString('en-US')} rows)`, values, await predictionsOn(v, table), targetValues(v, byName.get(v.signature.output.name)));
}
