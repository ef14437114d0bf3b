/**
 * Benchtop models as TensorFlow.js LAYERS models (a tf.sequential of Dense layers), written the way
 * tfjs's own save does, so that plain `tf.loadLayersModel` in any TensorFlow.js app loads them and
 * `model.predict` answers as Benchtop does:
 * - the MLP ('benchtop-mlp-v1'): one Dense layer per MLP layer. The input standardisation is folded
 *   into the first layer, W'ᵢⱼ = Wᵢⱼ / scaleᵢ and b'ⱼ = bⱼ − Σᵢ (meanᵢ / scaleᵢ)·Wᵢⱼ, and the
 *   regression target scaling into the last, W' = s·W and b' = s·b + m. Hidden activations relu,
 *   tanh, logistic → sigmoid, identity → linear; the output unit sigmoid (two classes: one column,
 *   P(labels[1])), softmax (columns in `labels` order) or linear (regression: the value);
 * - linear models ('benchtop-linear-v1'): one Dense layer of the coefficients; logistic regression
 *   with sigmoid / softmax (probabilities), the others linear (the value, or linear-svc's scores).
 * Folds are computed in float64 and stored as float32 (tfjs layers hold float32); a feature with a
 * large offset against its spread loses float32 digits, as in any float32 model.
 * Artifacts: `model.json` = { modelTopology, format 'layers-model', generatedBy, convertedBy,
 * userDefinedMetadata: { benchtop: { algorithm, task, features, output, outputs, … } },
 * weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }] } and the weight bytes
 * (float32, little-endian, in manifest order). TensorFlow.js is imported on first use.
 */
import { LINEAR_KINDS, type LinearModelJSON } from '../linalg/linear-model';
import type { MlpJSON } from './mlp-json';

export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

/** Whether an algorithm's models have a TensorFlow.js layers form (the MLP and the linear models). */
export const hasLayersForm = (algorithm: string): boolean => algorithm === 'mlp' || (LINEAR_KINDS as readonly string[]).includes(algorithm);

export type DenseActivation = 'relu' | 'tanh' | 'sigmoid' | 'linear' | 'softmax';

/** One Dense layer: `kernel` is in × units, row-major. */
export interface DenseSpec { units: number; activation: DenseActivation; kernel: Float64Array; bias: Float64Array }

/** What the output columns hold: probabilities of the named classes, values, or linear scores per class. */
export interface LayersOutput { kind: 'probability' | 'value' | 'score'; columns: string[] }

export interface LayersArtifacts {
  /** The contents of tfjs/model.json. */
  modelJson: Record<string, unknown>;
  /** The contents of tfjs/group1-shard1of1.bin. */
  weights: Uint8Array;
  output: LayersOutput;
}

const HIDDEN: Record<MlpJSON['activation'], DenseActivation> = { relu: 'relu', tanh: 'tanh', logistic: 'sigmoid', identity: 'linear' };
const OUTPUT: Record<MlpJSON['output'], DenseActivation> = { logistic: 'sigmoid', softmax: 'softmax', identity: 'linear' };

/** Names of the output columns: the class of labels[1] for one column of a classifier, else each label's class. */
function outputColumns(classes: string[] | null, labels: number[] | null, units: number, fallback: string): string[] {
  if (!classes || !labels) return [fallback];
  return units === 1 ? [classes[labels[1]]] : labels.map((c) => classes[c]);
}

/** The MLP's layers with the scaler folded into the first and the target scaling into the last. */
export function mlpDenseLayers(j: MlpJSON): DenseSpec[] {
  const last = j.layers.length - 1;
  return j.layers.map((layer, l) => {
    const [inputs, units] = layer.weights.shape;
    const kernel = Float64Array.from(layer.weights.data), bias = Float64Array.from(layer.bias.data);
    if (l === 0 && j.scaler) {
      const { mean, scale } = j.scaler;
      for (let i = 0; i < inputs; i++) {
        for (let u = 0; u < units; u++) {
          bias[u] -= (mean[i] / scale[i]) * kernel[i * units + u];
          kernel[i * units + u] /= scale[i];
        }
      }
    }
    if (l === last && j.target) {
      const { mean, scale } = j.target;
      for (let k = 0; k < kernel.length; k++) kernel[k] *= scale;
      for (let u = 0; u < units; u++) bias[u] = bias[u] * scale + mean;
    }
    return { units, activation: l === last ? OUTPUT[j.output] : HIDDEN[j.activation], kernel, bias };
  });
}

/** A linear model as one Dense layer: coefᵀ (d × rows) and the intercepts. */
export function linearDenseLayer(j: LinearModelJSON): DenseSpec {
  const rows = j.coef.length, d = j.featureNames.length, kernel = new Float64Array(d * rows);
  j.coef.forEach((row, r) => row.forEach((c, i) => { kernel[i * rows + r] = c; }));
  const activation: DenseActivation = j.model !== 'logistic-regression' ? 'linear' : rows === 1 ? 'sigmoid' : 'softmax';
  return { units: rows, activation, kernel, bias: Float64Array.from(j.intercept) };
}

/** The Dense layers and output description of a model's JSON, or null when the algorithm has no layers form (trees). */
export function denseForm(algorithm: string, weights: unknown, target: string): { layers: DenseSpec[]; output: LayersOutput } | null {
  if (algorithm === 'mlp') {
    const j = weights as MlpJSON, layers = mlpDenseLayers(j);
    const kind = j.task === 'regression' ? 'value' : 'probability';
    return { layers, output: { kind, columns: outputColumns(j.classes, j.labels, layers[layers.length - 1].units, target) } };
  }
  if (hasLayersForm(algorithm) && (weights as { format?: unknown })?.format === 'benchtop-linear-v1') {
    const j = weights as LinearModelJSON, layer = linearDenseLayer(j);
    const kind = j.task === 'regression' ? 'value' : j.model === 'logistic-regression' ? 'probability' : 'score';
    return { layers: [layer], output: { kind, columns: outputColumns(j.classes, j.labels, layer.units, target) } };
  }
  return null;
}

/**
 * Builds the tf.sequential, saves it through a save handler and returns model.json and the weight
 * bytes. `metadata` goes into userDefinedMetadata.benchtop (with the output description).
 */
export async function layersArtifacts(inputs: number, layers: readonly DenseSpec[], output: LayersOutput, metadata: Record<string, unknown>): Promise<LayersArtifacts> {
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  await (await import('../backend')).ensureBackend();
  const model = tfl.sequential({ name: 'benchtop_model' });
  const values: import('@tensorflow/tfjs-core').Tensor[] = [];
  try {
    layers.forEach((l, i) => {
      model.add(tfl.layers.dense({
        units: l.units, activation: l.activation, name: `dense_${i + 1}`, kernelInitializer: 'zeros', biasInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [inputs] } : {}),
      }));
      values.push(tf.tensor2d(Float32Array.from(l.kernel), [l.kernel.length / l.units, l.units]), tf.tensor1d(Float32Array.from(l.bias)));
    });
    model.setWeights(values);
    model.setUserDefinedMetadata({ benchtop: { ...metadata, output: output.kind, outputs: output.columns } });
    let saved: import('@tensorflow/tfjs-core').io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const a = saved as unknown as import('@tensorflow/tfjs-core').io.ModelArtifacts;
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData as ArrayBuffer | ArrayBuffer[]));
    const modelJson: Record<string, unknown> = {
      modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null,
      userDefinedMetadata: a.userDefinedMetadata, weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: a.weightSpecs }],
    };
    return { modelJson, weights, output };
  } finally {
    for (const t of values) t.dispose();
    try { model.dispose(); } catch { /* a model that failed to build holds nothing */ }
  }
}

/** The model's TensorFlow.js layers artifacts, or null for algorithms without a layers form (trees). */
export async function tfjsArtifacts(algorithm: string, weights: unknown, target: string, metadata: Record<string, unknown>): Promise<LayersArtifacts | null> {
  const form = denseForm(algorithm, weights, target);
  if (!form) return null;
  const features = (weights as { featureNames: string[] }).featureNames;
  return layersArtifacts(features.length, form.layers, form.output, { ...metadata, features });
}
