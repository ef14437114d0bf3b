/**
 * Least-squares linear regression, two ModelDefs sharing one fitted form (LinearModel, JSON
 * 'benchtop-linear-v1', see linalg/linear-model.ts):
 *
 * - `linearRegression` ('linear-regression') = scikit-learn LinearRegression: ordinary least squares
 *   by Householder QR with column pivoting. Rank-deficient designs (collinear or constant columns,
 *   more features than rows) get the minimum-norm solution, as lstsq gives scikit-learn; the
 *   numerical rank is recorded in info.rank.
 * - `ridge` ('ridge') = scikit-learn Ridge(solver='cholesky'): minimises Σ wᵢ (yᵢ - xᵢβ - b)² + α‖β‖²
 *   by a Cholesky solve of XcᵀWXc + αI (d × d, so cost n·d² + d³; fine for tabular widths).
 *
 * fit_intercept centres X and y by their weighted means, so the intercept is never penalised; then
 * b = ȳ - x̄β. Sample weights scale rows by √wᵢ. Exact solves: no iterations, no randomness.
 */
import { CancelledError } from '../../errors';
import type { FitHooks, HyperParamSpec, HyperParams, SyncModelDef, Task, TrainData } from '../model';
import { cholesky, choleskySolve } from '../linalg/cholesky';
import { checkTrainData, ModelError, readParams } from '../linalg/fit-checks';
import { fromLinearJSON, predictLinear, toLinearJSON, type LinearKind, type LinearModel } from '../linalg/linear-model';
import { lstsq } from '../linalg/qr';

const TASKS: readonly Task[] = ['regression'];

const FIT_INTERCEPT: HyperParamSpec = {
  name: 'fit_intercept', kind: 'boolean', default: true,
  help: 'Fit an intercept (X and y are centred first, so the intercept is not penalised). Off: the line goes through the origin.',
};

const OLS_PARAMS: readonly HyperParamSpec[] = [FIT_INTERCEPT];
const RIDGE_PARAMS: readonly HyperParamSpec[] = [
  { name: 'alpha', kind: 'number', default: 1.0, min: 1e-8, max: 1e8, log: true, help: 'L2 penalty strength α on the coefficients (not the intercept). Larger shrinks more.' },
  FIT_INTERCEPT,
];

function fitLeastSquares(kind: LinearKind, data: TrainData, task: Task, params: HyperParams, hooks?: FitHooks): LinearModel {
  const w = checkTrainData(kind, data, task, TASKS);
  const p = readParams(kind, kind === 'ridge' ? RIDGE_PARAMS : OLS_PARAMS, params);
  if (hooks?.cancelled?.()) throw new CancelledError();
  const { X, n, d, y } = data;
  const fitIntercept = p.fit_intercept as boolean;
  const xm = new Float64Array(d);
  let ym = 0;
  if (fitIntercept) {
    let sw = 0;
    for (let i = 0; i < n; i++) {
      sw += w[i];
      ym += w[i] * y[i];
      for (let j = 0; j < d; j++) xm[j] += w[i] * X[i * d + j];
    }
    ym /= sw;
    for (let j = 0; j < d; j++) xm[j] /= sw;
  }
  let coef: Float64Array;
  const info: LinearModel['info'] = { rows: n };
  if (kind === 'linear-regression') {
    const A = new Float64Array(n * d), b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = Math.sqrt(w[i]);
      b[i] = s * (y[i] - ym);
      for (let j = 0; j < d; j++) A[i * d + j] = s * (X[i * d + j] - xm[j]);
    }
    const res = lstsq(A, n, d, b);
    coef = res.x;
    info.rank = res.rank;
  } else {
    const alpha = p.alpha as number;
    const G = new Float64Array(d * d), r = new Float64Array(d), xc = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) xc[j] = X[i * d + j] - xm[j];
      const yc = w[i] * (y[i] - ym);
      for (let j = 0; j < d; j++) {
        const wx = w[i] * xc[j];
        r[j] += xc[j] * yc;
        for (let l = 0; l <= j; l++) G[j * d + l] += wx * xc[l];
      }
    }
    for (let j = 0; j < d; j++) G[j * d + j] += alpha;
    const L = cholesky(G, d);
    if (!L) throw new ModelError(`ridge: XᵀX + αI is not positive definite (α = ${alpha}); the features may be too large in scale.`, { model: kind, param: 'alpha' });
    coef = choleskySolve(L, d, r);
    info.alpha = alpha;
  }
  let intercept = 0;
  if (fitIntercept) {
    intercept = ym;
    for (let j = 0; j < d; j++) intercept -= xm[j] * coef[j];
  }
  hooks?.progress?.(1, 1);
  return {
    model: kind, task, featureNames: [...data.featureNames], d, classes: null, labels: null, rows: 1,
    coef, intercept: Float64Array.of(intercept), info,
  };
}

export const linearRegression: SyncModelDef<LinearModel> = {
  id: 'linear-regression',
  label: 'Linear regression',
  description: 'Ordinary least squares, solved exactly by QR (minimum-norm when features are collinear). Fast, interpretable baseline.',
  tasks: TASKS,
  params: OLS_PARAMS,
  fit: (data, task, params, hooks) => fitLeastSquares('linear-regression', data, task, params, hooks),
  predict: predictLinear,
  toJSON: toLinearJSON,
  fromJSON: (json) => fromLinearJSON(json, 'linear-regression'),
};

export const ridge: SyncModelDef<LinearModel> = {
  id: 'ridge',
  label: 'Ridge regression',
  description: 'Least squares with an L2 penalty α on the coefficients, solved exactly (Cholesky). Stable with correlated features.',
  tasks: TASKS,
  params: RIDGE_PARAMS,
  fit: (data, task, params, hooks) => fitLeastSquares('ridge', data, task, params, hooks),
  predict: predictLinear,
  toJSON: toLinearJSON,
  fromJSON: (json) => fromLinearJSON(json, 'ridge'),
};
