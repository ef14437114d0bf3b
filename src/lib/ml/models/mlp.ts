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
import type { FitHooks, HyperParams, ModelDef, Task, TrainData } from '../model';
import { fromMlpJSON, toMlpJSON } from './mlp-json';
import type { MlpModel } from './mlp-model';
import { HIDDEN_SPEC, ID, SPECS, TASKS } from './mlp-params';

export { parseHidden } from './mlp-params';

/** The TensorFlow.js side, loaded on first use (the classical models never load tfjs). */
let model: typeof import('./mlp-model') | null = null;
const impl = async () => (model ??= await import('./mlp-model'));

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
  fit: async (data, task, params, hooks) => (await import('./mlp-fit')).fitMlp(data, task, params, hooks),
  predict: async (m, X, n) => (await impl()).predictMlp(m, X, n),
  predictProba: async (m, X, n) => (await impl()).probaMlp(m, X, n),
  // A model holds tensors only once it has predicted, which loaded the tfjs side.
  dispose: (m) => model?.disposeMlp(m),
  toJSON: toMlpJSON,
  fromJSON: fromMlpJSON,
};
