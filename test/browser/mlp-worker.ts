/**
 * Test worker for test/browser/mlp-backends.test.ts: trains a tiny MLP on a chosen TensorFlow.js
 * backend inside a module worker (as the training worker does) and reports the loss curve,
 * predictions, the backend's description and the tensors left behind; also runs a calibration.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { mulberry32 } from '../../src/lib/data/split';
import { transferErrors } from '../../src/lib/errors';
import { backendInfo, calibrate, deviceInfo, deviceKey, setBackend, type TensorBackend } from '../../src/lib/ml/backend';
import type { TrainData } from '../../src/lib/ml/model';
import { mlp } from '../../src/lib/ml/models/mlp';
import { WASM_PATHS } from '../../workers/tfjs-wasm';

/** 96 rows, 3 features, a smooth regression target (seeded: the same on every backend). */
function problem(): TrainData {
  const r = mulberry32(21), n = 96, d = 3;
  const X = Float64Array.from({ length: n * d }, () => r() * 2 - 1);
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * X[i * d]) + X[i * d + 1] * X[i * d + 2]);
  return { X, n, d, y, featureNames: ['a', 'b', 'c'] };
}

const api = {
  train: transferErrors(async (backend: TensorBackend) => {
    await setBackend(backend, { wasmPaths: WASM_PATHS });
    const info = await backendInfo();
    const data = problem(), before = tf.memory().numTensors, losses: number[] = [];
    const model = await mlp.fit(data, 'regression', { hidden_layer_sizes: '8', activation: 'tanh', max_iter: 15, batch_size: 32, learning_rate_init: 0.01 }, {
      seed: 1,
      progress: (_done, _total, metrics) => losses.push(metrics!.loss),
    });
    const pred = await mlp.predict(model, data.X, data.n);
    mlp.dispose(model);
    return { info, losses, pred: Array.from(pred), leaked: tf.memory().numTensors - before };
  }),

  calibrate: transferErrors(async (candidates: readonly TensorBackend[]) => {
    const result = await calibrate({ d: 8, k: 3, hidden: [16], batch: 64 }, candidates, { wasmPaths: WASM_PATHS, steps: 4 });
    return { ...result, key: deviceKey(await deviceInfo()) };
  }),
};

export type MlpWorkerApi = typeof api;
Comlink.expose(api);
