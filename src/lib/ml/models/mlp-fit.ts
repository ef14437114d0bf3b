/**
 * Fitting the MLP (see mlp.ts for the model): class and sample weights, the in-model scaler, the
 * early-stopping hold-out, then mini-batch training on the active tensor backend (mlp-train.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { SplitError, randomSplit, stratifiedSplit } from '../../data/split';
import type { FitHooks, HyperParams, Task, TrainData } from '../model';
import { balancedWeights, checkTrainData, classInfo, ModelError, readParams } from '../linalg/fit-checks';
import { ensureBackend } from '../backend';
import { pieces, type Net } from './mlp-net';
import { makeRows } from './mlp-rows';
import { trainNet } from './mlp-train';
import { scaledRows, type MlpModel } from './mlp-model';
import { HIDDEN_SPEC, ID, parseHidden, SPECS, TASKS, type Activation, type OptimizerName } from './mlp-params';

/** Column means and standard deviations (population; a constant column gets scale 1). */
function fitScaler(X: Float64Array, n: number, d: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d), scale = new Float64Array(d);
  for (let i = 0; i < n * d; i++) mean[i % d] += X[i] / n;
  for (let i = 0; i < n * d; i++) scale[i % d] += (X[i] - mean[i % d]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = scale[j] > 1e-24 * Math.max(1, mean[j] ** 2) ? Math.sqrt(scale[j]) : 1;
  return { mean, scale };
}

/** Training and (early stopping) validation row indices. */
function holdOut(t: Float32Array, n: number, classifier: boolean, share: number, seed: number): { train: Int32Array; val: Int32Array | null } {
  try {
    const s = classifier ? stratifiedSplit(Int32Array.from(t), { test: share, seed }) : randomSplit(n, { test: share, seed });
    if (s.train.length < 1 || s.test.length < 1) throw new SplitError(`${n} rows leave no rows on one side`);
    return { train: s.train, val: s.test };
  } catch (e) {
    if (!(e instanceof SplitError)) throw e;
    throw new ModelError(`mlp: early_stopping cannot hold out validation_fraction = ${share} of ${n} rows: ${e.message}`, { model: ID, param: 'validation_fraction', value: share });
  }
}

export async function fitMlp(data: TrainData, task: Task, params: HyperParams, hooks: FitHooks = {}): Promise<MlpModel> {
  const weight = checkTrainData(ID, data, task, TASKS);
  const { hidden_layer_sizes: hiddenParam = HIDDEN_SPEC.default, ...rest } = params;
  const hidden = parseHidden(hiddenParam);
  const p = readParams(ID, SPECS, rest);
  const { n, d, y } = data, seed = (hooks.seed ?? 0) >>> 0;
  const info = task === 'regression' ? null : classInfo(ID, data, task, weight);
  const labels = info?.labels ?? null, k = labels?.length ?? 0;
  if (info && p.class_weight === 'balanced') {
    const cw = balancedWeights(y, labels!, info.classes.length);
    for (let i = 0; i < n; i++) weight[i] *= cw[y[i]];
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i];
  const rowOf = new Int32Array(info?.classes.length ?? 0).fill(-1);
  labels?.forEach((c, r) => { rowOf[c] = r; });
  const scaler = p.standardize ? fitScaler(data.X, n, d) : null;
  const target = task === 'regression' && p.standardize ? fitScaler(Float64Array.from(y), n, 1) : null;
  const t = Float32Array.from(y, (v) => (labels ? (k === 2 ? (rowOf[v] === 1 ? 1 : 0) : rowOf[v]) : target ? (v - target.mean[0]) / target.scale[0] : v));
  const w = Float32Array.from(weight, (v) => (v * n) / total);
  const net: Net = { sizes: [d, ...hidden, k > 2 ? k : 1], activation: p.activation as Activation, output: !labels ? 'identity' : k === 2 ? 'logistic' : 'softmax' };
  const X = scaledRows(data.X, d, scaler);
  const split = p.early_stopping ? holdOut(t, n, !!labels, p.validation_fraction as number, (seed + 0x9e3779b9) >>> 0) : null;
  const subset = (rows: Int32Array) => {
    const x = new Float32Array(rows.length * d);
    rows.forEach((r, i) => x.set(X.subarray(r * d, r * d + d), i * d));
    return makeRows(x, rows.length, d, Float32Array.from(rows, (r) => t[r]), Float32Array.from(rows, (r) => w[r]), net);
  };
  const backend = await ensureBackend();
  const res = await trainNet(split ? subset(split.train) : makeRows(X, n, d, t, w, net), split?.val ? subset(split.val) : null, {
    net, alpha: p.alpha as number, dropout: p.dropout as number, optimizer: p.optimizer as OptimizerName, lr: p.learning_rate_init as number,
    batch: p.batch_size as number, maxIter: p.max_iter as number, earlyStopping: p.early_stopping as boolean,
    nIterNoChange: p.n_iter_no_change as number, tol: p.tol as number, seed,
  }, hooks);
  const weights: Float32Array[] = [], biases: Float32Array[] = [];
  let o = 0;
  pieces(net).forEach((len, i) => { (i % 2 === 0 ? weights : biases).push(res.theta.slice(o, o + len)); o += len; });
  return {
    task, featureNames: [...data.featureNames], d, classes: info ? info.classes : null, labels, net, weights, biases,
    scaler, target: target ? { mean: target.mean[0], scale: target.scale[0] } : null,
    info: {
      epochs: res.epochs, loss: res.loss, stopped: res.stopped, converged: res.stopped !== 'max_iter', backend, tfjs: tf.version_core,
      parameters: res.theta.length, ...(res.bestScore !== undefined ? { best_validation_score: res.bestScore } : {}),
    },
    tensors: null,
  };
}

