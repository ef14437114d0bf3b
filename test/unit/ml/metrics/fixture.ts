/**
 * Loads test/fixtures/metrics_reference.json (made by make_metrics_reference.py with
 * scikit-learn 1.2.1) and compares numbers: scalars within 1e-12 relative, curves exactly.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

type Num = number | null;
export interface Curve { fpr: Num[]; tpr: Num[]; thresholds: Num[] }
export interface PrCurve { precision: Num[]; recall: Num[]; thresholds: Num[] }
export interface Prf { precision: number; recall: number; f1: number }
export type Maybe<T> = T | { error: string };
export interface ClsCase {
  name: string;
  k: number;
  y_true: number[];
  y_pred: number[];
  proba: number[];
  sample_weight: number[] | null;
  expect: {
    accuracy: number;
    balanced_accuracy: number;
    confusion_matrix: number[];
    confusion_matrix_true: number[];
    confusion_matrix_pred: number[];
    confusion_matrix_all: number[];
    per_class: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
    macro: Prf;
    weighted: Prf;
    micro: Prf;
    binary: Maybe<Prf>;
    log_loss: number;
    log_loss_1e15: number;
    roc_auc: Maybe<number>;
    roc_auc_weighted?: Maybe<number>;
    curves: { pos_label: number; roc: Curve; roc_all: Curve; pr: PrCurve }[];
    baseline: { prior: number[]; predict: number };
  };
}
export interface RegCase {
  name: string;
  y_true: number[];
  y_pred: number[];
  sample_weight: number[] | null;
  expect: { mae: number; mse: number; rmse: number; r2: Num; mape: number; baseline_mean: number };
}

export const ref = JSON.parse(readFileSync(new URL('../../../fixtures/metrics_reference.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  classification: ClsCase[];
  regression: RegCase[];
};

/** Case label for test names: name, with or without weights. */
export const label = (c: { name: string; sample_weight: number[] | null }): string => `${c.name}${c.sample_weight ? ' weighted' : ''}`;

/** Inputs as Benchtop holds them: Int32Array classes, Float64Array values. */
export function clsInputs(c: ClsCase) {
  return {
    yTrue: Int32Array.from(c.y_true),
    yPred: Float64Array.from(c.y_pred),
    proba: Float64Array.from(c.proba),
    sampleWeight: c.sample_weight ? Float64Array.from(c.sample_weight) : undefined,
    k: c.k,
  };
}

/** Within 1e-12 relative of scikit-learn (null = NaN; an expected 0 must be exactly 0). */
export function expectClose(actual: number, expected: Num, what = ''): void {
  if (expected === null) return void expect(actual, what).toBeNaN();
  const ok = actual === expected || Math.abs(actual - expected) <= 1e-12 * Math.abs(expected);
  if (!ok) expect.fail(`${what}: ${actual} is not within 1e-12 of ${expected}`);
}

export function expectAllClose(actual: ArrayLike<number>, expected: readonly Num[], what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${what}[${i}]`);
}

/** Exactly the same doubles (null = NaN). */
export function expectExact(actual: ArrayLike<number>, expected: readonly Num[], what = ''): void {
  expect(Array.from(actual), what).toEqual(expected.map((v) => (v === null ? NaN : v)));
}
