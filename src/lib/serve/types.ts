/**
 * Serving records: deployments (how requests to an endpoint `model@alias` are routed between
 * versions) and the prediction log (columnar batches, the monitoring stage's input) with the
 * ground-truth labels attached later.
 */

export const STRATEGIES = ['single', 'shadow', 'canary', 'blue-green'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** A version, named by alias (resolved at request time, so moving the alias takes effect at once) or by number. */
export type VersionRef = { alias: string } | { version: number };

export interface DeploymentEvent {
  time: number;
  /** 'create' | 'switch' | 'rollback' | 'share' | 'stop' | 'start' | 'edit' */
  action: string;
  detail: string;
}

/**
 * A deployment answers the endpoint `model@alias`. Arms:
 * - single: `primary` answers.
 * - shadow: `primary` answers; `candidate` gets a copy of every request, logged, never returned.
 * - canary: `canaryPercent`% of requests go to `candidate` (sticky by `stickyKey`'s value when set), the rest to `primary`.
 * - blue-green: `primary` is blue, `candidate` is green; `live` says which answers. Switching is instant and recorded.
 * Without an active deployment for an endpoint, requests go to the alias's version (single).
 */
export interface DeploymentRecord {
  id: string;
  name: string;
  model: string;
  /** The alias this deployment answers for (`model@alias`). */
  alias: string;
  strategy: Strategy;
  primary: VersionRef;
  candidate: VersionRef | null;
  /** Canary: share of requests (0–100) sent to the candidate. */
  canaryPercent: number;
  /** Canary: input column whose value keeps a caller on one arm. */
  stickyKey: string | null;
  /** Blue-green: which side answers. */
  live: 'blue' | 'green';
  /** Validate inputs against this dataset validation suite as well as the signature ([suite id, version]). */
  suite: [string, number] | null;
  status: 'active' | 'stopped';
  history: DeploymentEvent[];
  created: number;
  updated: number;
}

/** Arm of a logged prediction. */
export const ARMS = ['primary', 'candidate', 'shadow', 'blue', 'green'] as const;
export type Arm = (typeof ARMS)[number];

/** One signature violation of one input row. */
export interface Violation {
  column: string;
  /** 'missing' | 'type' | 'category' | 'range' | 'unknown-column' | 'suite' */
  kind: string;
  message: string;
}

/**
 * A batch of logged predictions, columnar. Key [deployment, start, batch id]. `deployment` is the
 * deployment id, or `endpoint:model@alias` for requests answered without a deployment.
 * Row i of every column is prediction `ids[i]`.
 */
export interface PredictionBatchRecord {
  deployment: string;
  /** Time of the first prediction in the batch (ms since epoch). */
  start: number;
  batchId: string;
  model: string;
  ids: string[];
  time: Float64Array;
  /** Index into ARMS. */
  arm: Uint8Array;
  version: Int32Array;
  /** Milliseconds spent predicting (model + recipe), per row. */
  latency: Float32Array;
  /** Input columns by name (raw values as received; null when absent). */
  inputs: Record<string, (string | number | boolean | null)[]>;
  /** Regression: the value; classification: the class label. Null when the row was refused. */
  output: (string | number | null)[];
  /** Classification: per row, probabilities in `classes` order (empty for regression or refused rows). */
  proba: (number[] | null)[];
  classes: (string[] | null)[];
  /** Violations per row (empty when none). */
  violations: Violation[][];
  /** Shadow rows: the id of the primary prediction they copy. */
  shadowOf: (string | null)[];
}

/** A ground-truth label for a prediction id, attached when feedback arrives. */
export interface LabelRecord {
  id: string;
  label: string | number;
  time: number;
}
