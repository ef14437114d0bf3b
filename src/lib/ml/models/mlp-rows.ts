/**
 * The multilayer perceptron's rows on the host side: Float32 features, encoded targets and row
 * weights, the mini-batches built from them (features, targets, per-row loss scale, dropout
 * masks), and the validation evaluator used for early stopping (loss and score on the device).
 * Targets: regression the (scaled) value; binary 0/1; multiclass the output row 0..k-1, one-hot
 * encoded per batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, lossAndDelta, unpack, type Batch, type Net } from './mlp-net';

export interface Rows {
  n: number;
  d: number;
  /** n × d, row-major. */
  X: Float32Array;
  target: Float32Array;
  /** Per-row loss weights (mean 1 over the training rows). */
  weight: Float32Array;
  /** Outputs of the net: classes for softmax, else 1. */
  outputs: number;
  /** Progress key of the validation score. */
  scoreName: 'val_accuracy' | 'val_r2';
  /** The batch of these row indices, with fresh dropout masks when asked (inverted dropout). */
  batch(rows: ArrayLike<number>, dropout?: { rate: number; random: () => number; widths: readonly number[] }): Batch;
}

export function makeRows(X: Float32Array, n: number, d: number, target: Float32Array, weight: Float32Array, net: Net): Rows {
  const outputs = net.sizes[net.sizes.length - 1];
  const softmax = net.output === 'softmax';
  return {
    n, d, X, target, weight, outputs,
    scoreName: net.output === 'identity' ? 'val_r2' : 'val_accuracy',
    batch(rows, dropout) {
      const B = rows.length;
      const x = new Float32Array(B * d), t = new Float32Array(B * outputs), s = new Float32Array(B);
      for (let r = 0; r < B; r++) {
        const i = rows[r];
        // A plain loop: subarray() + set() per row cost a tenth of a training step.
        for (let j = 0, a = i * d, b = r * d; j < d; j++) x[b + j] = X[a + j];
        if (softmax) t[r * outputs + target[i]] = 1;
        else t[r] = target[i];
        s[r] = weight[i] / B;
      }
      const batch: Batch = { x: tf.tensor2d(x, [B, d]), t: tf.tensor2d(t, [B, outputs]), s: tf.tensor2d(s, [B, 1]) };
      if (dropout) {
        const keep = 1 - dropout.rate, scale = 1 / keep;
        batch.masks = dropout.widths.map((w) => {
          const m = new Float32Array(B * w);
          for (let i = 0; i < m.length; i++) m[i] = dropout.random() < keep ? scale : 0;
          return tf.tensor2d(m, [B, w]);
        });
      }
      return batch;
    },
  };
}

/**
 * Uploads the validation rows once (tensors handed to `own`, released by the caller) and returns
 * a function giving [mean loss, score] scalars for parameters θ; score = accuracy, or R² for
 * regression. Call the function inside tf.tidy.
 */
export function evaluator(val: Rows, net: Net, own: <T extends tf.Tensor>(t: T) => T): (theta: tf.Tensor) => tf.Tensor[] {
  const all = Int32Array.from({ length: val.n }, (_, i) => i);
  const { x, t } = tf.tidy(() => {
    const b = val.batch(all);
    return { x: own(b.x), t: own(b.t) };
  });
  const output = net.output;
  let ssTot = 0;
  if (output === 'identity') {
    let mean = 0;
    for (let i = 0; i < val.n; i++) mean += val.target[i] / val.n;
    for (let i = 0; i < val.n; i++) ssTot += (val.target[i] - mean) ** 2;
  }
  const labels = output === 'softmax' ? own(tf.tensor1d(Int32Array.from(val.target), 'int32')) : null;
  return (theta) => {
    const { W, b } = unpack(theta, net);
    const out = forward(x, W, b, net.activation).out;
    const loss = tf.mean(lossAndDelta(out, t, output).loss);
    let score: tf.Tensor;
    if (output === 'identity') score = tf.sub(1, tf.div(tf.sum(tf.square(tf.sub(out, t))), ssTot > 0 ? ssTot : 1));
    else if (labels) score = tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), labels), 'float32'));
    else score = tf.mean(tf.cast(tf.equal(tf.cast(tf.greater(out, 0), 'float32'), t), 'float32'));
    return [loss, score];
  };
}
