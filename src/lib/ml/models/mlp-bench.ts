/**
 * A short timing of MLP training steps, for backend calibration (backend.ts): an MLP of the given
 * shape (ReLU, Adam) on seeded random rows, one warm-up step (kernels compile, buffers allocate),
 * then rounds of 1, 2, 4, … steps each ended by one read-back (`await data()`), until `steps`
 * steps, `budgetMs` milliseconds, or 3× the time to beat. Every tensor is released.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../data/split';
import { initParams, makeOptimizer, trainStep, type Net } from './mlp-net';
import { makeRows } from './mlp-rows';

export interface CalibrationShape {
  /** Features, classes (0 or 1 for regression), hidden layer sizes, batch rows. */
  d: number;
  k: number;
  hidden: number[];
  batch: number;
}

/** Milliseconds per training step of an MLP of `shape` on the active backend; `beat` is the time to beat. */
export async function timeMlpSteps(shape: CalibrationShape, beat: number, steps: number, budgetMs: number): Promise<number> {
  const { d, k, hidden, batch } = shape;
  const net: Net = { sizes: [d, ...hidden, k > 2 ? k : 1], activation: 'relu', output: k > 2 ? 'softmax' : k === 2 ? 'logistic' : 'identity' };
  const random = mulberry32(1);
  const X = Float32Array.from({ length: batch * d }, () => 2 * random() - 1);
  const t = Float32Array.from({ length: batch }, () => (k >= 2 ? Math.floor(random() * k) : random()));
  const rows = makeRows(X, batch, d, t, new Float32Array(batch).fill(1), net);
  const all = Int32Array.from({ length: batch }, (_, i) => i);
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(initParams(net, random))));
  const optimizer = makeOptimizer('adam', 1e-3);
  const step = () => tf.tidy(() => trainStep(theta, rows.batch(all), net, optimizer, null));
  const settle = async (loss: tf.Tensor) => { await loss.data(); loss.dispose(); };
  try {
    await settle(step());
    const t0 = performance.now();
    let done = 0;
    for (let round = 1; done < steps; round *= 2) {
      const r = Math.min(round, steps - done);
      for (let i = 1; i < r; i++) step().dispose();
      await settle(step());
      done += r;
      const ms = performance.now() - t0;
      if (ms > budgetMs || ms / done > 3 * beat) break;
    }
    return (performance.now() - t0) / done;
  } finally {
    theta.dispose();
    optimizer.dispose();
  }
}
