/**
 * Multilayer perceptron (TensorFlow.js) = scikit-learn's MLPClassifier / MLPRegressor with its
 * defaults and stopping rules (see mlp-train.ts), plus dropout, RMSprop and class weights:
 * - hidden layers of `activation` units, then one identity output (regression), one logistic
 *   output (two classes) or a softmax over the classes; losses ½(z−y)², log loss, cross-entropy;
 * - mini-batch training with Adam, SGD (Nesterov momentum) or RMSprop, L2 penalty α on the
 *   weights; sᵢ = sample weight × class weight ('balanced' = n / (classes × rows of the class)),
 *   scaled to mean 1, multiplies each row's loss;
 * - `standardize` (on by default, unlike scikit-learn): features, and a regression target, are
 *   standardized with the training rows' mean and standard deviation inside the model; the
 *   scaler is stored in the model JSON and applied at prediction. This matches a scikit-learn
 *   pipeline of StandardScaler + MLP (inside TransformedTargetRegressor for a target). Off, the
 *   data is used as given (the MLP is sensitive to scale: standardize in the recipe then);
 * - everything random (initial weights, batch order, validation share, dropout masks) comes from
 *   hooks.seed: the same seed, data, params and tensor backend give the same model.
 * hooks.progress(epoch, max_iter, { loss, val_loss?, val_accuracy? | val_r2? }) after every epoch;
 * hooks.cancelled polled before every batch. fit/predict/predictProba are async; dispose releases
 * the model's tensors. The backend is whatever backend.ts set (the CPU one when none was).
 */
import * as tf from '@tensorflow/tfjs-core';
import { SplitError, randomSplit, stratifiedSplit } from '../../data/split';
import type { FitHooks, HyperParamSpec, HyperParams, ModelDef, Task, TrainData } from '../model';
import { balancedWeights, checkTrainData, classInfo, ModelError, readParams } from '../linalg/fit-checks';
import { ensureBackend } from '../backend';
import { ACTIVATIONS, OPTIMIZERS, pieces, type Activation, type Net, type OptimizerName } from './mlp-net';
import { makeRows } from './mlp-rows';
import { trainNet } from './mlp-train';
import { disposeMlp, predictMlp, probaMlp, scaledRows, type MlpModel } from './mlp-model';
import { fromMlpJSON, toMlpJSON } from './mlp-json';

const ID = 'mlp';
const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];
const HIDDEN = ['16', '32', '64', '100', '128', '256', '512', '32,16', '64,32', '100,50', '128,64', '256,128', '64,64', '100,100', '128,128', '64,64,64'] as const;

const HIDDEN_SPEC: HyperParamSpec = { name: 'hidden_layer_sizes', kind: 'enum', default: '100', values: HIDDEN, help: 'Units of each hidden layer, input side first: "100" is one layer of 100, "64,32" two layers. The choices are common shapes; a saved model may hold any list of 1 to 8 sizes from 1 to 4096.' };
const SPECS: readonly HyperParamSpec[] = [
  { name: 'activation', kind: 'enum', default: 'relu', values: ACTIVATIONS, help: 'Hidden-unit activation: relu max(0, z), tanh, logistic 1/(1 + e^−z), identity (no non-linearity).' },
  { name: 'alpha', kind: 'number', default: 1e-4, min: 0, max: 10, help: 'L2 penalty on the weights (not the biases): ½·alpha·‖W‖² / batch size is added to each batch loss.' },
  { name: 'dropout', kind: 'number', default: 0, min: 0, max: 0.9, help: 'Share of hidden units zeroed at random in each training batch (inverted dropout); 0 is off.' },
  { name: 'optimizer', kind: 'enum', default: 'adam', values: OPTIMIZERS, help: 'adam (β₁ 0.9, β₂ 0.999), sgd (Nesterov momentum 0.9) or rmsprop (ρ 0.9).' },
  { name: 'learning_rate_init', kind: 'number', default: 1e-3, min: 1e-6, max: 1, log: true, help: 'Step size of the optimizer (constant).' },
  { name: 'batch_size', kind: 'integer', default: 200, min: 1, max: 65_536, log: true, help: 'Rows per mini-batch; at most the training rows (scikit-learn’s min(200, n)).' },
  { name: 'max_iter', kind: 'integer', default: 200, min: 1, max: 10_000, help: 'Most epochs (passes over the training rows).' },
  { name: 'early_stopping', kind: 'boolean', default: false, help: 'Hold out validation_fraction of the training rows; stop when their score (accuracy, or R²) stops improving and keep the best epoch’s weights.' },
  { name: 'validation_fraction', kind: 'number', default: 0.1, min: 0.01, max: 0.5, help: 'Share of the training rows held out for early stopping (stratified for classifiers).' },
  { name: 'n_iter_no_change', kind: 'integer', default: 10, min: 1, max: 1000, help: 'Stop after this many epochs in a row without an improvement of at least tol.' },
  { name: 'tol', kind: 'number', default: 1e-4, min: 0, max: 1, help: 'Smallest decrease of the training loss (or rise of the validation score) that counts as an improvement.' },
  { name: 'class_weight', kind: 'enum', default: 'none', values: ['none', 'balanced'], help: "'balanced' weighs each class inversely to its frequency." },
  { name: 'standardize', kind: 'boolean', default: true, help: 'Standardize features (and a regression target) on the training rows inside the model; the scaler is saved with it.' },
];

/** "64,32" → [64, 32]; anything else is a ModelError naming the valid form. */
export function parseHidden(v: unknown): number[] {
  const parts = typeof v === 'number' ? [String(v)] : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [];
  const sizes = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (sizes.length < 1 || sizes.length > 8 || !sizes.every((u) => u >= 1 && u <= 4096)) {
    throw new ModelError(`mlp: parameter hidden_layer_sizes = ${JSON.stringify(v)} must list 1 to 8 layer sizes, whole numbers from 1 to 4096 separated by commas (e.g. "100" or "64,32").`, { model: ID, param: 'hidden_layer_sizes', value: v, choices: HIDDEN });
  }
  return sizes;
}

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

async function fit(data: TrainData, task: Task, params: HyperParams, hooks: FitHooks = {}): Promise<MlpModel> {
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

/** The MLP's ModelDef, with its asynchronous signatures spelled out. */
export interface MlpDef extends ModelDef<MlpModel> {
  fit(data: TrainData, task: Task, params: HyperParams, hooks?: FitHooks): Promise<MlpModel>;
  predict(model: MlpModel, X: Float64Array, n: number): Promise<Float64Array>;
  predictProba(model: MlpModel, X: Float64Array, n: number): Promise<Float64Array>;
  dispose(model: MlpModel): void;
}

export const mlp: MlpDef = {
  id: ID,
  label: 'Multilayer perceptron',
  description: 'A feed-forward neural network trained by mini-batch Adam/SGD on TensorFlow.js (WebGPU, WebGL, WASM or CPU), as scikit-learn’s MLP. Learns non-linear effects and interactions; needs more data and tuning than linear models.',
  tasks: TASKS,
  params: [HIDDEN_SPEC, ...SPECS],
  tensor: true,
  fit,
  predict: predictMlp,
  predictProba: probaMlp,
  dispose: disposeMlp,
  toJSON: toMlpJSON,
  fromJSON: fromMlpJSON,
};
