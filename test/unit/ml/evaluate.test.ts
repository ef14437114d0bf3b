/**
 * evaluateModel: the report's metrics are the metric functions' values on the same arrays, the
 * baseline sits beside them, curves are cut to at most 500 points keeping their ends, the whole
 * report survives JSON, and permutation importance (with an async predict) ranks an informative
 * feature above noise. Average precision is pinned to scikit-learn 1.2's average_precision_score.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/split';
import { averagePrecision, downsample } from '../../../src/lib/ml/evaluate-curves';
import { evaluateModel, mainMetric, type EvaluateArgs, type Predictions } from '../../../src/lib/ml/evaluate';
import {
  accuracyScore, balancedAccuracyScore, classificationReport, confusionMatrix, logLoss, meanAbsoluteError, meanAbsolutePercentageError,
  precisionRecallCurve, precisionRecallFscore, r2Score, rocAucScore, rootMeanSquaredError,
} from '../../../src/lib/ml/metrics';

const value = (r: { metrics: { id: string; value: number | null }[] }, id: string) => r.metrics.find((m) => m.id === id)?.value;
const roundTrip = (r: unknown) => expect(JSON.parse(JSON.stringify(r))).toEqual(r);

/** n rows, d = 2: x0 drives the target, x1 is noise. */
function problem(n: number, seed: number) {
  const random = mulberry32(seed);
  const X = Float64Array.from({ length: n * 2 }, () => random() * 2 - 1);
  return { X, x0: (i: number) => X[2 * i], random };
}

describe('evaluateModel: regression', () => {
  const n = 300, { X, x0, random } = problem(n, 1);
  const yTest = Float64Array.from({ length: n }, (_, i) => 4 * x0(i) + 10 + 0.3 * (random() - 0.5));
  const yTrain = Float64Array.from({ length: 500 }, () => 10 + random());
  /** A "trained" linear model behind a promise, as a tensor model. */
  const predict = async (Xs: Float64Array, m: number): Promise<Predictions> => ({ yPred: Float64Array.from({ length: m }, (_, i) => 4 * Xs[2 * i] + 10) });
  const args = async (over: Partial<EvaluateArgs> = {}): Promise<EvaluateArgs> => ({
    task: 'regression', yTrain, yTest, pred: await predict(X, n), featureNames: ['signal', 'noise'], predict, Xtest: X, n, d: 2, seed: 3, ...over,
  });

  it('metrics equal the metric functions; the baseline predicts the training mean and loses', async () => {
    const a = await args(), r = await evaluateModel(a);
    const p = a.pred.yPred;
    expect(r.metrics.map((m) => m.id)).toEqual(['mae', 'mse', 'rmse', 'r2', 'mape']);
    expect(value(r, 'mae')).toBe(meanAbsoluteError(yTest, p));
    expect(value(r, 'rmse')).toBe(rootMeanSquaredError(yTest, p));
    expect(value(r, 'r2')).toBe(r2Score(yTest, p));
    expect(value(r, 'mape')).toBe(meanAbsolutePercentageError(yTest, p));
    const mean = yTrain.reduce((s, v) => s + v, 0) / yTrain.length;
    expect(r.baseline.kind).toBe('mean');
    expect(r.baseline.value).toBeCloseTo(mean, 12);
    expect(value(r.baseline, 'mae')).toBe(meanAbsoluteError(yTest, new Float64Array(n).fill(r.baseline.value!)));
    expect(r.baseline.comparison.every((c) => c.better === true)).toBe(true);
    expect(r.baseline.comparison.find((c) => c.id === 'r2')!.model).toBe(value(r, 'r2'));
    expect([r.task, r.n, r.classes, r.classification]).toEqual(['regression', n, undefined, undefined]);
  });

  it('plot data downsampled, worst rows by |residual| as test-row positions, JSON round trip', async () => {
    const a = await args({ plotPoints: 100, worst: 5 }), r = await evaluateModel(a);
    expect(r.regression!.rows).toHaveLength(100);
    expect(r.regression!.actual[7]).toBe(yTest[r.regression!.rows[7]]);
    expect(r.worst).toHaveLength(5);
    const resid = Array.from(yTest, (t, i) => Math.abs(t - a.pred.yPred[i]));
    expect(r.worst[0].error).toBe(Math.max(...resid));
    expect(r.worst[0].row).toBe(resid.indexOf(Math.max(...resid)));
    roundTrip(r);
  });

  it('permutation importance with an async predict: the informative feature first, noise near 0', async () => {
    const r = await evaluateModel(await args({ importance: { repeats: 3 } }));
    const imp = r.importance!;
    expect([imp.metric, imp.repeats, imp.rows]).toEqual(['r2', 3, n]);
    expect(imp.features.map((f) => f.feature)).toEqual(['signal', 'noise']);
    expect(imp.features[0].mean!).toBeGreaterThan(1);
    expect(imp.features[1]).toEqual({ feature: 'noise', mean: 0, std: 0 });
    expect(imp.baseline).toBe(value(r, 'r2'));
  });

  it('samples at most maxRows test rows for importance (seeded); importance: false skips it', async () => {
    let seen = 0;
    const counting = async (Xs: Float64Array, m: number) => { seen = m; return predict(Xs, m); };
    const a = await args({ predict: counting, importance: { maxRows: 50, repeats: 1 } });
    const r1 = await evaluateModel(a), r2 = await evaluateModel(a);
    expect([r1.importance!.rows, seen]).toEqual([50, 50]);
    expect(r1.importance).toEqual(r2.importance);
    expect((await evaluateModel(await args({ importance: false }))).importance).toBeUndefined();
  });

  it('checks the lengths it is given', async () => {
    await expect(evaluateModel(await args({ n: 299 }))).rejects.toThrow(/the test target has 300 entries, expected 299/);
    await expect(evaluateModel(await args({ featureNames: ['a'] }))).rejects.toMatchObject({ code: 'BAD_TRAINING_INPUT' });
  });
});

describe('evaluateModel: classification', () => {
  const n = 3000, { X, x0, random } = problem(n, 2);
  const yTest = Int32Array.from({ length: n }, (_, i) => (x0(i) + 1.2 * (random() - 0.5) > 0 ? 1 : 0));
  const yTrain = Int32Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const predict = async (Xs: Float64Array, m: number): Promise<Predictions> => {
    const proba = new Float64Array(m * 2), yPred = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const p = 1 / (1 + Math.exp(-6 * Xs[2 * i]));
      proba[2 * i] = 1 - p; proba[2 * i + 1] = p; yPred[i] = p > 0.5 ? 1 : 0;
    }
    return { yPred, proba };
  };
  const slice = { column: 'region', codes: Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : i % 3)), categories: ['north', 'south', 'east'] };

  it('binary: metrics equal the metric functions; prior baseline; per-class report and confusion matrix', async () => {
    const pred = await predict(X, n);
    const r = await evaluateModel({ task: 'binary', classes: ['neg', 'pos'], yTrain, yTest, pred, featureNames: ['signal', 'noise'], predict, Xtest: X, n, d: 2, seed: 0, importance: { repeats: 2 } });
    expect(r.metrics.map((m) => m.id)).toEqual(['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted', 'roc_auc', 'log_loss']);
    expect(value(r, 'accuracy')).toBe(accuracyScore(yTest, pred.yPred));
    expect(value(r, 'balanced_accuracy')).toBe(balancedAccuracyScore(yTest, pred.yPred));
    expect(value(r, 'f1')).toBe(precisionRecallFscore(yTest, pred.yPred, { k: 2 }).fscore);
    expect(value(r, 'precision_weighted')).toBe(precisionRecallFscore(yTest, pred.yPred, { k: 2, average: 'weighted' }).precision);
    expect(value(r, 'roc_auc')).toBe(rocAucScore(yTest, pred.proba!, { k: 2 }));
    expect(value(r, 'log_loss')).toBe(logLoss(yTest, pred.proba!, { k: 2 }));
    expect(r.baseline).toMatchObject({ kind: 'prior', majority: 0 });
    expect(r.baseline.prior![1]).toBeCloseTo(334 / 1000, 12);
    expect(value(r.baseline, 'roc_auc')).toBe(0.5);
    expect(r.baseline.comparison.find((c) => c.id === 'accuracy')!.better).toBe(true);
    const rep = classificationReport(yTest, pred.yPred, 2), c = r.classification!;
    expect(c.perClass[1]).toEqual({ cls: 1, name: 'pos', precision: rep.precision[1], recall: rep.recall[1], f1: rep.f1[1], support: rep.support[1] });
    expect(c.macro.f1).toBe(rep.macro.fscore);
    expect(c.confusion).toEqual([Array.from(confusionMatrix(yTest, pred.yPred, 2).subarray(0, 2)), Array.from(confusionMatrix(yTest, pred.yPred, 2).subarray(2, 4))]);
    expect(c.support.map((s) => s.name)).toEqual(['neg', 'pos']);
    expect(r.importance!.metric).toBe('accuracy');
    expect(r.importance!.features[0].feature).toBe('signal');
    expect(r.importance!.features[0].mean!).toBeGreaterThan(0.2);
    expect(Math.abs(r.importance!.features[1].mean!)).toBe(0);
    roundTrip(r);
  });

  it('binary: one ROC and PR curve of the positive class, at most 500 points, ends kept, AUC as the metric', async () => {
    const pred = await predict(X, n);
    const r = await evaluateModel({ task: 'binary', classes: ['neg', 'pos'], yTrain, yTest, pred, featureNames: ['signal', 'noise'], predict, Xtest: X, n, d: 2, seed: 0, importance: false });
    const [curve] = r.classification!.curves!;
    expect(r.classification!.curves).toHaveLength(1);
    expect([curve.cls, curve.name]).toEqual([1, 'pos']);
    expect(curve.roc.points).toBeGreaterThan(500);
    expect(curve.pr.points).toBe(n + 1);
    for (const c of [curve.roc.fpr, curve.roc.tpr, curve.roc.thresholds, curve.pr.precision, curve.pr.recall, curve.pr.thresholds]) expect(c.length).toBeLessThanOrEqual(500);
    expect([curve.roc.fpr[0], curve.roc.tpr[0], curve.roc.fpr.at(-1), curve.roc.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    expect([curve.pr.recall.at(-1), curve.pr.precision.at(-1), curve.pr.thresholds.at(-1)]).toEqual([0, 1, null]);
    const full = precisionRecallCurve(yTest, Float64Array.from({ length: n }, (_, i) => pred.proba![2 * i + 1]));
    expect([curve.pr.recall[0], curve.pr.precision[0], curve.pr.thresholds[0]]).toEqual([full.recall[0], full.precision[0], full.thresholds[0]]);
    expect(curve.auc).toBe(value(r, 'roc_auc'));
    expect(curve.averagePrecision).toBe(averagePrecision(full));
    expect(curve.averagePrecision!).toBeGreaterThan(0.9);
  });

  it('multiclass: a curve per class, one-vs-rest AUC, slices and worst rows with class names', async () => {
    const yTest3 = Int32Array.from({ length: n }, (_, i) => (x0(i) < -0.3 ? 0 : x0(i) < 0.3 ? 1 : 2));
    const predict3 = async (Xs: Float64Array, m: number): Promise<Predictions> => {
      const proba = new Float64Array(m * 3), yPred = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const e = [Math.exp(-5 * Xs[2 * i]), 1, Math.exp(5 * Xs[2 * i])], s = e[0] + e[1] + e[2];
        for (let c = 0; c < 3; c++) proba[3 * i + c] = e[c] / s;
        yPred[i] = e.indexOf(Math.max(...e));
      }
      return { yPred, proba };
    };
    const pred = await predict3(X, n);
    const classes = ['low', 'mid', 'high'];
    const r = await evaluateModel({ task: 'multiclass', classes, yTrain: yTest3, yTest: yTest3, pred, featureNames: ['signal', 'noise'], slice, predict: predict3, Xtest: X, n, d: 2, seed: 0, importance: false });
    expect(value(r, 'roc_auc_ovr')).toBe(rocAucScore(yTest3, pred.proba!, { k: 3 }));
    expect(r.metrics.map((m) => m.id)).not.toContain('roc_auc');
    expect(r.classification!.curves!.map((c) => c.name)).toEqual(classes);
    expect(r.classification!.confusion).toHaveLength(3);
    // Largest first, ties in code order; code −1 is '(missing)'.
    expect(r.sliceColumn).toBe('region');
    expect(r.slices!.map((s) => [s.category, s.count])).toEqual([['north', 900], ['south', 900], ['east', 900], ['(missing)', 300]]);
    const south = r.slices![1], rows = [...Array(n).keys()].filter((i) => slice.codes[i] === 1);
    expect(south.count).toBe(rows.length);
    expect(value(south, 'accuracy')).toBe(accuracyScore(rows.map((i) => yTest3[i]), rows.map((i) => pred.yPred[i])));
    expect(r.worst).toHaveLength(20);
    const w = r.worst[0];
    expect([w.trueClass, w.predClass]).toEqual([classes[w.yTrue], classes[w.yPred]]);
    expect(w.pTrue).toBe(pred.proba![3 * w.row + w.yTrue]);
    roundTrip(r);
  });

  it('a metric undefined on the test rows is null with its reason, and the report still round-trips', async () => {
    const m = 40, Xs = X.subarray(0, m * 2);
    const y = new Int32Array(m); // one class only
    const pred = await predict(Xs, m);
    const r = await evaluateModel({ task: 'binary', classes: ['neg', 'pos'], yTrain, yTest: y, pred, featureNames: ['signal', 'noise'], predict, Xtest: Xs, n: m, d: 2, seed: 0, importance: false });
    const auc = r.metrics.find((x) => x.id === 'roc_auc')!;
    expect(auc.value).toBeNull();
    expect(auc.error).toMatch(/Only one class present in y_true/);
    expect(r.classification!.curves![0].roc.tpr.every((v) => v === null)).toBe(true);
    expect(r.baseline.comparison.find((c) => c.id === 'roc_auc')!.better).toBeNull();
    roundTrip(r);
  });

  it('mainMetric: r2 for regression, accuracy for classification', () => {
    expect([mainMetric('regression'), mainMetric('binary'), mainMetric('multiclass')]).toEqual(['r2', 'accuracy', 'accuracy']);
  });
});

describe('curves', () => {
  it('average precision = scikit-learn 1.2 average_precision_score', () => {
    const ap = (y: number[], s: number[]) => averagePrecision(precisionRecallCurve(y, s));
    expect(ap([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.5, 0.9, 0.65, 0.3])).toBeCloseTo(0.7595238095238095, 14);
    expect(ap([0, 1, 1, 0, 1, 0, 0, 1], [0.5, 0.5, 0.2, 0.2, 0.9, 0.1, 0.9, 0.5])).toBeCloseTo(0.5678571428571428, 14); // tied scores
  });

  it('downsample keeps every point of a short curve, else at most max with the ends and a spike', () => {
    expect(Array.from(downsample([0, 1, 2], [0, 1, 0], 5))).toEqual([0, 1, 2]);
    const n = 10_000, x = Float64Array.from({ length: n }, (_, i) => i), y = new Float64Array(n);
    y[4321] = 100; // one spike on a flat line
    const idx = downsample(x, y, 500);
    expect(idx.length).toBe(500);
    expect([idx[0], idx[499]]).toEqual([0, n - 1]);
    expect(Array.from(idx)).toContain(4321);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
    expect(Array.from(downsample(x, y, 2))).toEqual([0, n - 1]);
  });
});
