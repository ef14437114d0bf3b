/**
 * The multilayer perceptron's training loop (scikit-learn's MLP schedule, on TensorFlow.js):
 * - every epoch visits the training rows in a fresh seeded order (mulberry32), in mini-batches;
 *   each batch is gathered on the host from the Float32 rows and uploaded (measured faster than
 *   an on-device gather, whose WASM kernel copies its whole input), then one step of mlp-net;
 * - the epoch loss is summed on the device and read ONCE per epoch (`await data()`, never a
 *   synchronous read: that loses the WebGPU device in headless Chromium), together with the
 *   validation loss and score;
 * - stopping as scikit-learn: without early stopping, when the training loss has not dropped by
 *   tol for more than n_iter_no_change epochs; with it, when the validation score (accuracy, or R²)
 *   has not risen by tol for as long, and then the best epoch's weights are restored;
 * - the epoch loss is Σ wᵢℓᵢ / n plus ½α‖W‖² × batches / n (the penalty taken at the epoch's
 *   last weights), scikit-learn's loss_curve_ up to that detail.
 * hooks.cancelled is polled before every batch; the loop yields to the event loop at least every
 * 100 ms so a worker sees its cancel message. Every tensor is released on every exit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CancelledError } from '../../errors';
import { mulberry32, shuffle } from '../../data/split';
import type { FitHooks } from '../model';
import { ModelError } from '../linalg/fit-checks';
import { initParams, makeOptimizer, trainStep, weightMask, type Net, type OptimizerName } from './mlp-net';
import { evaluator, type Rows } from './mlp-rows';

export interface TrainConfig {
  net: Net;
  alpha: number;
  dropout: number;
  optimizer: OptimizerName;
  lr: number;
  batch: number;
  maxIter: number;
  earlyStopping: boolean;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

export interface TrainResult {
  theta: Float32Array;
  epochs: number;
  loss: number;
  stopped: 'max_iter' | 'no_improvement' | 'early_stopping';
  bestScore?: number;
}

const YIELD_MS = 100;
/** Yields to the event loop through a message (setTimeout(0) is clamped to 4 ms once nested). */
const nextTask = (): Promise<void> => {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = () => { port1.close(); resolve(); };
    port2.postMessage(0);
  });
};

/** Trains θ on `train` (validation rows `val` when early stopping); see the header. */
export async function trainNet(train: Rows, val: Rows | null, cfg: TrainConfig, hooks: FitHooks = {}): Promise<TrainResult> {
  const { net, alpha } = cfg;
  const root = mulberry32(cfg.seed);
  const seeds = [root(), root(), root()].map((u) => Math.floor(u * 2 ** 32));
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  const orderRandom = mulberry32(seeds[1]), dropRandom = mulberry32(seeds[2]);
  const B = Math.min(cfg.batch, train.n), batches = Math.ceil(train.n / B);
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => { owned.push(t); return t; };
  const theta = own(tf.tidy(() => tf.variable(tf.tensor1d(initParams(net, mulberry32(seeds[0]))))));
  const optimizer = makeOptimizer(cfg.optimizer, cfg.lr);
  const mask = alpha > 0 ? own(tf.tensor1d(weightMask(net))) : null;
  const l2 = new Map<number, tf.Tensor>();
  const l2For = (size: number) => mask && (l2.get(size) ?? l2.set(size, own(tf.keep(tf.mul(mask, alpha / size)))).get(size)!);
  const evalVal = val ? evaluator(val, net, own) : null;
  let best: tf.Tensor | null = null;
  let acc: tf.Tensor = tf.scalar(0);
  try {
    let bestLoss = Infinity, bestScore = -Infinity, stale = 0, epoch = 0, lastYield = performance.now(), loss = NaN;
    let stopped: TrainResult['stopped'] = 'max_iter';
    while (epoch < cfg.maxIter) {
      epoch++;
      shuffle(order, orderRandom);
      for (let start = 0; start < train.n; start += B) {
        if (hooks.cancelled?.()) throw new CancelledError();
        if (performance.now() - lastYield > YIELD_MS) { await nextTask(); lastYield = performance.now(); }
        const rows = order.subarray(start, Math.min(train.n, start + B));
        const prev = acc;
        acc = tf.tidy(() => {
          const batch = train.batch(rows, cfg.dropout > 0 ? { rate: cfg.dropout, random: dropRandom, widths: net.sizes.slice(1, -1) } : undefined);
          return tf.add(prev, tf.mul(trainStep(theta as tf.Variable, batch, net, optimizer, l2For(rows.length)), rows.length));
        });
        prev.dispose();
      }
      const metrics = tf.tidy(() => {
        const penalty = mask ? tf.mul(tf.sum(tf.mul(tf.square(theta), mask)), (0.5 * alpha * batches) / train.n) : tf.scalar(0);
        const parts = [tf.add(tf.div(acc, train.n), penalty)];
        if (evalVal) parts.push(...evalVal(theta));
        return tf.stack(parts);
      });
      const values = await metrics.data();
      metrics.dispose();
      acc.dispose();
      acc = tf.scalar(0);
      loss = values[0];
      if (!Number.isFinite(loss)) {
        throw new ModelError(`mlp: training diverged (the loss is ${loss} after epoch ${epoch}); lower learning_rate_init, or standardize the features.`, { model: 'mlp', epoch });
      }
      const report: Record<string, number> = { loss };
      if (val) {
        report.val_loss = values[1];
        report[val.scoreName] = values[2];
      }
      hooks.progress?.(epoch, cfg.maxIter, report);
      if (cfg.earlyStopping && val) {
        const score = values[2];
        stale = score < bestScore + cfg.tol ? stale + 1 : 0;
        if (score > bestScore) {
          bestScore = score;
          best?.dispose();
          best = tf.clone(theta);
        }
      } else {
        stale = loss > bestLoss - cfg.tol ? stale + 1 : 0;
        bestLoss = Math.min(bestLoss, loss);
      }
      if (stale > cfg.nIterNoChange) {
        stopped = cfg.earlyStopping ? 'early_stopping' : 'no_improvement';
        break;
      }
    }
    const final = new Float32Array(await (best ?? theta).data());
    return { theta: final, epochs: epoch, loss, stopped, ...(cfg.earlyStopping && val ? { bestScore } : {}) };
  } finally {
    acc.dispose();
    best?.dispose();
    optimizer.dispose();
    for (const t of owned) t.dispose();
  }
}
