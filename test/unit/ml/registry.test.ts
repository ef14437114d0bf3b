import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/lib/ml/models/registry';
import type { Task, TrainData } from '../../../src/lib/ml/model';
import { mulberry32 } from '../../../src/lib/data/split';
// The MLP trains on TensorFlow.js: in Node, on its CPU backend.
import '@tensorflow/tfjs-backend-cpu';

/** A small learnable problem of each task. */
function problem(task: Task): TrainData {
  const rand = mulberry32(11);
  const n = 300, d = 4;
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rand() * 2 - 1;
  const score = (i: number) => 2 * X[i * d] - X[i * d + 1] + 0.5 * X[i * d + 2];
  if (task === 'regression') return { X, n, d, y: Float64Array.from({ length: n }, (_, i) => score(i) + 0.1 * (rand() - 0.5)), featureNames: ['a', 'b', 'c', 'd'] };
  const k = task === 'binary' ? 2 : 3;
  const y = Int32Array.from({ length: n }, (_, i) => (k === 2 ? (score(i) > 0 ? 1 : 0) : score(i) < -0.5 ? 0 : score(i) < 0.5 ? 1 : 2));
  return { X, n, d, y, classes: Array.from({ length: k }, (_, c) => `c${c}`), featureNames: ['a', 'b', 'c', 'd'] };
}

describe('model registry', () => {
  it('has unique ids and parameters with defaults', () => {
    expect(new Set(MODELS.map((m) => m.id)).size).toBe(MODELS.length);
    for (const m of MODELS) for (const p of m.params) expect(p.default, `${m.id}.${p.name}`).not.toBeUndefined();
  });

  for (const m of MODELS) {
    for (const task of m.tasks) {
      it(`${m.id} learns a ${task} problem, and survives a JSON round trip`, async () => {
        const data = problem(task);
        const params = Object.fromEntries(m.params.map((p) => [p.name, p.default]));
        const model = await m.fit(data, task, params, { seed: 3 });
        const pred = await m.predict(model, data.X, data.n);
        expect(pred).toHaveLength(data.n);
        if (task === 'regression') {
          let ss = 0, st = 0, mean = 0;
          for (const v of data.y) mean += v / data.n;
          for (let i = 0; i < data.n; i++) { ss += (pred[i] - data.y[i]) ** 2; st += (data.y[i] - mean) ** 2; }
          expect(1 - ss / st).toBeGreaterThan(0.8);
        } else {
          let right = 0;
          for (let i = 0; i < data.n; i++) if (pred[i] === data.y[i]) right++;
          expect(right / data.n).toBeGreaterThan(0.8);
          if (m.predictProba) {
            const p = await m.predictProba(model, data.X, data.n);
            const k = data.classes!.length;
            for (let i = 0; i < data.n; i++) {
              let s = 0;
              for (let c = 0; c < k; c++) s += p[i * k + c];
              expect(s).toBeCloseTo(1, m.tensor ? 6 : 9); // tensors compute in float32
            }
          }
        }
        const back = m.fromJSON(JSON.parse(JSON.stringify(m.toJSON(model))));
        expect(Array.from(await m.predict(back, data.X, data.n))).toEqual(Array.from(pred));
        m.dispose?.(model);
        m.dispose?.(back);
      });
    }
  }
});
