/**
 * "Use it elsewhere", in Node: the bundle's tfjs/model.json loads with plain tf.loadLayersModel
 * (over an HTTP handler that serves the unzipped bundle, weights resolved next to model.json) and
 * predicts what Benchtop predicts: the MLP within 1e-5 (float32 with the scaler folded in), the
 * linear models within 1e-5 too (their float64 coefficients are stored as float32). The usage
 * snippets are run, not just read: the web page's module script (with TensorFlow.js injected as the
 * CDN's `tf` global) and the plain JavaScript predictors, which must match Benchtop exactly.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { HyperParams, ModelDef, Task } from '../../../src/lib/ml/model';
import { decisionTree } from '../../../src/lib/ml/models/decision-tree';
import { linearRegression } from '../../../src/lib/ml/models/linear-regression';
import { linearSvc } from '../../../src/lib/ml/models/linear-svc';
import { logisticRegression } from '../../../src/lib/ml/models/logistic-regression';
import { mlp } from '../../../src/lib/ml/models/mlp';
import { randomForest } from '../../../src/lib/ml/models/random-forest';
import { exportBundle, usageSnippet } from '../../../src/lib/registry/bundle';
import { exampleFeatures } from '../../../src/lib/registry/bundle-usage';
import { versionRecord } from './bundle-fixture';

type Fixture = Awaited<ReturnType<typeof versionRecord>>;

/** tf.loadLayersModel(path) over the unzipped bundle, as a page served next to it would load it. */
function loader(files: Record<string, Uint8Array>): typeof tfl.loadLayersModel {
  const fetchFunc = (async (url: RequestInfo | URL) => {
    const data = files[String(url).replace(/^\.?\//, '')];
    return data ? new Response(data.slice(), { status: 200 }) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return (path, opts) => tfl.loadLayersModel(path as string, { ...opts, fetchFunc });
}

/** Benchtop's answers for the training rows: probabilities in `labels` order (one column P(labels[1]) for two), or values. */
async function benchtop(def: ModelDef, f: Fixture, task: Task, columns: number): Promise<number[][]> {
  const { X, n } = f.data;
  const w = f.v.model.weights as { labels: number[] | null; classes: string[] | null };
  if (task === 'regression' || !def.predictProba) {
    if (task === 'regression') return Array.from(await def.predict(f.model, X, n), (v) => [v]);
  }
  const p = await def.predictProba!(f.model, X, n), k = w.classes!.length;
  return Array.from({ length: n }, (_, i) => (columns === 1 ? [p[i * k + w.labels![1]]] : w.labels!.map((c) => p[i * k + c])));
}

async function tfjsPredictions(f: Fixture): Promise<number[][]> {
  const files = unzipSync(await exportBundle(f.v));
  const model = await loader(files)('tfjs/model.json');
  const x = tf.tensor2d(Float32Array.from(f.data.X), [f.data.n, f.data.d]);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.array()) as number[][];
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

const close = (got: number[][], want: number[][], tol: number) => {
  expect(got.length).toBe(want.length);
  let worst = 0;
  got.forEach((row, i) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - want[i][j]) / Math.max(1, Math.abs(want[i][j]))); }));
  expect(worst).toBeLessThan(tol);
};

describe('the TensorFlow.js layers model predicts as Benchtop', () => {
  const cases: [string, ModelDef, Task, HyperParams, number][] = [
    ['MLP, binary (relu)', mlp, 'binary', { hidden_layer_sizes: '8,4', max_iter: 40, batch_size: 32 }, 1],
    ['MLP, multiclass (tanh)', mlp, 'multiclass', { hidden_layer_sizes: '8', activation: 'tanh', max_iter: 40, batch_size: 32 }, 3],
    ['MLP, regression (logistic, scaled target)', mlp, 'regression', { hidden_layer_sizes: '6', activation: 'logistic', max_iter: 40, batch_size: 32 }, 1],
    ['MLP, identity activation without standardising', mlp, 'regression', { hidden_layer_sizes: '4', activation: 'identity', standardize: false, max_iter: 20, batch_size: 32 }, 1],
    ['logistic regression, binary', logisticRegression, 'binary', {}, 1],
    ['logistic regression, multiclass', logisticRegression, 'multiclass', {}, 3],
    ['linear regression', linearRegression, 'regression', {}, 1],
  ];
  for (const [what, def, task, params, columns] of cases) {
    it(what, async () => {
      const f = await versionRecord(def, task, params);
      const got = await tfjsPredictions(f);
      expect(got[0]).toHaveLength(columns);
      close(got, await benchtop(def, f, task, columns), 1e-5);
      def.dispose?.(f.model);
    });
  }

  it('linear SVM: the scores (decision function) of each class', async () => {
    const f = await versionRecord(linearSvc, 'multiclass', {});
    const m = f.model as { coef: Float64Array; intercept: Float64Array; rows: number; d: number };
    const { X, n, d } = f.data;
    const want = Array.from({ length: n }, (_, i) => Array.from({ length: m.rows }, (_, r) => {
      let s = m.intercept[r];
      for (let j = 0; j < d; j++) s += m.coef[r * d + j] * X[i * d + j];
      return s;
    }));
    close(await tfjsPredictions(f), want, 1e-5);
  });
});

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;

describe('usage snippets', () => {
  const pages: [string, ModelDef, Task, HyperParams][] = [
    ['MLP, multiclass', mlp, 'multiclass', { hidden_layer_sizes: '8', max_iter: 30, batch_size: 32 }],
    ['MLP, regression', mlp, 'regression', { hidden_layer_sizes: '8', max_iter: 30, batch_size: 32 }],
    ['logistic regression, binary', logisticRegression, 'binary', {}],
    ['linear SVM, binary', linearSvc, 'binary', {}],
  ];
  for (const [what, def, task, params] of pages) {
    it(`the web page runs: it loads tfjs/model.json and logs Benchtop's prediction for the example (${what})`, async () => {
      const f = await versionRecord(def, task, params);
      const snippets = usageSnippet(f.v, 'toy-model-v3.zip');
      expect(snippets.map((s) => s.language)).toEqual(def === mlp ? ['html'] : ['html', 'javascript']);
      const html = snippets[0].code;
      expect(html).toContain("tf.loadLayersModel('tfjs/model.json')");
      expect(html).toContain(`const FEATURES = ${JSON.stringify(f.v.model.features)};`);
      expect(html).toMatch(/recipe\/recipes\.json \(1 recipe, steps: impute → one-hot\)/);
      expect(html).toContain('toy-model-v3.zip');
      const script = html.match(/<script type="module">([\s\S]*)<\/script>/)![1];
      const logs: unknown[] = [];
      const files = unzipSync(await exportBundle(f.v));
      await new AsyncFunction('tf', 'console', script)({ ...tf, loadLayersModel: loader(files) }, { log: (x: unknown) => logs.push(x) });
      const [[answer]] = logs as { label?: string; value?: number; score?: number; probabilities?: Record<string, number> }[][];
      const row = f.data.X.subarray(0, f.data.d), label = f.v.model.classes?.[(await def.predict(f.model, row, 1))[0]];
      if (task === 'regression') expect(Math.abs(answer.value! - (await def.predict(f.model, row, 1))[0])).toBeLessThan(1e-4);
      else expect(answer.label).toBe(label);
      if (task !== 'regression' && def.predictProba) {
        const p = await def.predictProba(f.model, row, 1);
        f.v.model.classes!.forEach((c, j) => expect(Math.abs(answer.probabilities![c] - p[j])).toBeLessThan(1e-5));
      }
      if (def === linearSvc) expect(typeof answer.score).toBe('number');
      def.dispose?.(f.model);
    });
  }

  it('the example is the first input row run through the recipe chain', async () => {
    const f = await versionRecord(logisticRegression, 'binary', {});
    const ex = exampleFeatures(f.v)!;
    expect(Object.keys(ex)).toEqual(f.v.model.features);
    f.v.model.features.forEach((name, j) => expect(ex[name]).toBe(f.data.X[j]));
  });

  const plain: [string, ModelDef, Task, HyperParams][] = [
    ['logistic regression, binary', logisticRegression, 'binary', {}],
    ['logistic regression, multiclass', logisticRegression, 'multiclass', {}],
    ['linear regression', linearRegression, 'regression', {}],
    ['linear SVM', linearSvc, 'multiclass', {}],
    ['random forest, multiclass', randomForest, 'multiclass', { n_estimators: 7, max_depth: 5 }],
    ['random forest, regression', randomForest, 'regression', { n_estimators: 4 }],
    ['decision tree, binary', decisionTree, 'binary', { max_depth: 4 }],
  ];
  for (const [what, def, task, params] of plain) {
    it(`the plain JavaScript predictor gives Benchtop's numbers exactly: ${what}`, async () => {
      const f = await versionRecord(def, task, params);
      const snippet = usageSnippet(f.v, 'b.zip').find((s) => s.language === 'javascript')!;
      const predict = new Function(`${snippet.code.replace(/^export /gm, '')}\nreturn predict;`)() as (doc: unknown, x: Record<string, number>) => { value?: number; label?: string; probabilities?: Record<string, number> };
      const { X, n, d } = f.data, doc = JSON.parse(JSON.stringify(f.v.model));
      const pred = await def.predict(f.model, X, n), proba = task !== 'regression' && def.predictProba ? await def.predictProba(f.model, X, n) : null;
      const classes = f.v.model.classes;
      for (let i = 0; i < n; i++) {
        const row = Object.fromEntries(f.v.model.features.map((name, j) => [name, X[i * d + j]]));
        const got = predict(doc, row);
        if (task === 'regression') { expect(got.value).toBe(pred[i]); continue; }
        expect(got.label).toBe(classes![pred[i]]);
        if (proba) classes!.forEach((c, j) => expect(got.probabilities![c]).toBe(proba[i * classes!.length + j]));
      }
    });
  }

  it('offers the page and the plain predictor for linear models, only the plain predictor for trees', async () => {
    const lin = await versionRecord(logisticRegression, 'binary', {});
    const tree = await versionRecord(decisionTree, 'binary', { max_depth: 3 });
    expect(usageSnippet(lin.v, 'a.zip').map((s) => s.language)).toEqual(['html', 'javascript']);
    expect(usageSnippet(tree.v, 'a.zip').map((s) => s.language)).toEqual(['javascript']);
    expect(usageSnippet(tree.v, 'a.zip')[0].code).toContain('NOT the raw columns (x1, x2, colour)');
  });
});
