/**
 * Hyperparameters shared by the decision tree and the random forest (scikit-learn's names and
 * meanings), and their parsing into GrowOptions with messages that list the valid choices.
 */
import type { HyperParamSpec, HyperParams, Task } from '../model';
import { TreeError } from './errors';

export type Criterion = 'gini' | 'entropy' | 'squared_error';

export interface TreeOptions {
  criterion: Criterion;
  /** Infinity when unlimited. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features examined per split (at least this many non-constant ones, as scikit-learn). */
  maxFeatures: number;
  classWeight: 'none' | 'balanced';
  /** 0: exact splits over every distinct value; 2..255: histogram splits over quantile bins. */
  maxBins: number;
}

const CRITERIA = ['auto', 'gini', 'entropy', 'squared_error'] as const;
const MAX_FEATURES = ['auto', 'all', 'sqrt', 'log2'] as const;

export const criterionSpec: HyperParamSpec = {
  name: 'criterion', kind: 'enum', default: 'auto', values: CRITERIA,
  help: "Split quality: 'gini' or 'entropy' for classification, 'squared_error' for regression; 'auto' picks gini / squared_error by task.",
};
export const maxDepthSpec: HyperParamSpec = { name: 'max_depth', kind: 'integer', default: 0, min: 0, max: 100, help: 'Deepest level a tree grows to (the root is depth 0); 0 = unlimited.' };
export const minSamplesSplitSpec: HyperParamSpec = { name: 'min_samples_split', kind: 'integer', default: 2, min: 2, max: 1000, log: true, help: 'A node with fewer training rows is not split.' };
export const minSamplesLeafSpec: HyperParamSpec = { name: 'min_samples_leaf', kind: 'integer', default: 1, min: 1, max: 1000, log: true, help: 'Every leaf keeps at least this many training rows.' };
export function maxFeaturesSpec(dflt: 'auto' | 'all'): HyperParamSpec {
  return {
    name: 'max_features', kind: 'enum', default: dflt, values: MAX_FEATURES,
    help: "Features tried per split: 'all', 'sqrt' or 'log2' of their count, a fraction in (0, 1], or a count > 1; 'auto' = sqrt for classification forests, all otherwise.",
  };
}
export const classWeightSpec: HyperParamSpec = { name: 'class_weight', kind: 'enum', default: 'none', values: ['none', 'balanced'], help: "'balanced' weights each class by n / (k · its count) (classification only)." };
export function maxBinsSpec(dflt: number): HyperParamSpec {
  return { name: 'max_bins', kind: 'integer', default: dflt, min: 0, max: 255, help: '0 = exact splits over every distinct value; 2..255 = histogram splits over at most this many quantile bins per feature (faster on large data).' };
}

function bad(message: string, param: string): never {
  throw new TreeError(message, { reason: 'BAD_PARAM', param });
}

/** Rejects names outside `specs`, listing the valid ones. */
export function checkNames(params: HyperParams, specs: readonly HyperParamSpec[]): void {
  for (const name of Object.keys(params)) {
    if (!specs.some((s) => s.name === name)) bad(`Unknown parameter '${name}': valid ones are ${specs.map((s) => s.name).join(', ')}.`, name);
  }
}

/** The value of an integer parameter, its default when absent. */
export function intParam(params: HyperParams, spec: HyperParamSpec): number {
  const v = params[spec.name] ?? spec.default;
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isInteger(x) || (spec.min !== undefined && x < spec.min) || (spec.max !== undefined && x > spec.max)) {
    bad(`${spec.name} must be a whole number from ${spec.min} to ${spec.max}; got ${JSON.stringify(v)}.`, spec.name);
  }
  return x;
}

function enumParam(params: HyperParams, spec: HyperParamSpec): string {
  const v = params[spec.name] ?? spec.default;
  if (typeof v !== 'string' || !spec.values!.includes(v)) bad(`${spec.name} must be one of ${spec.values!.join(', ')}; got ${JSON.stringify(v)}.`, spec.name);
  return v;
}

export function boolParam(params: HyperParams, spec: HyperParamSpec): boolean {
  const v = params[spec.name] ?? spec.default;
  if (typeof v !== 'boolean') bad(`${spec.name} must be true or false; got ${JSON.stringify(v)}.`, spec.name);
  return v;
}

/** Features per split for d features; `forest` makes 'auto' mean sqrt for classification. */
export function resolveMaxFeatures(v: number | string | boolean, d: number, task: Task, forest: boolean): number {
  const num = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : NaN;
  if (v === 'auto') return forest && task !== 'regression' ? Math.max(1, Math.floor(Math.sqrt(d))) : d;
  if (v === 'all') return d;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (num > 0 && num <= 1) return Math.max(1, Math.floor(num * d));
  if (Number.isInteger(num) && num > 1 && num <= d) return num;
  return bad(`max_features must be one of ${MAX_FEATURES.join(', ')}, a fraction in (0, 1] or a whole number from 2 to ${d} (the feature count); got ${JSON.stringify(v)}.`, 'max_features');
}

/** Parses the tree parameters shared by both models (n_estimators and bootstrap are the forest's). */
export function treeOptions(params: HyperParams, task: Task, d: number, forest: boolean, specs: readonly HyperParamSpec[]): TreeOptions {
  checkNames(params, specs);
  const classification = task !== 'regression';
  let criterion = enumParam(params, criterionSpec);
  if (criterion === 'auto') criterion = classification ? 'gini' : 'squared_error';
  if (classification === (criterion === 'squared_error')) {
    bad(`criterion '${criterion}' does not fit a ${task} task: use ${classification ? "'gini' or 'entropy'" : "'squared_error'"} (or 'auto').`, 'criterion');
  }
  const classWeight = enumParam(params, classWeightSpec) as 'none' | 'balanced';
  if (classWeight === 'balanced' && !classification) bad("class_weight 'balanced' applies to classification only; use 'none' for regression.", 'class_weight');
  const maxBins = intParam(params, specs.find((s) => s.name === 'max_bins')!);
  if (maxBins === 1) bad('max_bins must be 0 (exact splits) or from 2 to 255; got 1.', 'max_bins');
  const maxDepth = intParam(params, maxDepthSpec);
  return {
    criterion: criterion as Criterion,
    maxDepth: maxDepth === 0 ? Infinity : maxDepth,
    minSamplesSplit: intParam(params, minSamplesSplitSpec),
    minSamplesLeaf: intParam(params, minSamplesLeafSpec),
    maxFeatures: resolveMaxFeatures(params.max_features ?? (forest ? 'auto' : 'all'), d, task, forest),
    classWeight,
    maxBins,
  };
}
