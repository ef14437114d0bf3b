/**
 * The MLP's parameters and constants, without TensorFlow.js: the registry, the training form and
 * the search read them without loading tfjs (it loads when a network is first fitted or used).
 */
import type { HyperParamSpec, Task } from '../model';
import { ModelError } from '../linalg/fit-checks';

export const MLP_FORMAT = 'benchtop-mlp-v1';
export const ACTIVATIONS = ['relu', 'tanh', 'logistic', 'identity'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export type Output = 'identity' | 'logistic' | 'softmax';

export const ID = 'mlp';
export const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];
const HIDDEN = ['16', '32', '64', '100', '128', '256', '512', '32,16', '64,32', '100,50', '128,64', '256,128', '64,64', '100,100', '128,128', '64,64,64'] as const;

export const HIDDEN_SPEC: HyperParamSpec = { name: 'hidden_layer_sizes', kind: 'enum', default: '100', values: HIDDEN, help: 'Units of each hidden layer, input side first: "100" is one layer of 100, "64,32" two layers. The choices are common shapes; a saved model may hold any list of 1 to 8 sizes from 1 to 4096.' };
export const SPECS: readonly HyperParamSpec[] = [
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

