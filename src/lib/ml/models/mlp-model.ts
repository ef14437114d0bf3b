/**
 * A fitted multilayer perceptron: its weights on the host (Float32Array, so toJSON is synchronous),
 * the tensors made from them on first use (released by disposeMlp; predicting again re-creates
 * them), predictions in batches of rows with `await data()`, and its plain-JSON form.
 *
 * JSON (format 'benchtop-mlp-v1'):
 *   {
 *     "format": "benchtop-mlp-v1", "model": "mlp", "task": "regression" | "binary" | "multiclass",
 *     "featureNames": [d names, in the column order of X],
 *     "classes": null | [every class name; index = class code], "labels": null | [codes seen in training, ascending],
 *     "activation": "relu" | "tanh" | "logistic" | "identity",
 *     "output": "identity" | "logistic" | "softmax",
 *     "layers": [{ "weights": { "shape": [in, out], "data": [in·out numbers, row-major] },
 *                  "bias": { "shape": [out], "data": [out numbers] } }, ...],   input to output
 *     "scaler": null | { "mean": [d], "scale": [d] },      features are (x − mean) / scale first
 *     "target": null | { "mean": m, "scale": s },           regression outputs are m + s·output
 *     "info": { epochs, loss, stopped, backend, ... }
 *   }
 * The numbers are float32 values written as doubles, so a round trip predicts identically.
 * Prediction: regression the (unscaled) output; binary σ(score) is P(labels[1]), predicted when
 * > 0.5; multiclass softmax over labels, the first largest wins. Unseen classes get probability 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Task } from '../model';
import { checkFeatures, ModelError } from '../linalg/fit-checks';
import { ensureBackend } from '../backend';
import { forward, outputUnit, type Net } from './mlp-net';

export { MLP_FORMAT } from './mlp-params';

export interface MlpModel {
  task: Task;
  featureNames: string[];
  d: number;
  classes: string[] | null;
  labels: Int32Array | null;
  net: Net;
  /** Per layer: in × out weights (row-major) and out biases. */
  weights: Float32Array[];
  biases: Float32Array[];
  scaler: { mean: Float64Array; scale: Float64Array } | null;
  target: { mean: number; scale: number } | null;
  info: Record<string, number | string | boolean>;
  /** Tensors of weights/biases, made on first prediction. */
  tensors: { W: tf.Tensor[]; b: tf.Tensor[] } | null;
}

/** Rows of X (row-major, d columns) as float32, standardized when a scaler is given (training and prediction share this). */
export function scaledRows(X: Float64Array, d: number, scaler: MlpModel['scaler']): Float32Array {
  const x = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const j = i % d;
    x[i] = scaler ? (X[i] - scaler.mean[j]) / scaler.scale[j] : X[i];
  }
  return x;
}

/** Rows per forward pass, so one activation matrix stays near 2^21 numbers. */
const chunkRows = (net: Net): number => Math.max(1, Math.floor(2 ** 21 / Math.max(...net.sizes)));

/** n × outputs values of the output unit for the rows of X (the one place that runs the net). */
async function outputs(m: MlpModel, X: Float64Array, n: number): Promise<Float32Array> {
  checkFeatures('mlp', X, n, m.d, m.featureNames);
  await ensureBackend();
  if (!m.tensors) {
    const sizes = m.net.sizes;
    m.tensors = {
      W: m.weights.map((w, l) => tf.tensor2d(w, [sizes[l], sizes[l + 1]])),
      b: m.biases.map((b) => tf.tensor1d(b)),
    };
  }
  const { W, b } = m.tensors, d = m.d, k = m.net.sizes[m.net.sizes.length - 1];
  const out = new Float32Array(n * k), step = chunkRows(m.net);
  for (let start = 0; start < n; start += step) {
    const rows = Math.min(step, n - start), x = scaledRows(X.subarray(start * d, (start + rows) * d), d, m.scaler);
    const y = tf.tidy(() => outputUnit(forward(tf.tensor2d(x, [rows, d]), W, b, m.net.activation).out, m.net.output));
    try {
      out.set(await y.data(), start * k);
    } finally {
      y.dispose();
    }
  }
  return out;
}

/** Classification: n × classes probabilities (0 for classes not seen in training). */
export async function probaMlp(m: MlpModel, X: Float64Array, n: number): Promise<Float64Array> {
  if (!m.labels || !m.classes) throw new ModelError('mlp: predictProba is for classifiers; this model does regression.', { model: 'mlp' });
  const o = await outputs(m, X, n), k = m.classes.length, labels = m.labels;
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    if (m.net.output === 'logistic') {
      p[i * k + labels[1]] = o[i];
      p[i * k + labels[0]] = 1 - o[i];
    } else {
      for (let r = 0; r < labels.length; r++) p[i * k + labels[r]] = o[i * labels.length + r];
    }
  }
  return p;
}

/** Regression: values; classification: class codes (as numbers). */
export async function predictMlp(m: MlpModel, X: Float64Array, n: number): Promise<Float64Array> {
  const pred = new Float64Array(n);
  if (!m.labels) {
    const o = await outputs(m, X, n), t = m.target;
    for (let i = 0; i < n; i++) pred[i] = t ? t.mean + t.scale * o[i] : o[i];
    return pred;
  }
  const o = await outputs(m, X, n), labels = m.labels, k = labels.length;
  for (let i = 0; i < n; i++) {
    if (m.net.output === 'logistic') { pred[i] = o[i] > 0.5 ? labels[1] : labels[0]; continue; }
    let best = 0;
    for (let r = 1; r < k; r++) if (o[i * k + r] > o[i * k + best]) best = r;
    pred[i] = labels[best];
  }
  return pred;
}

/** Releases the model's tensors (predicting again makes them anew). */
export function disposeMlp(m: MlpModel): void {
  if (!m.tensors) return;
  for (const t of [...m.tensors.W, ...m.tensors.b]) t.dispose();
  m.tensors = null;
}
