/**
 * Linear support vector classifier = scikit-learn LinearSVC (liblinear):
 *   min ½‖w‖² + Σᵢ Cᵢ ξ(yᵢ (wᵀxᵢ + b)),  ξ = squared hinge (default) or hinge,
 * solved in the dual by liblinear's coordinate descent (linalg/dual-cd.ts) with shrinking — each
 * epoch visits the rows in an order drawn from mulberry32(hooks.seed ?? 0), so a seed gives one
 * model — or, for the squared hinge, in the primal by L-BFGS (linalg/primal-svc.ts).
 * dual 'auto' picks the primal when there are more rows than features and the loss is the squared
 * hinge (scikit-learn ≥ 1.3's dual='auto'); 'true' is scikit-learn 1.2's default.
 * - The intercept is a constant feature of value 1 (liblinear's intercept_scaling = 1): it is
 *   penalised like a weight, as in scikit-learn.
 * - Two classes: one problem, labels[1] positive. More: one-vs-rest, one problem per class, predict
 *   the class of the largest score.
 * - Cᵢ = C × sample weight × class weight; class_weight 'balanced' as scikit-learn; in one-vs-rest
 *   only the positive class is reweighted (liblinear's weighted_C).
 * - Stops when the projected-gradient spread ≤ tol or after max_iter epochs per problem
 *   (info.converged false, scikit-learn's ConvergenceWarning).
 * No predictProba: SVM scores are margins, not probabilities (calibrate them, or use logistic regression).
 * The solution of the convex problem is unique, but liblinear stops early at tol, so coefficients
 * differ from scikit-learn's in the later digits (its random order cannot be reproduced).
 * hooks.progress(epochs so far, max_iter × problems, { gap, problem }) after every epoch.
 */
import { CancelledError } from '../../errors';
import { mulberry32 } from '../../data/split';
import type { FitHooks, HyperParamSpec, HyperParams, SyncModelDef, Task, TrainData } from '../model';
import { dualCd } from '../linalg/dual-cd';
import { balancedWeights, checkTrainData, classInfo, ModelError, readParams } from '../linalg/fit-checks';
import { primalSquaredHinge } from '../linalg/primal-svc';
import { fromLinearJSON, predictLinear, toLinearJSON, type LinearModel } from '../linalg/linear-model';

const ID = 'linear-svc';
const TASKS: readonly Task[] = ['binary', 'multiclass'];

const PARAMS: readonly HyperParamSpec[] = [
  { name: 'C', kind: 'number', default: 1.0, min: 1e-6, max: 1e6, log: true, help: 'Penalty on margin violations: smaller C regularises more.' },
  { name: 'loss', kind: 'enum', default: 'squared_hinge', values: ['squared_hinge', 'hinge'], help: 'squared_hinge (smooth, the default) or hinge (the standard SVM loss).' },
  { name: 'max_iter', kind: 'integer', default: 1000, min: 1, max: 100_000, help: 'Most passes over the data per binary problem.' },
  { name: 'tol', kind: 'number', default: 1e-4, min: 1e-12, max: 1, log: true, help: 'Stop when the dual projected gradients spread by at most tol.' },
  { name: 'class_weight', kind: 'enum', default: 'none', values: ['none', 'balanced'], help: "'balanced' weighs each class inversely to its frequency." },
  { name: 'fit_intercept', kind: 'boolean', default: true, help: 'Add a constant feature 1 whose weight is the intercept (penalised, as liblinear).' },
  { name: 'dual', kind: 'enum', default: 'auto', values: ['auto', 'true', 'false'], help: "Solve the dual (coordinate descent) or the primal (L-BFGS, squared hinge only); 'auto' takes the primal when rows outnumber features." },
];

function fit(data: TrainData, task: Task, params: HyperParams, hooks?: FitHooks): LinearModel {
  const w = checkTrainData(ID, data, task, TASKS);
  const p = readParams(ID, PARAMS, params);
  const { classes, labels } = classInfo(ID, data, task, w);
  const { X, n, d, y } = data;
  const C = p.C as number, maxIter = p.max_iter as number, bias = p.fit_intercept ? 1 : 0;
  if (p.dual === 'false' && p.loss === 'hinge') throw new ModelError(`${ID}: loss 'hinge' has no primal solver; use dual 'true' or 'auto', or loss 'squared_hinge'.`, { model: ID, param: 'dual' });
  const primal = p.loss === 'squared_hinge' && (p.dual === 'false' || (p.dual === 'auto' && n > d));
  const cw = p.class_weight === 'balanced' ? balancedWeights(y, labels, classes.length) : new Float64Array(classes.length).fill(1);
  const random = mulberry32(hooks?.seed ?? 0);
  const problems = labels.length === 2 ? 1 : labels.length;
  const coef = new Float64Array(problems * d), intercept = new Float64Array(problems);
  const yb = new Int8Array(n), Ci = new Float64Array(n);
  let iterations = 0, converged = true;
  for (let r = 0; r < problems; r++) {
    // Binary: labels[1] is positive and both classes carry their weight; one-vs-rest: only the positive does.
    const positive = problems === 1 ? labels[1] : labels[r];
    for (let i = 0; i < n; i++) {
      const pos = y[i] === positive;
      yb[i] = pos ? 1 : -1;
      Ci[i] = C * w[i] * (pos || problems === 1 ? cw[y[i]] : 1);
    }
    const onIteration = (iteration: number, gap: number) => {
      if (hooks?.cancelled?.()) throw new CancelledError();
      hooks?.progress?.(r * maxIter + iteration, problems * maxIter, { gap, problem: r });
    };
    const res = primal
      ? (({ x, iterations, converged }) => ({ w: x, iterations, converged }))(primalSquaredHinge(X, n, d, bias, yb, { C: Ci, tol: p.tol as number, maxIter, onIteration: (it, _f, g) => onIteration(it, g) }))
      : dualCd(X, n, d, bias, yb, { loss: p.loss as 'hinge' | 'squared_hinge', C: Ci, tol: p.tol as number, maxIter, random, onIteration });
    coef.set(res.w.subarray(0, d), r * d);
    intercept[r] = bias > 0 ? res.w[d] * bias : 0;
    iterations = Math.max(iterations, res.iterations);
    converged &&= res.converged;
    hooks?.progress?.((r + 1) * maxIter, problems * maxIter, { problem: r });
  }
  return {
    model: ID, task, featureNames: [...data.featureNames], d, classes, labels, rows: problems, coef, intercept,
    info: { iterations, converged, seed: hooks?.seed ?? 0, solver: primal ? 'primal' : 'dual' },
  };
}

export const linearSvc: SyncModelDef<LinearModel> = {
  id: ID,
  label: 'Linear SVM',
  description: 'Linear support vector classifier (liblinear: dual coordinate descent, or the primal by L-BFGS), one-vs-rest for 3+ classes. Margins, no probabilities.',
  tasks: TASKS,
  params: PARAMS,
  fit,
  predict: predictLinear,
  toJSON: toLinearJSON,
  fromJSON: (json) => fromLinearJSON(json, ID),
};
