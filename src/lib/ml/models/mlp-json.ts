/**
 * The multilayer perceptron's plain-JSON form ('benchtop-mlp-v1', documented in mlp-model.ts):
 * toMlpJSON writes it, fromMlpJSON checks every field and shape and rebuilds the model (no tensors
 * until the first prediction). A malformed document is a ModelError naming the field.
 */
import type { Task } from '../model';
import { ModelError } from '../linalg/fit-checks';
import type { MlpModel } from './mlp-model';
import { ACTIVATIONS, MLP_FORMAT, type Activation, type Output } from './mlp-params';

interface Tensor { shape: number[]; data: number[] }

export interface MlpJSON {
  format: typeof MLP_FORMAT;
  model: 'mlp';
  task: Task;
  featureNames: string[];
  classes: string[] | null;
  labels: number[] | null;
  activation: Activation;
  output: Output;
  layers: { weights: Tensor; bias: Tensor }[];
  scaler: { mean: number[]; scale: number[] } | null;
  target: { mean: number; scale: number } | null;
  info: Record<string, number | string | boolean>;
}

export function toMlpJSON(m: MlpModel): MlpJSON {
  const s = m.net.sizes;
  return {
    format: MLP_FORMAT, model: 'mlp', task: m.task, featureNames: [...m.featureNames],
    classes: m.classes ? [...m.classes] : null, labels: m.labels ? Array.from(m.labels) : null,
    activation: m.net.activation, output: m.net.output,
    layers: m.weights.map((w, l) => ({
      weights: { shape: [s[l], s[l + 1]], data: Array.from(w) },
      bias: { shape: [s[l + 1]], data: Array.from(m.biases[l]) },
    })),
    scaler: m.scaler ? { mean: Array.from(m.scaler.mean), scale: Array.from(m.scaler.scale) } : null,
    target: m.target ? { ...m.target } : null,
    info: { ...m.info },
  };
}

const bad = (what: string): never => { throw new ModelError(`mlp: not a ${MLP_FORMAT} model: ${what}.`, { model: 'mlp' }); };
const numbers = (v: unknown, len: number, what: string): number[] =>
  Array.isArray(v) && v.length === len && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : bad(`${what} must be ${len} finite numbers`);

export function fromMlpJSON(json: unknown): MlpModel {
  const j = (json && typeof json === 'object' ? json : bad('not an object')) as Partial<MlpJSON>;
  if (j.format !== MLP_FORMAT || j.model !== 'mlp') bad(`format is ${JSON.stringify(j.format)}, model ${JSON.stringify(j.model)}`);
  const task = j.task as Task;
  if (!['regression', 'binary', 'multiclass'].includes(task)) bad(`unknown task ${JSON.stringify(task)}`);
  if (!Array.isArray(j.featureNames) || !j.featureNames.every((f) => typeof f === 'string')) bad('featureNames must be strings');
  if (!ACTIVATIONS.includes(j.activation as Activation)) bad(`activation must be one of ${ACTIVATIONS.join(', ')}`);
  const output = task === 'regression' ? 'identity' : j.labels?.length === 2 ? 'logistic' : 'softmax';
  if (j.output !== output) bad(`output must be ${output} for this task and these labels`);
  const classification = task !== 'regression';
  if (classification && (!Array.isArray(j.classes) || !Array.isArray(j.labels) || j.labels.length < 2)) bad('a classifier needs classes and at least two labels');
  if (classification && !j.labels!.every((c, i) => Number.isInteger(c) && c >= 0 && c < j.classes!.length && (i === 0 || c > j.labels![i - 1]))) bad('labels must be ascending class indices');
  const d = j.featureNames!.length;
  if (!Array.isArray(j.layers) || j.layers.length < 1) bad('layers must be a non-empty list');
  const sizes = [d];
  const weights: Float32Array[] = [], biases: Float32Array[] = [];
  j.layers!.forEach((layer, l) => {
    const shape = layer?.weights?.shape;
    if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== sizes[l] || !(Number.isInteger(shape[1]) && shape[1] > 0)) bad(`layer ${l} weights must have shape [${sizes[l]}, units]`);
    sizes.push(shape[1]);
    weights.push(Float32Array.from(numbers(layer.weights.data, shape[0] * shape[1], `layer ${l} weights`)));
    biases.push(Float32Array.from(numbers(layer.bias?.data, shape[1], `layer ${l} bias`)));
  });
  const k = sizes[sizes.length - 1], want = output === 'softmax' ? j.labels!.length : 1;
  if (k !== want) bad(`the last layer has ${k} outputs; this task needs ${want}`);
  const scaler = j.scaler ? { mean: Float64Array.from(numbers(j.scaler.mean, d, 'scaler.mean')), scale: Float64Array.from(numbers(j.scaler.scale, d, 'scaler.scale')) } : null;
  const target = j.target ? { mean: numbers([j.target.mean], 1, 'target.mean')[0], scale: numbers([j.target.scale], 1, 'target.scale')[0] } : null;
  return {
    task, featureNames: [...j.featureNames!], d,
    classes: classification ? [...j.classes!] : null, labels: classification ? Int32Array.from(j.labels!) : null,
    net: { sizes, activation: j.activation!, output }, weights, biases, scaler, target,
    info: { ...(j.info ?? {}) }, tensors: null,
  };
}
