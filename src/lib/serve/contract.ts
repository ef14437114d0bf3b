/**
 * The serving core's contract, shared by the serving worker (workers/serve.ts), the service
 * worker's prediction API (workers/sw.ts), batch scoring, the registry's promotion gate and the
 * benchmark. Implementations: predictor.ts (loadPredictor) and service.ts (ServingService).
 */
import type { Table } from '../recipe/table';
import type { ModelVersionRecord, Signature } from '../registry/types';
import type { Arm, DeploymentRecord, Strategy, Violation } from './types';

export type InputRecord = Record<string, unknown>;

/** One answered row. `output` null means the row was refused (hard violations: see `violations`). */
export interface RowPrediction {
  output: string | number | null;
  /** Classification: probabilities in `classes` order. */
  proba: number[] | null;
  violations: Violation[];
}

/** Columnar predictions for a table (batch scoring, the gate, the benchmark). */
export interface TablePrediction {
  /** Regression: values; classification: class indices into `classes` (NaN for refused rows). */
  yPred: Float64Array;
  /** Classification: n × k row-major probabilities. */
  proba?: Float64Array;
  /** Rows (0-based) that could not be predicted, and why. */
  refused: { row: number; violations: Violation[] }[];
}

/** A loaded, warm model version: recipe chain + model, ready to predict. */
export interface Predictor {
  readonly name: string;
  readonly version: number;
  readonly signature: Signature;
  readonly classes: string[] | null;
  /**
   * Raw records (as an API caller sends them): validated against the signature, run through
   * the fitted recipe chain (live mode), imputed, predicted. Rows with hard violations
   * (a required column missing, a value of the wrong type) are refused; soft ones (out of the
   * training range, an unseen category, an unknown column) are predicted and reported.
   */
  predictRecords(records: readonly InputRecord[]): Promise<RowPrediction[]>;
  /** A table in the raw input schema (the signature's columns): same path, columnar. */
  predictRaw(table: Table): Promise<TablePrediction>;
  /** A table that already holds the model's feature columns (e.g. the training version itself). */
  predictFeatures(table: Table): Promise<TablePrediction>;
  dispose(): void;
}

/** What an endpoint answered for one request. */
export interface ServeResult {
  endpoint: string;
  deployment: string | null;
  strategy: Strategy;
  /** The version and arm that answered. */
  version: number;
  arm: Arm;
  /** Prediction ids (one per record, for attaching labels later). */
  ids: string[];
  predictions: RowPrediction[];
  classes: string[] | null;
  /** Milliseconds spent in the model (recipe + predict), for the whole request. */
  latencyMs: number;
  /** Shadow: the candidate's answers (never returned by the API; shown in the app's live agreement). */
  shadow?: { version: number; predictions: RowPrediction[] };
}

export interface ServedModel {
  name: string;
  aliases: Record<string, number>;
  /** Endpoint `name@alias` → deployment id and strategy when one is active. */
  deployments: { alias: string; id: string; name: string; strategy: Strategy }[];
  versions: { version: number; stage: string; signature: Signature }[];
}

/** The serving service: resolves `model@alias`, routes by deployment, predicts, logs. */
export interface Serving {
  predict(model: string, alias: string, records: readonly InputRecord[], opts?: { source?: string }): Promise<ServeResult>;
  listModels(): Promise<ServedModel[]>;
  /** Attach ground-truth labels to prediction ids; answers how many ids were known. */
  attachLabels(labels: readonly { id: string; label: string | number }[]): Promise<{ attached: number; unknown: string[] }>;
  /** Forget cached aliases, deployments and predictors for a model (or all): called on registry changes. */
  invalidate(model?: string): void;
  /** Write every buffered prediction now. */
  flush(): Promise<void>;
  dispose(): void;
}

export type { ModelVersionRecord, DeploymentRecord };
