/**
 * Decision tree and random forest behaviour: seeds, parallel training in parts, JSON, errors,
 * hyperparameters, weights, progress and cancel, histogram vs exact splits, a 20,000 × 30 fit.
 * (Accuracy against scikit-learn is in tree-sklearn.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/lib/data/split';
import { errorInfo } from '../../../../src/lib/errors';
import type { FitHooks, HyperParams, Task, TrainData } from '../../../../src/lib/ml/model';
import { decisionTree, type DecisionTreeJSON, type DecisionTreeModel } from '../../../../src/lib/ml/models/decision-tree';
import { combineForest, randomForest, trainTrees, type ForestModel } from '../../../../src/lib/ml/models/random-forest';
import { resolveMaxFeatures } from '../../../../src/lib/ml/tree/params';
import type { Tree } from '../../../../src/lib/ml/tree/structure';

/** n × d standard normal features; y from the first three (k classes by quantile, or a noisy value). */
function synthetic(n: number, d: number, task: Task, seed = 1): TrainData {
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const X = new Float64Array(n * d), raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) X[i * d + f] = Math.round(normal() * 1000) / 1000;
    raw[i] = 2 * X[i * d] - X[i * d + 1] + X[i * d + 2] * X[i * d] + 0.5 * normal();
  }
  const featureNames = Array.from({ length: d }, (_, f) => `f${f}`);
  if (task === 'regression') return { X, n, d, y: raw, featureNames };
  const k = task === 'binary' ? 2 : 3, sorted = Float64Array.from(raw).sort();
  const cuts = Array.from({ length: k - 1 }, (_, j) => sorted[Math.floor(((j + 1) * n) / k)]);
  const y = Int32Array.from(raw, (v) => cuts.filter((c) => v >= c).length);
  return { X, n, d, y, classes: Array.from({ length: k }, (_, c) => `c${c}`), featureNames };
}

const expectCode = (fn: () => unknown, reason: string, text?: RegExp): void => {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  const info = errorInfo(caught);
  expect(info.code, `no error for ${reason}`).toBe('BAD_TRAINING_INPUT');
  expect(info.detail.reason).toBe(reason);
  if (text) expect(info.message).toMatch(text);
};

/** Depth of the deepest leaf, and the number of training rows in each leaf. */
function shape(tree: Tree, data: TrainData): { depth: number; leafRows: number[] } {
  const counts = new Map<number, number>();
  for (let i = 0; i < data.n; i++) {
    let node = 0;
    while (tree.left[node] >= 0) node = data.X[i * data.d + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  const depthOf = new Int32Array(tree.nodeCount);
  let depth = 0;
  for (let i = 0; i < tree.nodeCount; i++) {
    if (tree.left[i] >= 0) depthOf[tree.left[i]] = depthOf[tree.right[i]] = depthOf[i] + 1;
    depth = Math.max(depth, depthOf[i]);
  }
  return { depth, leafRows: [...counts.values()] };
}

const cls = synthetic(600, 8, 'multiclass');
const reg = synthetic(600, 8, 'regression');

describe('seeds and determinism', () => {
  it('the same seed gives identical predictions; another seed another forest', () => {
    const params = { n_estimators: 15 };
    const a = randomForest.fit(cls, 'multiclass', params, { seed: 7 }), b = randomForest.fit(cls, 'multiclass', params, { seed: 7 });
    const c = randomForest.fit(cls, 'multiclass', params, { seed: 8 });
    expect(randomForest.predictProba!(a, cls.X, cls.n)).toEqual(randomForest.predictProba!(b, cls.X, cls.n));
    expect(randomForest.toJSON(a)).toEqual(randomForest.toJSON(b));
    expect(randomForest.predictProba!(c, cls.X, cls.n)).not.toEqual(randomForest.predictProba!(a, cls.X, cls.n));
    const t1 = decisionTree.fit(reg, 'regression', { max_features: 'sqrt' }, { seed: 3 }), t2 = decisionTree.fit(reg, 'regression', { max_features: 'sqrt' }, { seed: 3 });
    expect(decisionTree.predict(t1, reg.X, reg.n)).toEqual(decisionTree.predict(t2, reg.X, reg.n));
    expect(decisionTree.toJSON(decisionTree.fit(reg, 'regression', { max_features: 'sqrt' }, { seed: 4 }))).not.toEqual(decisionTree.toJSON(t1));
  });

  it('trainTrees over two halves of the indices + combineForest equals one fit', () => {
    for (const [data, task] of [[cls, 'multiclass'], [reg, 'regression']] as const) {
      const params = { n_estimators: 12, max_depth: 8 }, hooks = { seed: 5 };
      const whole = randomForest.fit(data, task, params, hooks);
      const even = trainTrees(data, task, params, [0, 2, 4, 6, 8, 10], hooks), odd = trainTrees(data, task, params, [11, 9, 7, 5, 3, 1], hooks);
      const joined = combineForest([odd, even]);
      expect(randomForest.toJSON(joined)).toEqual(randomForest.toJSON(whole));
      const out = task === 'regression' ? randomForest.predict : randomForest.predictProba!;
      expect(out(joined, data.X, data.n)).toEqual(out(whole, data.X, data.n));
      // Parts are plain data: they survive structured cloning (a worker boundary).
      expect(combineForest([structuredClone(even), structuredClone(odd)]).trees.length).toBe(12);
    }
  });

  it('combineForest refuses missing, repeated or mismatched trees', () => {
    const params = { n_estimators: 4, max_depth: 3 };
    const a = trainTrees(cls, 'multiclass', params, [0, 1], { seed: 1 }), b = trainTrees(cls, 'multiclass', params, [2, 3], { seed: 1 });
    expectCode(() => combineForest([a]), 'BAD_MODEL', /trees 2, 3 are missing/);
    expectCode(() => combineForest([a, b, a]), 'BAD_MODEL', /tree 0 appears twice/);
    expectCode(() => combineForest([a, trainTrees(cls, 'multiclass', params, [2, 3], { seed: 2 })]), 'BAD_MODEL', /different data, seeds or parameters/);
    expectCode(() => combineForest([a, trainTrees(cls, 'multiclass', { ...params, max_depth: 4 }, [2, 3], { seed: 1 })]), 'BAD_MODEL', /different data/);
    const X = cls.X.slice();
    X[0] += 1;
    expectCode(() => combineForest([a, trainTrees({ ...cls, X }, 'multiclass', params, [2, 3], { seed: 1 })]), 'BAD_MODEL', /different data/);
    expectCode(() => combineForest([]), 'BAD_MODEL');
    expectCode(() => trainTrees(cls, 'multiclass', params, [4], { seed: 1 }), 'BAD_PARAM', /out of range/);
  });
});

describe('JSON', () => {
  const cases: [string, () => unknown, (m: unknown) => unknown, (j: unknown) => unknown, (m: unknown, X: Float64Array, n: number) => Float64Array][] = [
    ['decision tree', () => decisionTree.fit(cls, 'multiclass', {}, { seed: 1 }), (m) => decisionTree.toJSON(m as DecisionTreeModel), (j) => decisionTree.fromJSON(j), (m, X, n) => decisionTree.predictProba!(m as DecisionTreeModel, X, n)],
    ['regression tree', () => decisionTree.fit(reg, 'regression', { max_depth: 6 }), (m) => decisionTree.toJSON(m as DecisionTreeModel), (j) => decisionTree.fromJSON(j), (m, X, n) => decisionTree.predict(m as DecisionTreeModel, X, n)],
    ['forest', () => randomForest.fit(cls, 'multiclass', { n_estimators: 10 }), (m) => randomForest.toJSON(m as ForestModel), (j) => randomForest.fromJSON(j), (m, X, n) => randomForest.predictProba!(m as ForestModel, X, n)],
    ['regression forest', () => randomForest.fit(reg, 'regression', { n_estimators: 10 }), (m) => randomForest.toJSON(m as ForestModel), (j) => randomForest.fromJSON(j), (m, X, n) => randomForest.predict(m as ForestModel, X, n)],
  ];
  it.each(cases)('%s: a round trip through JSON text predicts identically', (_, fit, toJSON, fromJSON, predict) => {
    const model = fit();
    const text = JSON.stringify(toJSON(model));
    const back = fromJSON(JSON.parse(text));
    expect(predict(back, cls.X, cls.n)).toEqual(predict(model, cls.X, cls.n));
    expect(JSON.stringify(toJSON(back))).toBe(text);
  });

  it("documents the 'benchtop-tree-v1' node arrays", () => {
    const model = decisionTree.fit(cls, 'multiclass', { max_depth: 1 });
    const json = decisionTree.toJSON(model) as DecisionTreeJSON;
    expect(json).toMatchObject({ format: 'benchtop-tree-v1', task: 'multiclass', nFeatures: 8, nOutputs: 3, classes: ['c0', 'c1', 'c2'], featureNames: cls.featureNames });
    expect(json.feature).toHaveLength(3);
    expect(json.left).toEqual([1, -1, -1]);
    expect(json.right).toEqual([2, -1, -1]);
    expect(json.value).toHaveLength(9);
    // Root value = class counts of all rows; children add up to it.
    expect(json.value.slice(0, 3).reduce((a, b) => a + b)).toBe(600);
    expect(json.value.slice(0, 3)).toEqual([0, 1, 2].map((c) => json.value[3 + c] + json.value[6 + c]));
    expect(randomForest.toJSON(randomForest.fit(cls, 'multiclass', { n_estimators: 2 }))).toMatchObject({ format: 'benchtop-forest-v1', trees: [{ feature: expect.any(Array) }, { value: expect.any(Array) }] });
  });

  it('rejects malformed JSON with a clear error', () => {
    const json = decisionTree.toJSON(decisionTree.fit(cls, 'multiclass', { max_depth: 2 })) as DecisionTreeJSON;
    expectCode(() => decisionTree.fromJSON({ ...json, format: 'other' }), 'BAD_MODEL', /expected format 'benchtop-tree-v1'/);
    expectCode(() => decisionTree.fromJSON({ ...json, left: [0, ...json.left.slice(1)] }), 'BAD_MODEL', /node 0 is malformed/);
    expectCode(() => decisionTree.fromJSON({ ...json, value: json.value.slice(1) }), 'BAD_MODEL', /'value' must be an array/);
    expectCode(() => randomForest.fromJSON({ ...json, format: 'benchtop-forest-v1', trees: [] }), 'BAD_MODEL');
  });
});

describe('the ModelDef contract', () => {
  it.each([['decision tree', decisionTree], ['random forest', randomForest]] as const)('%s: every default passed explicitly, every task', (_, def) => {
    const params: HyperParams = Object.fromEntries(def.params.map((p) => [p.name, p.name === 'n_estimators' ? 10 : p.default]));
    for (const task of def.tasks) {
      const data = task === 'regression' ? reg : task === 'binary' ? synthetic(300, 4, 'binary') : cls;
      const model = (def.fit as (d: TrainData, t: Task, p: HyperParams, h: FitHooks) => unknown)(data, task, params, { seed: 1 });
      expect((def.predict as (m: unknown, X: Float64Array, n: number) => Float64Array)(model, data.X, data.n)).toHaveLength(data.n);
    }
  });

  it('names classes "0".."k-1" when the data does not; regression has no classes', () => {
    const { classes: _, ...unnamed } = cls;
    expect(decisionTree.fit(unnamed, 'multiclass', { max_depth: 1 }).classes).toEqual(['0', '1', '2']);
    expect(decisionTree.toJSON(decisionTree.fit(reg, 'regression', { max_depth: 1 }))).not.toHaveProperty('classes');
  });
});

describe('clear errors', () => {
  const base = (over: Partial<TrainData>): TrainData => ({ ...cls, ...over });
  it.each([['decision tree', decisionTree.fit], ['random forest', randomForest.fit]] as const)('%s: single class, no rows, NaN in X', (_, fit) => {
    const fitC = (d: TrainData, p: HyperParams = {}): unknown => fit(d, 'multiclass', { ...p }, {});
    expectCode(() => fitC(base({ y: new Int32Array(cls.n).fill(1) })), 'SINGLE_CLASS', /single class \('c1'\)/);
    expectCode(() => fitC(base({ X: new Float64Array(0), n: 0, y: new Int32Array(0) })), 'NO_ROWS', /no rows/);
    const X = cls.X.slice();
    X[5 * 8 + 3] = NaN;
    expectCode(() => fitC(base({ X })), 'NAN_IN_X', /row 5, f3/);
    expectCode(() => fitC(base({ y: Int32Array.from(cls.y, (v) => v * 2) })), 'BAD_TARGET', /out of range/);
    expectCode(() => fitC(base({}), { max_depht: 3 }), 'BAD_PARAM', /Unknown parameter 'max_depht': valid ones are .*max_depth/);
    expectCode(() => fitC(base({}), { max_features: 'half' }), 'BAD_PARAM', /max_features must be one of auto, all, sqrt, log2/);
    expectCode(() => fitC(base({}), { criterion: 'squared_error' }), 'BAD_PARAM', /'gini' or 'entropy'/);
    expectCode(() => fitC(base({}), { min_samples_leaf: 0 }), 'BAD_PARAM', /min_samples_leaf must be a whole number from 1/);
    expectCode(() => fit(cls, 'binary', {}, {}), 'BAD_TARGET', /exactly 2 classes/);
    expectCode(() => fitC(base({ sampleWeight: new Float64Array(cls.n) })), 'BAD_WEIGHT', /All sample weights are 0/);
  });

  it('prediction checks its input too', () => {
    const model = decisionTree.fit(reg, 'regression', { max_depth: 3 });
    expectCode(() => decisionTree.predict(model, new Float64Array(7), 1), 'BAD_SHAPE');
    expectCode(() => decisionTree.predict(model, new Float64Array(8).fill(NaN), 1), 'NAN_IN_X');
    expect(() => decisionTree.predictProba!(model, reg.X, reg.n)).toThrow(/classification/);
  });
});

describe('hyperparameters and weights', () => {
  it('max_depth, min_samples_leaf and min_samples_split bound the tree', () => {
    expect(shape(decisionTree.fit(cls, 'multiclass', { max_depth: 3 }).tree, cls).depth).toBe(3);
    const leafy = decisionTree.fit(cls, 'multiclass', { min_samples_leaf: 25 }).tree;
    expect(Math.min(...shape(leafy, cls).leafRows)).toBeGreaterThanOrEqual(25);
    const full = decisionTree.fit(cls, 'multiclass', {}).tree, split = decisionTree.fit(cls, 'multiclass', { min_samples_split: 40 }).tree;
    expect(shape(full, cls).leafRows.every((c) => c >= 1)).toBe(true);
    expect(split.nodeCount).toBeLessThan(full.nodeCount);
    // Unlimited depth fits the training rows (no duplicate rows with different classes here).
    expect(decisionTree.predict(decisionTree.fit(cls, 'multiclass', {}), cls.X, cls.n)).toEqual(Float64Array.from(cls.y));
  });

  it('constant features or a single row give a single leaf', () => {
    const flat: TrainData = { ...cls, X: new Float64Array(cls.n * 8).fill(0.5) };
    for (const max_bins of [0, 255]) {
      const model = decisionTree.fit(flat, 'multiclass', { max_bins });
      expect(model.tree.nodeCount).toBe(1);
      expect(Array.from(model.importances)).toEqual(new Array(8).fill(0));
    }
    const one = randomForest.fit({ X: Float64Array.of(1, 2), n: 1, d: 2, y: Float64Array.of(3.5), featureNames: ['a', 'b'] }, 'regression', { n_estimators: 3 });
    expect(Array.from(randomForest.predict(one, Float64Array.of(0, 0, 9, 9), 2))).toEqual([3.5, 3.5]);
  });

  it('max_features resolves as scikit-learn', () => {
    expect(resolveMaxFeatures('sqrt', 30, 'binary', false)).toBe(5);
    expect(resolveMaxFeatures('log2', 30, 'binary', false)).toBe(4);
    expect(resolveMaxFeatures(0.5, 30, 'binary', false)).toBe(15);
    expect(resolveMaxFeatures('0.1', 5, 'binary', false)).toBe(1);
    expect(resolveMaxFeatures(7, 30, 'binary', false)).toBe(7);
    expect(resolveMaxFeatures('auto', 30, 'binary', true)).toBe(5);
    expect(resolveMaxFeatures('auto', 30, 'regression', true)).toBe(30);
    expect(resolveMaxFeatures('auto', 30, 'binary', false)).toBe(30);
  });

  it('a weight of 2 is a duplicated row; a weight of 0 a removed one', () => {
    const keep = 400, n2 = keep + 100;
    const rows = (idx: number[]): TrainData => ({ ...cls, n: idx.length, X: Float64Array.from(idx.flatMap((i) => Array.from(cls.X.subarray(i * 8, i * 8 + 8)))), y: Int32Array.from(idx, (i) => cls.y[i]) });
    const first = Array.from({ length: keep }, (_, i) => i), dup = [...first, ...first.slice(0, 100)];
    const w = new Float64Array(n2).fill(1);
    w.fill(2, 0, 100).fill(0, keep);
    const weighted = decisionTree.fit({ ...rows(Array.from({ length: n2 }, (_, i) => i)), sampleWeight: w }, 'multiclass', {}, { seed: 2 });
    const duplicated = decisionTree.fit(rows(dup), 'multiclass', {}, { seed: 2 });
    expect(decisionTree.predictProba!(weighted, cls.X, cls.n)).toEqual(decisionTree.predictProba!(duplicated, cls.X, cls.n));
  });

  it("class_weight 'balanced' gives every class the same total weight", () => {
    const y = Int32Array.from(cls.y, (v, i) => (v === 2 && i % 4 !== 0 ? 0 : v)); // class 2 becomes rare
    const model = decisionTree.fit({ ...cls, y }, 'multiclass', { class_weight: 'balanced', max_depth: 1 });
    const root = Array.from(model.tree.value.subarray(0, 3));
    for (const v of root) expect(v).toBeCloseTo(cls.n / 3, 9);
    expectCode(() => decisionTree.fit(reg, 'regression', { class_weight: 'balanced' }), 'BAD_PARAM');
  });

  it('probabilities are leaf class frequencies; the forest averages its trees', () => {
    const tree = decisionTree.fit(cls, 'multiclass', { max_depth: 2 });
    const p = decisionTree.predictProba!(tree, cls.X, cls.n), pred = decisionTree.predict(tree, cls.X, cls.n);
    for (let i = 0; i < cls.n; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      expect(pred[i]).toBe(row.indexOf(Math.max(...row)));
    }
    const forest = randomForest.fit(cls, 'multiclass', { n_estimators: 3, max_depth: 3 });
    const singles = forest.trees.map((tree) => decisionTree.predictProba!({ ...forest, tree }, cls.X, cls.n));
    const mean = singles[0].map((v, i) => (v + singles[1][i] + singles[2][i]) / 3);
    const got = randomForest.predictProba!(forest, cls.X, cls.n);
    mean.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('importances sum to 1 and find the informative features', () => {
    for (const model of [decisionTree.fit(reg, 'regression', { max_depth: 6 }), randomForest.fit(reg, 'regression', { n_estimators: 10 })]) {
      const imp = Array.from(model.importances);
      expect(imp.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      expect(imp[0]).toBe(Math.max(...imp));
      expect(imp[0] + imp[1] + imp[2]).toBeGreaterThan(0.8);
    }
  });

  it('histogram splits equal exact ones when every feature has at most max_bins values', () => {
    const data = synthetic(500, 6, 'multiclass', 3);
    for (let i = 0; i < data.X.length; i++) data.X[i] = Math.round(data.X[i] * 20); // ≤ 255 distinct values
    const exact = decisionTree.fit(data, 'multiclass', {}, { seed: 9 }), hist = decisionTree.fit(data, 'multiclass', { max_bins: 255 }, { seed: 9 });
    expect(decisionTree.toJSON(hist)).toEqual(decisionTree.toJSON(exact));
    const f1 = randomForest.fit(data, 'multiclass', { n_estimators: 5 }, { seed: 1 }), f0 = randomForest.fit(data, 'multiclass', { n_estimators: 5, max_bins: 0 }, { seed: 1 });
    expect(randomForest.toJSON(f1)).toEqual(randomForest.toJSON(f0));
  });
});

describe('progress, cancel and size', () => {
  it('reports progress per tree and stops between trees when cancelled', () => {
    const seen: [number, number][] = [];
    randomForest.fit(cls, 'multiclass', { n_estimators: 5, max_depth: 2 }, { progress: (done, total) => void seen.push([done, total]) });
    expect(seen).toEqual([[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
    let trees = 0;
    const hooks: FitHooks = { progress: () => void trees++, cancelled: () => trees >= 3 };
    let caught: unknown;
    try { randomForest.fit(cls, 'multiclass', { n_estimators: 10 }, hooks); } catch (e) { caught = e; }
    expect(errorInfo(caught).code).toBe('CANCELLED');
    expect(trees).toBe(3);
  });

  it('trains on 20,000 × 30 (a tree and a 10-tree forest; no timing asserted)', () => {
    const big = synthetic(20_000, 30, 'binary', 11);
    const test = synthetic(2_000, 30, 'binary', 12);
    const acc = (pred: Float64Array): number => pred.filter((v, i) => v === test.y[i]).length / test.n;
    const tree = decisionTree.fit(big, 'binary', { min_samples_leaf: 5 });
    const forest = randomForest.fit(big, 'binary', { n_estimators: 10, max_depth: 20 });
    expect(acc(decisionTree.predict(tree, test.X, test.n))).toBeGreaterThan(0.8);
    expect(acc(randomForest.predict(forest, test.X, test.n))).toBeGreaterThan(0.85);
  });
});
