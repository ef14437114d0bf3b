/**
 * MLP serving in the browser: batches of ≥ TENSOR_MIN_ROWS rows go through TensorFlow.js when the
 * context handed its MLP functions over (enableTensorMlp) and runs an accelerated backend (here
 * WASM); smaller ones, and every batch elsewhere, through the plain-JS forward pass. Same answers.
 */
import { expect, it } from 'vitest';
import { setBackend } from '../../src/lib/ml/backend';
import { fromMlpJSON } from '../../src/lib/ml/models/mlp-json';
import { MlpForward } from '../../src/lib/serve/mlp-forward';
import { activeTensorBackend, enableTensorMlp, TENSOR_MIN_ROWS } from '../../src/lib/serve/model-runner';
import * as tensorMlp from '../../src/lib/ml/models/mlp-model';
import { loadPredictor } from '../../src/lib/serve/predictor';
import { WASM_PATHS } from '../../workers/tfjs-wasm';
import { features, makeVersion, rawTable, RECIPE } from '../unit/serve/fixtures';
import { fitTransform } from '../../src/lib/recipe/recipe';

it('large MLP batches on tfjs WASM equal the plain-JS forward pass', async () => {
  await setBackend('wasm', { wasmPaths: WASM_PATHS });
  expect(activeTensorBackend()).toBe('wasm');
  enableTensorMlp(tensorMlp);
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    const made = await makeVersion('mlp', task, { params: { hidden_layer_sizes: '32,16', max_iter: 20 } });
    const p = await loadPredictor(made.version);
    const big = fitTransform(RECIPE, rawTable(task, TENSOR_MIN_ROWS + 100, 7)).table;
    const { X } = features(big, made.version.model.features, [0, made.version.model.imputed[0].value, 0, 0, 0]);
    const js = new MlpForward(fromMlpJSON(made.version.model.weights)).run(X, big.rows, true);
    const out = await p.predictFeatures(big);
    const scale = task === 'regression' ? Math.max(...js.pred.map(Math.abs)) : 1;
    let diff = 0, flips = 0;
    for (let i = 0; i < big.rows; i++) {
      if (task === 'regression') diff = Math.max(diff, Math.abs(out.yPred[i] - js.pred[i]) / scale);
      else if (out.yPred[i] !== js.pred[i]) flips++;
    }
    if (js.proba) for (let i = 0; i < js.proba.length; i++) diff = Math.max(diff, Math.abs(out.proba![i] - js.proba[i]));
    expect(diff).toBeLessThan(1e-5);
    expect(flips).toBe(0);
    made.def.dispose?.(made.model);
  }
});
