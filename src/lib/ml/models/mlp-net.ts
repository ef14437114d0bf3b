/**
 * The tensor math of the multilayer perceptron (TensorFlow.js core ops only):
 * - the parameters live in ONE flat vector θ = [W₁ (in×out, row-major), b₁, W₂, b₂, …], so an
 *   optimizer step is a dozen kernels whatever the depth;
 * - the backward pass is written out by hand (no autodiff tape): per layer two matrix products,
 *   a column sum and the activation's derivative. That is about half the kernels tfjs's
 *   `optimizer.minimize` runs for the same step, and kernel launches are what a small MLP's step
 *   costs on every backend;
 * - initialisation is scikit-learn's: weights and biases uniform in ±√(f / (fan_in + fan_out)),
 *   f = 2 for the logistic activation and 6 otherwise, drawn from a seeded generator.
 * Losses (per row, before the row weights): regression ½(z − y)²; binary (one logistic output)
 * softplus(z) − y·z; multiclass −log softmax(z)_y. All three have the gradient (output − target).
 */
import * as tf from '@tensorflow/tfjs-core';

import { ACTIVATIONS, OPTIMIZERS, type Activation, type OptimizerName } from './mlp-params';

export { ACTIVATIONS, OPTIMIZERS, type Activation, type OptimizerName };
/** The output unit: identity (regression), logistic (binary: one unit), softmax (multiclass). */
export type { Output } from './mlp-params';
import type { Output } from './mlp-params';

export interface Net {
  /** Layer widths: [inputs, hidden…, outputs]. */
  sizes: readonly number[];
  activation: Activation;
  output: Output;
}

/** θ's length and the sizes of its pieces in order (W₁, b₁, W₂, b₂, …). */
export function pieces(net: Net): number[] {
  const out: number[] = [];
  for (let l = 1; l < net.sizes.length; l++) out.push(net.sizes[l - 1] * net.sizes[l], net.sizes[l]);
  return out;
}

/** scikit-learn's initial θ (see the header), from `random` (uniform in [0, 1)). */
export function initParams(net: Net, random: () => number): Float32Array {
  const theta = new Float32Array(pieces(net).reduce((s, v) => s + v, 0));
  const f = net.activation === 'logistic' ? 2 : 6;
  let o = 0;
  for (let l = 1; l < net.sizes.length; l++) {
    const bound = Math.sqrt(f / (net.sizes[l - 1] + net.sizes[l]));
    const count = (net.sizes[l - 1] + 1) * net.sizes[l];
    for (let i = 0; i < count; i++) theta[o++] = (2 * random() - 1) * bound;
  }
  return theta;
}

/** 1 on the weights of θ, 0 on the biases (the L2 penalty leaves biases alone, as scikit-learn). */
export function weightMask(net: Net): Float32Array {
  const sizes = pieces(net), mask = new Float32Array(sizes.reduce((s, v) => s + v, 0));
  let o = 0;
  sizes.forEach((len, i) => { if (i % 2 === 0) mask.fill(1, o, o + len); o += len; });
  return mask;
}

/** scikit-learn's defaults: Adam (β 0.9/0.999, ε 1e-8); SGD with Nesterov momentum 0.9; RMSprop (ρ 0.9). */
export function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  if (name === 'sgd') return tf.train.momentum(lr, 0.9, true);
  if (name === 'rmsprop') return tf.train.rmsprop(lr, 0.9, 0, 1e-7);
  return tf.train.adam(lr, 0.9, 0.999, 1e-8);
}

/** The layer tensors as views of θ: W[l] is in×out, b[l] has out entries. */
export function unpack(theta: tf.Tensor, net: Net): { W: tf.Tensor[]; b: tf.Tensor[] } {
  const parts = tf.split(theta, pieces(net));
  const W: tf.Tensor[] = [], b: tf.Tensor[] = [];
  for (let l = 1; l < net.sizes.length; l++) {
    W.push(tf.reshape(parts[2 * l - 2], [net.sizes[l - 1], net.sizes[l]]));
    b.push(parts[2 * l - 1]);
  }
  return { W, b };
}

function activate(z: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.relu(z);
  if (activation === 'tanh') return tf.tanh(z);
  if (activation === 'logistic') return tf.sigmoid(z);
  return z;
}

/** dLoss/dz from dLoss/da, for a = act(z). */
function activationGrad(dA: tf.Tensor, z: tf.Tensor, a: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.mul(dA, tf.step(z));
  if (activation === 'tanh') return tf.mul(dA, tf.sub(1, tf.square(a)));
  if (activation === 'logistic') return tf.mul(dA, tf.mul(a, tf.sub(1, a)));
  return dA;
}

/** Output-layer scores (before the output unit) of the rows of x; masks (dropout) scale the hidden activations. */
export function forward(x: tf.Tensor, W: tf.Tensor[], b: tf.Tensor[], activation: Activation, masks?: tf.Tensor[]): { z: tf.Tensor[]; a: tf.Tensor[]; h: tf.Tensor[]; out: tf.Tensor } {
  const z: tf.Tensor[] = [], a: tf.Tensor[] = [], h: tf.Tensor[] = [];
  let input = x;
  for (let l = 0; l < W.length - 1; l++) {
    z.push(tf.add(tf.matMul(input, W[l]), b[l]));
    a.push(activate(z[l], activation));
    h.push(masks ? tf.mul(a[l], masks[l]) : a[l]);
    input = h[l];
  }
  return { z, a, h, out: tf.add(tf.matMul(input, W[W.length - 1]), b[b.length - 1]) };
}

/** The output unit applied to scores: identity, σ, or softmax. */
export function outputUnit(out: tf.Tensor, output: Output): tf.Tensor {
  return output === 'logistic' ? tf.sigmoid(out) : output === 'softmax' ? tf.softmax(out) : out;
}

/** Per-row loss (n×1) and dLoss/dscore (n×outputs) for targets t (n×1, or one-hot n×k for softmax). */
export function lossAndDelta(out: tf.Tensor, t: tf.Tensor, output: Output): { loss: tf.Tensor; delta: tf.Tensor } {
  if (output === 'identity') {
    const diff = tf.sub(out, t);
    return { loss: tf.mul(tf.square(diff), 0.5), delta: diff };
  }
  if (output === 'logistic') return { loss: tf.sub(tf.softplus(out), tf.mul(t, out)), delta: tf.sub(tf.sigmoid(out), t) };
  const logp = tf.logSoftmax(out);
  return { loss: tf.neg(tf.sum(tf.mul(t, logp), 1, true)), delta: tf.sub(tf.exp(logp), t) };
}

/** One training batch: rows x, targets t, per-row scale s = row weight / batch size (n×1), dropout masks. */
export interface Batch {
  x: tf.Tensor;
  t: tf.Tensor;
  s: tf.Tensor;
  masks?: tf.Tensor[];
}

/**
 * One optimisation step on θ (a variable): forward, backward, `optimizer.applyGradients`.
 * l2 is α·mask / batch size (the penalty's gradient factor) or null. Returns the batch loss
 * Σ sᵢ·ℓᵢ (a scalar, without the penalty). Call inside tf.tidy.
 */
export function trainStep(theta: tf.Variable, batch: Batch, net: Net, optimizer: tf.Optimizer, l2: tf.Tensor | null): tf.Tensor {
  // The WASM backend multiplies transposed operands far slower than it transposes them first.
  const explicit = tf.getBackend() === 'wasm';
  const mmT = (p: tf.Tensor, q: tf.Tensor) => (explicit ? tf.matMul(tf.transpose(p), q) : tf.matMul(p, q, true, false));
  const mmBT = (p: tf.Tensor, q: tf.Tensor) => (explicit ? tf.matMul(p, tf.transpose(q)) : tf.matMul(p, q, false, true));
  const { W, b } = unpack(theta, net);
  const f = forward(batch.x, W, b, net.activation, batch.masks);
  const { loss, delta } = lossAndDelta(f.out, batch.t, net.output);
  const grads: tf.Tensor[] = [];
  let dZ = tf.mul(delta, batch.s);
  for (let l = W.length - 1; l >= 0; l--) {
    grads[2 * l] = tf.reshape(mmT(l === 0 ? batch.x : f.h[l - 1], dZ), [-1]);
    grads[2 * l + 1] = tf.sum(dZ, 0);
    if (l === 0) break;
    let dA = mmBT(dZ, W[l]);
    if (batch.masks) dA = tf.mul(dA, batch.masks[l - 1]);
    dZ = activationGrad(dA, f.z[l - 1], f.a[l - 1], net.activation);
  }
  let g: tf.Tensor = tf.concat(grads);
  if (l2) g = tf.add(g, tf.mul(theta, l2));
  optimizer.applyGradients([{ name: theta.name, tensor: g }]);
  return tf.sum(tf.mul(loss, batch.s));
}
