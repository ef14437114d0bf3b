/**
 * CART decision tree (scikit-learn's DecisionTreeClassifier / DecisionTreeRegressor): gini or
 * entropy for classification, squared error for regression; max_depth, min_samples_split,
 * min_samples_leaf, max_features, sample and 'balanced' class weights.
 * Splits are exact over pre-sorted features by default (max_bins 0), or over up to 255 quantile
 * bins per feature (faster and lighter on large data). The seed orders the features examined at
 * each node, which decides ties and, with max_features, which features are examined.
 *
 * JSON ('benchtop-tree-v1'): { format, task, nFeatures, nOutputs, featureNames, classes (not for
 * regression), importances } plus the node arrays feature, threshold, left, right, value of
 * tree/structure.ts.
 */
import { mulberry32 } from '../../data/split';
import type { HyperParamSpec, SyncModelDef } from '../model';
import { checkTrainData, checkX, TreeError } from '../tree/errors';
import { argmaxRows, fitOneTree, meanOutput, modelInfo, prepare, readHeader, writeHeader, type ModelHeader, type ModelInfo } from '../tree/fit';
import { classWeightSpec, criterionSpec, maxBinsSpec, maxDepthSpec, maxFeaturesSpec, minSamplesLeafSpec, minSamplesSplitSpec, treeOptions } from '../tree/params';
import { treeFromJSON, treeToJSON, type Tree, type TreeJSON } from '../tree/structure';
import { baseWeights, makeTarget, sampleRows } from '../tree/target';

export interface DecisionTreeModel extends ModelInfo {
  tree: Tree;
}

export type DecisionTreeJSON = ModelHeader & TreeJSON & { format: 'benchtop-tree-v1' };

const PARAMS: readonly HyperParamSpec[] = [
  criterionSpec, maxDepthSpec, minSamplesSplitSpec, minSamplesLeafSpec, maxFeaturesSpec('all'), classWeightSpec, maxBinsSpec(0),
];

export const decisionTree: SyncModelDef<DecisionTreeModel> = {
  id: 'decision-tree',
  label: 'Decision tree',
  description: 'One CART tree of if-then splits on single features: readable, fast, prone to overfit without max_depth or min_samples_leaf.',
  tasks: ['binary', 'multiclass', 'regression'],
  params: PARAMS,

  fit(data, task, params, hooks = {}) {
    const k = checkTrainData(data, task);
    const opts = treeOptions(params, task, data.d, false, PARAMS);
    const w = baseWeights(data, task, k, opts.classWeight);
    const classification = task !== 'regression';
    const target = makeTarget(data, task, k, opts.criterion, w);
    const prep = prepare(data.X, data.n, data.d, opts.maxBins);
    const random = mulberry32(hooks.seed ?? 0);
    const cancelled = hooks.cancelled?.bind(hooks);
    const { tree, importances } = fitOneTree(prep, sampleRows(w), target, opts, random, classification, cancelled);
    hooks.progress?.(1, 1, { nodes: tree.nodeCount });
    return { ...modelInfo(data, task, k, importances), tree };
  },

  predict(model, X, n) {
    const out = meanOutput([model.tree], checked(model, X, n), n, model.nFeatures);
    return model.task === 'regression' ? out : argmaxRows(out, n, model.tree.nOut);
  },

  predictProba(model, X, n) {
    if (model.task === 'regression') throw new TreeError('predictProba is for classification models; this one does regression (use predict).', { reason: 'BAD_TASK' });
    return meanOutput([model.tree], checked(model, X, n), n, model.nFeatures);
  },

  toJSON(model): DecisionTreeJSON {
    return { format: 'benchtop-tree-v1', ...writeHeader(model, model.tree.nOut), ...treeToJSON(model.tree) };
  },

  fromJSON(json) {
    const { info, nOutputs } = readHeader(json, 'benchtop-tree-v1');
    return { ...info, tree: treeFromJSON(json, info.nFeatures, nOutputs, info.task !== 'regression') };
  },
};

function checked(model: ModelInfo, X: Float64Array, n: number): Float64Array {
  checkX(X, n, model.nFeatures, model.featureNames);
  return X;
}
