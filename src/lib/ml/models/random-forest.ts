/**
 * Random forest (scikit-learn's RandomForestClassifier / RandomForestRegressor): each tree is a
 * CART tree on a bootstrap sample with max_features features examined per split ('auto': sqrt of
 * the feature count for classification, all for regression, as scikit-learn 1.2). Trees are
 * histogram trees over quantile bins (at most max_bins = 255 a feature) computed once for the
 * forest; max_bins 0 makes them exact. Classification averages the trees' leaf class
 * frequencies; regression averages their values.
 *
 * Tree i depends only on (data, params, seed, i): trainTrees(…, indices) on several workers and
 * combineForest of their parts gives the same forest as one fit.
 *
 * JSON ('benchtop-forest-v1'): { format, task, nFeatures, nOutputs, featureNames, classes (not for
 * regression), importances, trees: TreeJSON[] } with each tree's node arrays as
 * tree/structure.ts describes.
 */
import { mulberry32 } from '../../data/split';
import { CancelledError } from '../../errors';
import type { FitHooks, HyperParamSpec, HyperParams, SyncModelDef, Task, TrainData } from '../model';
import { checkTrainData, checkX, TreeError } from '../tree/errors';
import { argmaxRows, fitOneTree, meanOutput, modelInfo, prepare, readHeader, writeHeader, type ModelHeader, type ModelInfo } from '../tree/fit';
import { boolParam, classWeightSpec, criterionSpec, intParam, maxBinsSpec, maxDepthSpec, maxFeaturesSpec, minSamplesLeafSpec, minSamplesSplitSpec, treeOptions } from '../tree/params';
import { addTreeOutput, treeFromJSON, treeToJSON, type Tree, type TreeJSON } from '../tree/structure';
import { baseWeights, makeTarget, sampleRows } from '../tree/target';

export interface ForestModel extends ModelInfo {
  nOutputs: number;
  trees: Tree[];
}

export type ForestJSON = ModelHeader & { format: 'benchtop-forest-v1'; trees: TreeJSON[] };

/** Some trees of a forest, as trainTrees returns them (plain data: structured-clone friendly). */
export interface ForestPart {
  format: 'benchtop-forest-part-v1';
  task: Task;
  nFeatures: number;
  nOutputs: number;
  featureNames: string[];
  classes?: string[];
  nEstimators: number;
  /** Seed, data size and parsed parameters: parts combine only when these agree. */
  config: string;
  trees: { index: number; tree: TreeJSON; importances: number[] }[];
}

const nEstimatorsSpec: HyperParamSpec = { name: 'n_estimators', kind: 'integer', default: 100, min: 1, max: 2000, log: true, help: 'Number of trees.' };
const bootstrapSpec: HyperParamSpec = { name: 'bootstrap', kind: 'boolean', default: true, help: 'Train each tree on n rows drawn with replacement (off: every tree sees all rows).' };
const PARAMS: readonly HyperParamSpec[] = [
  nEstimatorsSpec, criterionSpec, maxDepthSpec, minSamplesSplitSpec, minSamplesLeafSpec, maxFeaturesSpec('auto'), bootstrapSpec, classWeightSpec, maxBinsSpec(255),
];

/** Seed of tree i of a forest seeded with `seed` (a 32-bit hash of both). */
export function treeSeed(seed: number, i: number): number {
  let x = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A 32-bit hash of X, y and the weights, so that parts of different data do not combine. */
function fingerprint(data: TrainData): number {
  let h = 0x811c9dc5;
  for (const a of [data.X, data.y, data.sampleWeight ?? new Float64Array(0)]) {
    const words = new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  }
  return h >>> 0;
}

/**
 * The tree's score on the rows its bootstrap sample left out (about a third): accuracy, or R² for
 * regression. A per-tree curve while a forest trains; the forest itself is scored on the test rows.
 */
function outOfBag(tree: Tree, data: TrainData, w: Float64Array, classification: boolean): Record<string, number> | undefined {
  const { X, n, d, y } = data;
  const rows: number[] = [];
  for (let j = 0; j < n; j++) if (w[j] === 0) rows.push(j);
  if (rows.length < 2) return undefined;
  const m = rows.length, Xo = new Float64Array(m * d), out = new Float64Array(m * tree.nOut);
  rows.forEach((r, i) => { for (let f = 0; f < d; f++) Xo[i * d + f] = X[r * d + f]; });
  addTreeOutput(tree, Xo, m, d, out);
  if (classification) {
    let right = 0;
    for (let i = 0; i < m; i++) {
      let best = 0;
      for (let c = 1; c < tree.nOut; c++) if (out[i * tree.nOut + c] > out[i * tree.nOut + best]) best = c;
      if (best === y[rows[i]]) right++;
    }
    return { tree_oob_accuracy: right / m };
  }
  let mean = 0, ss = 0, st = 0;
  for (const r of rows) mean += y[r] / m;
  rows.forEach((r, i) => { ss += (y[r] - out[i]) ** 2; st += (y[r] - mean) ** 2; });
  return st > 0 ? { tree_oob_r2: 1 - ss / st } : undefined;
}

/** Trains the trees with the given indices (0 ≤ i < n_estimators); progress and cancel per tree. */
export function trainTrees(data: TrainData, task: Task, params: HyperParams, treeIndices: ArrayLike<number>, hooks: FitHooks = {}): ForestPart {
  const k = checkTrainData(data, task);
  const opts = treeOptions(params, task, data.d, true, PARAMS);
  const nEstimators = intParam(params, nEstimatorsSpec), bootstrap = boolParam(params, bootstrapSpec);
  const indices = Array.from(treeIndices);
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= nEstimators) throw new TreeError(`Tree index ${i} is out of range: n_estimators is ${nEstimators}.`, { reason: 'BAD_PARAM', param: 'n_estimators' });
  }
  const { n, d } = data, seed = hooks.seed ?? 0, classification = task !== 'regression';
  const base = baseWeights(data, task, k, opts.classWeight);
  const prep = prepare(data.X, n, d, opts.maxBins);
  const cancelled = hooks.cancelled?.bind(hooks);
  const trees: ForestPart['trees'] = [];
  for (const index of indices) {
    if (cancelled?.()) throw new CancelledError();
    const random = mulberry32(treeSeed(seed, index));
    let w = base;
    if (bootstrap) {
      w = new Float64Array(n);
      for (let j = 0; j < n; j++) w[Math.floor(random() * n)]++;
      for (let j = 0; j < n; j++) w[j] *= base[j];
    }
    const target = makeTarget(data, task, k, opts.criterion, w);
    const { tree, importances } = fitOneTree(prep, sampleRows(w), target, opts, random, classification, cancelled);
    trees.push({ index, tree: treeToJSON(tree), importances: Array.from(importances) });
    hooks.progress?.(trees.length, indices.length, bootstrap ? outOfBag(tree, data, w, classification) : undefined);
  }
  const config = JSON.stringify({ seed, n, d, k, data: fingerprint(data), nEstimators, bootstrap, ...opts });
  const { featureNames, classes } = modelInfo(data, task, k, new Float64Array(d));
  return { format: 'benchtop-forest-part-v1', task, nFeatures: d, nOutputs: classification ? k : 1, featureNames, ...(classes ? { classes } : {}), nEstimators, config, trees };
}

/** Joins parts holding every tree index exactly once into the forest. */
export function combineForest(parts: readonly ForestPart[]): ForestModel {
  const bad = (m: string): never => {
    throw new TreeError(`Cannot combine the forest parts: ${m}`, { reason: 'BAD_MODEL' });
  };
  if (parts.length === 0) bad('there are none.');
  const first = parts[0];
  if (parts.some((p) => p.format !== 'benchtop-forest-part-v1')) bad("every part must have format 'benchtop-forest-part-v1'.");
  if (parts.some((p) => p.config !== first.config || p.task !== first.task)) bad('they were trained with different data, seeds or parameters.');
  const slots: (ForestPart['trees'][number] | undefined)[] = Array.from({ length: first.nEstimators }, () => undefined);
  for (const p of parts) for (const t of p.trees) {
    if (!(t.index >= 0 && t.index < slots.length)) bad(`tree index ${t.index} is out of range for ${slots.length} trees.`);
    if (slots[t.index]) bad(`tree ${t.index} appears twice.`);
    slots[t.index] = t;
  }
  const missing = slots.flatMap((t, i) => (t ? [] : [i]));
  if (missing.length > 0) bad(`trees ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} are missing (${missing.length} of ${first.nEstimators}).`);
  const classification = first.task !== 'regression';
  const trees = slots.map((t) => treeFromJSON(t!.tree, first.nFeatures, first.nOutputs, classification));
  const importances = forestImportances(slots.map((t, i) => (trees[i].nodeCount > 1 ? t!.importances : null)), first.nFeatures);
  const { task, nFeatures, nOutputs, featureNames, classes } = first;
  return { task, nFeatures, nOutputs, featureNames: featureNames.slice(), ...(classes ? { classes: classes.slice() } : {}), importances, trees };
}

/** scikit-learn's forest importances: the mean over trees with a split, normalised to sum 1. */
function forestImportances(perTree: (number[] | null)[], d: number): Float64Array {
  const out = new Float64Array(d);
  for (const imp of perTree) if (imp) for (let f = 0; f < d; f++) out[f] += imp[f];
  let s = 0;
  for (const v of out) s += v;
  if (s > 0) for (let f = 0; f < d; f++) out[f] /= s;
  return out;
}

export const randomForest: SyncModelDef<ForestModel> = {
  id: 'random-forest',
  label: 'Random forest',
  description: 'Many decision trees on bootstrap samples with random features per split, averaged: a strong default for tabular data.',
  tasks: ['binary', 'multiclass', 'regression'],
  params: PARAMS,

  fit(data, task, params, hooks = {}) {
    const all = Array.from({ length: intParam(params, nEstimatorsSpec) }, (_, i) => i);
    return combineForest([trainTrees(data, task, params, all, hooks)]);
  },

  predict(model, X, n) {
    checkX(X, n, model.nFeatures, model.featureNames);
    const out = meanOutput(model.trees, X, n, model.nFeatures);
    return model.task === 'regression' ? out : argmaxRows(out, n, model.nOutputs);
  },

  predictProba(model, X, n) {
    if (model.task === 'regression') throw new TreeError('predictProba is for classification models; this one does regression (use predict).', { reason: 'BAD_TASK' });
    checkX(X, n, model.nFeatures, model.featureNames);
    return meanOutput(model.trees, X, n, model.nFeatures);
  },

  toJSON(model): ForestJSON {
    return { format: 'benchtop-forest-v1', ...writeHeader(model, model.nOutputs), trees: model.trees.map(treeToJSON) };
  },

  fromJSON(json) {
    const { info, nOutputs, json: j } = readHeader(json, 'benchtop-forest-v1');
    if (!Array.isArray(j.trees) || j.trees.length === 0) throw new TreeError("Cannot read the model: 'trees' must be a non-empty array.", { reason: 'BAD_MODEL' });
    return { ...info, nOutputs, trees: j.trees.map((t) => treeFromJSON(t, info.nFeatures, nOutputs, info.task !== 'regression')) };
  },
};
