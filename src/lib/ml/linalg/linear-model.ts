/**
 * The fitted state every linear model shares (scores = X coefᵀ + intercept), its predictions,
 * and its plain-JSON form. The JSON (format 'benchtop-linear-v1') is:
 *
 *   {
 *     "format": "benchtop-linear-v1",
 *     "model": "linear-regression" | "ridge" | "logistic-regression" | "linear-svc",
 *     "task": "regression" | "binary" | "multiclass",
 *     "featureNames": [d names, in the column order of X],
 *     "classes": null | [every class name; index = class code, as in TrainData.classes],
 *     "labels": null | [the class codes seen in training, ascending, at least two],
 *     "coef": [[d numbers], ...],   one row for regression and for two labels, else one row per label,
 *     "intercept": [one number per coef row],
 *     "info": { fit diagnostics: iterations, converged, rank, loss, ... (numbers, booleans, strings) }
 *   }
 *
 * Scores: s = coef·x + intercept. Regression predicts s. With two labels the single row scores
 * labels[1] against labels[0]: predict labels[1] when s > 0 (scikit-learn's rule); probability
 * (logistic regression only) σ(s) for labels[1] and 1 - σ(s) for labels[0]. With more labels one
 * row scores each label: predict the label of the largest score (the first on ties); probabilities
 * are the softmax of the scores. Classes never seen in training get probability 0.
 * JSON numbers hold doubles exactly, so a round trip predicts identically.
 */
import type { Task } from '../model';
import { checkFeatures, ModelError } from './fit-checks';

export const LINEAR_FORMAT = 'benchtop-linear-v1';
export const LINEAR_KINDS = ['linear-regression', 'ridge', 'logistic-regression', 'linear-svc'] as const;
export type LinearKind = (typeof LINEAR_KINDS)[number];
const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];

export interface LinearModel {
  model: LinearKind;
  task: Task;
  featureNames: string[];
  d: number;
  /** Classification: all class names (index = class code); regression: null. */
  classes: string[] | null;
  /** Classification: codes seen in training, ascending; regression: null. */
  labels: Int32Array | null;
  /** Score rows: 1 for regression and two labels, else labels.length. */
  rows: number;
  /** rows × d, row-major. */
  coef: Float64Array;
  intercept: Float64Array;
  info: Record<string, number | boolean | string>;
}

export interface LinearModelJSON {
  format: typeof LINEAR_FORMAT;
  model: LinearKind;
  task: Task;
  featureNames: string[];
  classes: string[] | null;
  labels: number[] | null;
  coef: number[][];
  intercept: number[];
  info: Record<string, number | boolean | string>;
}

/** n × rows scores; checks X first (length, NaN). */
export function scores(m: LinearModel, X: Float64Array, n: number): Float64Array {
  checkFeatures(m.model, X, n, m.d, m.featureNames);
  const { d, rows, coef, intercept } = m;
  const out = new Float64Array(n * rows);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rows; r++) {
      let s = intercept[r];
      for (let j = 0, o = r * d, x = i * d; j < d; j++) s += coef[o + j] * X[x + j];
      out[i * rows + r] = s;
    }
  }
  return out;
}

/** Regression: values; classification: class codes (as numbers). */
export function predictLinear(m: LinearModel, X: Float64Array, n: number): Float64Array {
  const s = scores(m, X, n);
  return m.labels ? labelsFromScores(m, s, n) : s;
}

/** n × classes.length probabilities: logistic for one score row, softmax for several. */
export function probaLinear(m: LinearModel, X: Float64Array, n: number): Float64Array {
  if (!m.labels || !m.classes) throw new ModelError(`${m.model}: probabilities need a classifier.`, { model: m.model });
  return probaFromScores(m, scores(m, X, n), n);
}

/** Class codes from n × rows scores (see the header's rules). */
export function labelsFromScores(m: LinearModel, s: Float64Array, n: number): Float64Array {
  const labels = m.labels!, rows = m.rows, out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (rows === 1) { out[i] = labels[s[i] > 0 ? 1 : 0]; continue; }
    let best = 0;
    for (let r = 1; r < rows; r++) if (s[i * rows + r] > s[i * rows + best]) best = r;
    out[i] = labels[best];
  }
  return out;
}

/** Probabilities from n × rows scores; several rows are overwritten by their softmax numerators. */
export function probaFromScores(m: LinearModel, s: Float64Array, n: number): Float64Array {
  const labels = m.labels!, rows = m.rows, k = m.classes!.length, out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    if (rows === 1) {
      const z = s[i], p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      out[i * k + labels[1]] = p;
      out[i * k + labels[0]] = 1 - p;
      continue;
    }
    let max = -Infinity, sum = 0;
    for (let r = 0; r < rows; r++) max = Math.max(max, s[i * rows + r]);
    for (let r = 0; r < rows; r++) sum += (s[i * rows + r] = Math.exp(s[i * rows + r] - max));
    for (let r = 0; r < rows; r++) out[i * k + labels[r]] = s[i * rows + r] / sum;
  }
  return out;
}

export function toLinearJSON(m: LinearModel): LinearModelJSON {
  return {
    format: LINEAR_FORMAT,
    model: m.model,
    task: m.task,
    featureNames: [...m.featureNames],
    classes: m.classes ? [...m.classes] : null,
    labels: m.labels ? Array.from(m.labels) : null,
    coef: Array.from({ length: m.rows }, (_, r) => Array.from(m.coef.subarray(r * m.d, (r + 1) * m.d))),
    intercept: Array.from(m.intercept),
    info: { ...m.info },
  };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads the JSON form back; `expect` is the model id the caller is (a ridge JSON is not a linear-svc). */
export function fromLinearJSON(json: unknown, expect: LinearKind): LinearModel {
  const bad = (why: string): never => { throw new ModelError(`Not a ${expect} model (${LINEAR_FORMAT}): ${why}.`, { model: expect }); };
  if (!json || typeof json !== 'object') bad('not an object');
  const j = json as Partial<LinearModelJSON>;
  if (j.format !== LINEAR_FORMAT) bad(`format is ${JSON.stringify(j.format)}`);
  if (j.model !== expect) bad(`model is ${JSON.stringify(j.model)}`);
  if (!TASKS.includes(j.task as Task)) bad(`task must be one of ${TASKS.join(', ')}`);
  const names = j.featureNames;
  if (!Array.isArray(names) || names.length < 1 || !names.every((s) => typeof s === 'string')) bad('featureNames must be a non-empty list of strings');
  const d = names!.length, task = j.task as Task;
  let classes: string[] | null = null, labels: Int32Array | null = null, rows = 1;
  if (task === 'regression') {
    if (j.classes != null || j.labels != null) bad('a regression model has no classes or labels');
  } else {
    if (!Array.isArray(j.classes) || !j.classes.every((s) => typeof s === 'string')) bad('classes must be a list of strings');
    const ls = j.labels;
    if (!Array.isArray(ls) || ls.length < 2 || !ls.every((c, i) => Number.isInteger(c) && c >= 0 && c < j.classes!.length && (i === 0 || c > ls[i - 1]))) {
      bad('labels must be at least two ascending class codes');
    }
    classes = [...j.classes!];
    labels = Int32Array.from(ls!);
    rows = labels.length === 2 ? 1 : labels.length;
  }
  const coef = j.coef, intercept = j.intercept;
  if (!Array.isArray(coef) || coef.length !== rows || !coef.every((r) => Array.isArray(r) && r.length === d && r.every(isFiniteNumber))) {
    bad(`coef must be ${rows} row(s) of ${d} finite numbers`);
  }
  if (!Array.isArray(intercept) || intercept.length !== rows || !intercept.every(isFiniteNumber)) bad(`intercept must be ${rows} finite number(s)`);
  const info = j.info ?? {};
  if (typeof info !== 'object' || Array.isArray(info)) bad('info must be an object');
  return {
    model: expect, task, featureNames: [...names!], d, classes, labels, rows,
    coef: Float64Array.from(coef!.flat()), intercept: Float64Array.from(intercept!), info: { ...info },
  };
}
