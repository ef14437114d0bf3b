/**
 * Fitting one tree on prepared features, and what the tree models share: the model header of
 * their JSON, prediction by summing tree outputs, and arg-max over class probabilities.
 */
import type { Task, TrainData } from '../model';
import { binFeatures, type Binned } from './binning';
import { TreeError } from './errors';
import { ExactSplitter } from './exact';
import { rankFeatures, type Ranked } from './rank';
import { growTree, normalise } from './grow';
import { HistSplitter } from './hist';
import type { TreeOptions } from './params';
import { addTreeOutput, type Tree } from './structure';
import type { Target } from './target';

/** Features prepared once per fit (per forest): ranks for exact splits, or bins. */
export type Prepared = { kind: 'exact'; ranked: Ranked } | { kind: 'hist'; binned: Binned };

export function prepare(X: Float64Array, n: number, d: number, maxBins: number): Prepared {
  return maxBins === 0 ? { kind: 'exact', ranked: rankFeatures(X, n, d) } : { kind: 'hist', binned: binFeatures(X, n, d, maxBins) };
}

/** Grows one tree on the sample rows (weights in target.w); returns it with normalised importances. */
export function fitOneTree(prep: Prepared, rows: Int32Array, target: Target, opts: TreeOptions, random: () => number, classification: boolean, cancelled?: () => boolean): { tree: Tree; importances: Float64Array } {
  const d = prep.kind === 'exact' ? prep.ranked.d : prep.binned.d;
  const splitter = prep.kind === 'exact'
    ? new ExactSplitter(prep.ranked, rows, target, opts.maxFeatures, opts.minSamplesLeaf, random)
    : new HistSplitter(prep.binned, rows, target, opts.maxFeatures, opts.minSamplesLeaf, random);
  const importances = new Float64Array(d);
  const tree = growTree(splitter, { ...opts, cancelled }, classification, importances);
  return { tree, importances: normalise(importances) };
}

/** Mean output of the trees for n rows: class probabilities (n × k) or values (n). */
export function meanOutput(trees: readonly Tree[], X: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * trees[0].nOut);
  for (const t of trees) addTreeOutput(t, X, n, d, out);
  if (trees.length > 1) for (let i = 0; i < out.length; i++) out[i] /= trees.length;
  return out;
}

/** Index of the largest probability in each row (the first on ties, as numpy's argmax). */
export function argmaxRows(proba: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** What both tree models hold besides their trees. */
export interface ModelInfo {
  task: Task;
  nFeatures: number;
  /** Names of the features, in the column order of X. */
  featureNames: string[];
  /** Class names (index = class code) for classification; absent for regression. */
  classes?: string[];
  /** Impurity-based feature importances (mean decrease in impurity), summing to 1; all 0 without a split. */
  importances: Float64Array;
}

/** The model info of a fit: class names default to "0".."k-1", feature names to "x0".."x(d-1)". */
export function modelInfo(data: TrainData, task: Task, k: number, importances: Float64Array): ModelInfo {
  const featureNames = data.featureNames.length === data.d ? data.featureNames.slice() : Array.from({ length: data.d }, (_, f) => `x${f}`);
  const classes = task === 'regression' ? undefined : data.classes?.slice() ?? Array.from({ length: k }, (_, c) => String(c));
  return { task, nFeatures: data.d, featureNames, ...(classes ? { classes } : {}), importances };
}

/** What both model JSON formats start with. */
export interface ModelHeader {
  task: Task;
  nFeatures: number;
  /** k classes, or 1 for regression. */
  nOutputs: number;
  featureNames: string[];
  classes?: string[];
  importances: number[];
}

export function writeHeader(m: ModelInfo, nOutputs: number): ModelHeader {
  const { task, nFeatures, featureNames, classes, importances } = m;
  return { task, nFeatures, nOutputs, featureNames, ...(classes ? { classes } : {}), importances: Array.from(importances) };
}

const isStrings = (a: unknown, n: number): boolean => Array.isArray(a) && a.length === n && a.every((s) => typeof s === 'string');

/** Reads and checks the header of a model JSON of the given format. */
export function readHeader(json: unknown, format: string): { info: ModelInfo; nOutputs: number; json: Record<string, unknown> } {
  const j = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const bad = (m: string): never => {
    throw new TreeError(`Cannot read the model: ${m}`, { reason: 'BAD_MODEL', format: j.format });
  };
  if (j.format !== format) bad(`expected format '${format}', got ${JSON.stringify(j.format)}.`);
  const { task, nFeatures, nOutputs, featureNames, classes, importances } = j;
  if (task !== 'regression' && task !== 'binary' && task !== 'multiclass') bad(`unknown task ${JSON.stringify(task)}.`);
  if (!Number.isInteger(nFeatures) || (nFeatures as number) < 1) bad('nFeatures must be a positive whole number.');
  const d = nFeatures as number, k = task === 'regression' ? 1 : (nOutputs as number);
  if (nOutputs !== k || !Number.isInteger(k) || (task !== 'regression' && k < 2)) bad(`nOutputs ${JSON.stringify(nOutputs)} does not fit a ${task} task.`);
  if (task !== 'regression' && !isStrings(classes, k)) bad(`classes must hold ${k} names.`);
  if (!isStrings(featureNames, d)) bad(`featureNames must hold ${d} names.`);
  if (!Array.isArray(importances) || importances.length !== d || !importances.every((v) => typeof v === 'number')) bad(`importances must hold ${d} numbers.`);
  const info: ModelInfo = { task: task as Task, nFeatures: d, featureNames: (featureNames as string[]).slice(), importances: Float64Array.from(importances as number[]) };
  if (task !== 'regression') info.classes = (classes as string[]).slice();
  return { info, nOutputs: k, json: j };
}
