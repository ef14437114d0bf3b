/**
 * Registered model versions for the serving tests, made the way the app makes them: a seeded raw
 * table (x1, x2 with gaps, a colour, a label), a recipe chain (one-hot colour, then standardize
 * x1 and x2) fitted on it, a model trained on the recipe's output with the missing x2 imputed by
 * the training mean, and the version record (signature from the raw training columns).
 * No Node APIs: the browser tests use it too.
 */
import { mulberry32 } from '../../../src/lib/data/split';
import type { ModelDef, Task } from '../../../src/lib/ml/model';
import { modelDef } from '../../../src/lib/ml/models/registry';
import { fitTransform, type FittedRecipe } from '../../../src/lib/recipe/recipe';
import { codesColumn, findColumn, isNumeric, numericColumn, type NumericColumn, type Table } from '../../../src/lib/recipe/table';
import type { ModelVersionRecord, Signature } from '../../../src/lib/registry/types';

export const COLORS = ['red', 'green', 'blue'];

/** The raw training table: n rows, x2 missing on every 17th row. */
export function rawTable(task: Task, n = 300, seed = 1): Table {
  const r = mulberry32(seed);
  const x1 = new Float64Array(n), x2 = new Float64Array(n), color: string[] = [], label: string[] = [], y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = r() * 4 - 2;
    x2[i] = i % 17 === 5 ? NaN : r() * 10;
    color.push(COLORS[Math.floor(r() * 3)]);
    const s = 1.5 * x1[i] + 0.3 * ((x2[i] || 5) - 5) + (color[i] === 'red' ? 0.8 : color[i] === 'blue' ? -0.8 : 0) + (r() - 0.5);
    y[i] = 3 * s + 10;
    label.push(task === 'binary' ? (s > 0 ? 'yes' : 'no') : s < -0.7 ? 'low' : s < 0.7 ? 'mid' : 'high');
  }
  const target = task === 'regression' ? numericColumn('label', y, 'float', 'target') : codesColumn('label', label, 'categorical', 'target');
  return { rows: n, columns: [numericColumn('x1', x1), numericColumn('x2', x2), codesColumn('color', color), target] };
}

export const RECIPE = { version: 1 as const, steps: [{ type: 'one-hot', params: { columns: ['color'] } }, { type: 'standardize', params: { columns: ['x1', 'x2'] } }] };

export function signatureOf(raw: Table, task: Task, classes: string[] | null): Signature {
  const x1 = findColumn(raw, 'x1') as NumericColumn, x2 = findColumn(raw, 'x2') as NumericColumn;
  const range = (v: Float64Array) => ({ min: Math.min(...v.filter((x) => x === x)), max: Math.max(...v.filter((x) => x === x)) });
  return {
    inputs: [
      { name: 'x1', type: 'float', required: true, ...range(x1.values) },
      { name: 'x2', type: 'float', required: false, ...range(x2.values) },
      { name: 'color', type: 'categorical', required: true, categories: ['blue', 'green', 'red'] },
    ],
    output: { name: 'label', task, classes },
  };
}

/** Feature matrix of a transformed table (gaps filled with the training means); returns the means too. */
export function features(t: Table, names: string[], means?: number[]): { X: Float64Array; means: number[] } {
  const cols = names.map((f) => findColumn(t, f)!).map((c) => (isNumeric(c) ? c.values : new Float64Array(0)));
  const m = means ?? cols.map((v) => { const p = v.filter((x) => x === x); return p.reduce((s, x) => s + x, 0) / p.length; });
  const d = names.length, X = new Float64Array(t.rows * d);
  for (let i = 0; i < t.rows; i++) for (let j = 0; j < d; j++) { const x = cols[j][i]; X[i * d + j] = x === x ? x : m[j]; }
  return { X, means: m };
}

export interface Made {
  version: ModelVersionRecord;
  raw: Table;
  fitted: FittedRecipe;
  transformed: Table;
  def: ModelDef;
  model: unknown;
}

/** Trains `modelId` on the fixture and wraps it as version `version` of registered model `name`. */
export async function makeVersion(modelId: string, task: Task, opts: { name?: string; version?: number; seed?: number; params?: Record<string, number | string | boolean> } = {}): Promise<Made> {
  const raw = rawTable(task, 300, opts.seed ?? 1);
  const { fitted, table } = fitTransform(RECIPE, raw);
  const names = ['x1', 'x2', 'color=blue', 'color=green', 'color=red'];
  const { X, means } = features(table, names);
  const target = findColumn(table, 'label')!;
  const classes = isNumeric(target) ? null : target.dictionary;
  const y = isNumeric(target) ? target.values : target.codes;
  const def = modelDef(modelId)!;
  const model = await def.fit({ X, n: table.rows, d: names.length, y, classes: classes ?? undefined, featureNames: names }, task, opts.params ?? {}, { seed: 3 });
  const name = opts.name ?? `m-${modelId}`, now = Date.now();
  const version: ModelVersionRecord = {
    name, version: opts.version ?? 1, description: '', tags: {}, stage: 'None',
    source: { kind: 'run', runId: null, experimentId: null },
    lineage: { runId: null, experimentId: null, datasetId: null, datasetVersion: 'fixture', recipeIds: ['r1'] },
    model: {
      format: 'benchtop-model-v1', model: modelId, task, target: 'label', features: names, classes,
      imputed: [{ feature: 'x2', value: means[1], count: 18 }], params: {}, datasetVersion: 'fixture', weights: JSON.parse(JSON.stringify(def.toJSON(model))),
    },
    recipes: [JSON.parse(JSON.stringify(fitted)) as FittedRecipe],
    signature: signatureOf(raw, task, classes),
    inputExample: [{ x1: 0.5, x2: 3, color: 'red' }],
    metrics: {}, card: { intendedUse: '', limitations: '', ethics: '', notes: '', computed: { algorithm: modelId, task, trainingData: { datasetId: null, datasetName: null, versionId: 'fixture', rows: 300, trainRows: 300, testRows: null, recipeIds: [] }, metrics: [], slices: null, params: {} } },
    created: now, updated: now,
  };
  return { version, raw, fitted, transformed: table, def, model };
}

/** Raw records like an API caller sends (seeded), some with x2 absent. */
export function records(n: number, seed = 9): Record<string, unknown>[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const rec: Record<string, unknown> = { x1: +(r() * 4 - 2).toFixed(3), color: COLORS[i % 3] };
    if (i % 5 !== 2) rec.x2 = +(r() * 10).toFixed(3);
    return rec;
  });
}
