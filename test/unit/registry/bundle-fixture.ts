/**
 * Registry version records for the bundle tests, built the way registration builds them: raw rows
 * (two numbers with a few gaps and a colour), a fitted recipe (impute the numbers, one-hot the
 * colour), a model fitted on the recipe's output with a ModelDef from src/lib/ml/models, the
 * signature of the raw inputs, an input example and a computed model card.
 */
import { mulberry32 } from '../../../src/lib/data/split';
import type { ColumnSchema } from '../../../src/lib/data/types';
import type { HyperParams, ModelDef, Task, TrainData } from '../../../src/lib/ml/model';
import { fitTransform, tableFromRecords, type FittedRecipe, type Table } from '../../../src/lib/recipe';
import { newCard } from '../../../src/lib/registry/card';
import type { ModelDoc, ModelVersionRecord } from '../../../src/lib/registry/types';

export const COLOURS = ['red', 'green', 'blue'];
export const RAW: ColumnSchema[] = [
  { name: 'x1', type: 'float', role: 'feature' },
  { name: 'x2', type: 'float', role: 'feature' },
  { name: 'colour', type: 'categorical', role: 'feature' },
  { name: 'y', type: 'float', role: 'target' },
];

/** Raw records of a seeded problem: y is a number (regression) or a class label. */
export function rawRecords(task: Task, n: number, seed = 3): Record<string, number | string | null>[] {
  const r = mulberry32(seed), labels = task === 'binary' ? ['no', 'yes'] : ['low', 'mid', 'high'];
  return Array.from({ length: n }, (_, i) => {
    const x1 = r() * 10, x2 = r() * 4 - 2, colour = COLOURS[Math.floor(r() * 3)];
    const s = 0.6 * (x1 - 5) - 1.5 * x2 + (colour === 'red' ? 1 : colour === 'blue' ? -1 : 0) + (r() - 0.5) * 2;
    const y = task === 'regression' ? 3 * s + 20 : task === 'binary' ? labels[s > 0 ? 1 : 0] : labels[s < -1.5 ? 0 : s < 1.5 ? 1 : 2];
    return { x1: i % 17 === 5 ? null : x1, x2: i % 23 === 7 ? null : x2, colour, y };
  });
}

export function fitChain(records: Record<string, unknown>[], task: Task): { recipe: FittedRecipe; table: Table } {
  const raw = tableFromRecords(task === 'regression' ? RAW : RAW.map((c) => (c.name === 'y' ? { ...c, type: 'categorical' as const } : c)), records);
  const { fitted, table } = fitTransform({
    version: 1,
    steps: [
      { type: 'impute', params: { columns: ['x1', 'x2'], strategy: 'mean' } },
      { type: 'one-hot', params: { columns: ['colour'] } },
    ],
  }, raw);
  return { recipe: fitted, table };
}

/** The recipe's output as TrainData (features: every numeric feature column, in table order). */
export function trainData(table: Table, task: Task): TrainData {
  const feats = table.columns.filter((c) => c.role === 'feature' && 'values' in c) as { name: string; values: Float64Array }[];
  const n = table.rows, d = feats.length, X = new Float64Array(n * d);
  feats.forEach((c, j) => { for (let i = 0; i < n; i++) X[i * d + j] = c.values[i]; });
  const y = table.columns.find((c) => c.name === 'y')!;
  if (task === 'regression') return { X, n, d, y: (y as { values: Float64Array }).values, featureNames: feats.map((c) => c.name) };
  const codes = (y as { codes: Int32Array; dictionary: string[] });
  return { X, n, d, y: Int32Array.from(codes.codes), classes: [...codes.dictionary], featureNames: feats.map((c) => c.name) };
}

/** A registry version record around a model fitted with `def` on `n` seeded rows. */
export async function versionRecord(def: ModelDef, task: Task, params: HyperParams, n = 120): Promise<{ v: ModelVersionRecord; model: unknown; data: TrainData; records: Record<string, number | string | null>[] }> {
  const records = rawRecords(task, n);
  const { recipe, table } = fitChain(records, task);
  const data = trainData(table, task);
  const model = await def.fit(data, task, params, { seed: 7 });
  const doc: ModelDoc = {
    format: 'benchtop-model-v1', model: def.id, task, target: 'y', features: data.featureNames, classes: data.classes ?? null,
    imputed: [], params, datasetVersion: 'b'.repeat(64), weights: def.toJSON(model),
  };
  const signature: ModelVersionRecord['signature'] = {
    inputs: [
      { name: 'x1', type: 'float', required: false, min: 0, max: 10 },
      { name: 'x2', type: 'float', required: false, min: -2, max: 2 },
      { name: 'colour', type: 'categorical', required: true, categories: [...COLOURS] },
    ],
    output: { name: 'y', task, classes: data.classes ?? null },
  };
  const metrics: Record<string, number> = task === 'regression' ? { r2: 0.91, rmse: 1.25, baseline_r2: 0 } : { accuracy: 0.88, f1: 0.87, baseline_accuracy: 0.5 };
  const card = newCard({
    run: { metrics }, doc, evaluation: null,
    trainingData: { datasetId: 'ds-1', datasetName: 'toy', versionId: 'b'.repeat(64), rows: n, recipeIds: ['r'.repeat(64)] },
  });
  card.intendedUse = 'Tests of the model bundle.';
  const v: ModelVersionRecord = {
    name: 'toy-model', version: 3, description: 'A toy model', tags: { team: 'bench' }, stage: 'Staging',
    source: { kind: 'run', runId: 'run-1', experimentId: 'exp-1' },
    lineage: { runId: 'run-1', experimentId: 'exp-1', datasetId: 'ds-1', datasetVersion: 'b'.repeat(64), recipeIds: ['r'.repeat(64)] },
    model: doc, recipes: [recipe], signature,
    inputExample: records.slice(0, 3).map(({ y: _y, ...rest }) => rest),
    metrics, card, created: 1_700_000_000_000, updated: 1_700_000_100_000,
  };
  return { v, model, data, records };
}
