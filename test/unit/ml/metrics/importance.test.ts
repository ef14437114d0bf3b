/** Permutation importance: exact zeros for unused features, X restored, deterministic with a seed; sync and async predict. */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/lib/data/split';
import { CancelledError } from '../../../../src/lib/errors';
import { metricDef, MetricError, permutationImportance, type PredictFn } from '../../../../src/lib/ml/metrics';

const n = 200, d = 3;
const random = mulberry32(7);
const X = Float64Array.from({ length: n * d }, () => random() * 2 - 1);
const linear: PredictFn = (x, rows) => Float64Array.from({ length: rows }, (_, i) => 3 * x[i * d] + 0 * x[i * d + 1] + x[i * d + 2]);
const y = linear(X, n) as Float64Array;
/** The same model behind a promise, as a tensor model's predict. */
const linearAsync: PredictFn = async (x, rows) => linear(x, rows);

describe('permutationImportance', () => {
  it('ranks features by their effect; an unused feature scores exactly 0', async () => {
    const r = await permutationImportance(linear, X, n, d, y, metricDef('mse'), { repeats: 4, seed: 1 });
    expect(r.baseline).toBe(-0);
    const [a, b, c] = r.features;
    expect(a.mean).toBeGreaterThan(c.mean);
    expect(c.mean).toBeGreaterThan(0);
    expect(Array.from(b.values)).toEqual([0, 0, 0, 0]);
    expect([b.mean, b.std]).toEqual([0, 0]);
    expect(a.values.length).toBe(4);
    // MSE of shuffling x0 alone is about 2·9·Var(x0) = 6 for x ~ U(-1, 1).
    expect(a.mean).toBeGreaterThan(4);
    expect(a.mean).toBeLessThan(8);
  });

  it('a greater-is-better metric gives positive importances too', async () => {
    const r = await permutationImportance(linear, X, n, d, y, metricDef('r2'), { repeats: 2 });
    expect(r.baseline).toBe(1);
    expect(r.features[0].mean).toBeGreaterThan(1);
  });

  it('leaves X exactly as it was, also after an error or a cancel', async () => {
    const before = X.slice();
    await permutationImportance(linear, X, n, d, y, metricDef('mae'), { repeats: 2 });
    expect(X).toEqual(before);
    let calls = 0;
    const failing: PredictFn = (x, rows) => { if (++calls === 3) throw new Error('model broke'); return linear(x, rows); };
    await expect(permutationImportance(failing, X, n, d, y, metricDef('mae'))).rejects.toThrow('model broke');
    expect(X).toEqual(before);
    await expect(permutationImportance(linear, X, n, d, y, metricDef('mae'), { cancelled: () => true })).rejects.toThrow(CancelledError);
    expect(X).toEqual(before);
  });

  it('is deterministic with a seed; a feature does not depend on which others are scored', async () => {
    const run = (seed: number, features?: number[]) => permutationImportance(linear, X, n, d, y, metricDef('mae'), { repeats: 3, seed, features });
    // One at a time: each shuffles X in place while it runs.
    const a = await run(5), b = await run(5), c = await run(6), only2 = await run(5, [2]);
    expect(a).toEqual(b);
    expect(c.features[0].values).not.toEqual(a.features[0].values);
    expect(only2.features).toEqual([a.features[2]]);
  });

  it('reports progress and works with probabilities (log loss)', async () => {
    const yc = Int32Array.from({ length: n }, (_, i) => (X[i * d] > 0 ? 1 : 0));
    const proba: PredictFn = (x, rows) => {
      const p = new Float64Array(rows * 2);
      for (let i = 0; i < rows; i++) { const q = 1 / (1 + Math.exp(-5 * x[i * d])); p[2 * i] = 1 - q; p[2 * i + 1] = q; }
      return { yPred: Float64Array.from({ length: rows }, (_, i) => (p[2 * i + 1] > 0.5 ? 1 : 0)), proba: p };
    };
    const seen: number[] = [];
    const r = await permutationImportance(proba, X, n, d, yc, metricDef('log_loss'), { repeats: 2, k: 2, progress: (done, total) => seen.push(done / total) });
    expect(seen).toEqual([1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1]);
    expect(r.features[0].mean).toBeGreaterThan(0.3);
    expect(r.features[1].mean).toBe(0);
  });

  it('awaits an async predict: the same figures as the synchronous one, X restored after a rejection', async () => {
    const sync = await permutationImportance(linear, X, n, d, y, metricDef('mse'), { repeats: 3, seed: 2 });
    const async_ = await permutationImportance(linearAsync, X, n, d, y, metricDef('mse'), { repeats: 3, seed: 2 });
    expect(async_).toEqual(sync);
    const before = X.slice();
    let calls = 0;
    const failing: PredictFn = async (x, rows) => { if (++calls === 4) throw new Error('tensor lost'); return linear(x, rows); };
    await expect(permutationImportance(failing, X, n, d, y, metricDef('mae'))).rejects.toThrow('tensor lost');
    expect(X).toEqual(before);
  });

  it('checks its arguments', async () => {
    await expect(permutationImportance(linear, X, n, 4, y, metricDef('mae'))).rejects.toThrow(MetricError);
    await expect(permutationImportance(linear, X, n, d, y, metricDef('mae'), { repeats: 0 })).rejects.toThrow(/repeats/);
    await expect(permutationImportance(linear, X, n, d, y, metricDef('mae'), { features: [3] })).rejects.toThrow(/column index 0\.\.2/);
  });
});
