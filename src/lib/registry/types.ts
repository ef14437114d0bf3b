/**
 * The model registry's records (MLflow's model registry, on the device): registered models, their
 * numbered versions, the transitions between aliases and stages, and what a version carries to be
 * served anywhere: the model document, the fitted recipe chain, the signature, an input example,
 * metrics, lineage and the model card. A version is self-contained: serving reads one record.
 */
import type { ColumnType } from '../data/types';
import type { FittedRecipe } from '../recipe';
import type { Task } from '../ml/model';

export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/** Alias names: lower-case letters, digits, '-' and '_', starting with a letter (e.g. champion, challenger). */
export const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
/** Registered model names: letters, digits, '-', '_' and '.', 1–100 characters (they appear in API paths). */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface RegisteredModelRecord {
  name: string;
  description: string;
  tags: Record<string, string>;
  /** alias → version number; one version per alias. */
  aliases: Record<string, number>;
  /** Highest version number ever given (numbers are never reused, even after a delete). */
  latestVersion: number;
  created: number;
  updated: number;
}

/**
 * The model as the training stage stored it (run artifact `model/model.json`, format
 * 'benchtop-model-v1'): `weights` is the algorithm's documented JSON (ModelDef.toJSON).
 */
export interface ModelDoc {
  format: 'benchtop-model-v1';
  /** Algorithm id (models/registry.ts), e.g. 'logistic-regression', 'mlp'. */
  model: string;
  task: Task;
  target: string;
  /** Feature columns, in the model's order, as the recipe chain outputs them. */
  features: string[];
  classes: string[] | null;
  /** Training means that filled missing features ('impute' policy). */
  imputed: { feature: string; value: number; count: number }[];
  params: Record<string, number | string | boolean>;
  datasetVersion: string;
  weights: unknown;
}

/** One input column of the signature: what a raw prediction input may hold. */
export interface SignatureInput {
  name: string;
  type: ColumnType;
  /** False when the model was trained with this column missing on some rows (it may be null). */
  required: boolean;
  /** Allowed categories (categorical/boolean-coded columns), from the training data. Absent for free text. */
  categories?: string[];
  /** Range seen in the training data (numbers; datetimes as epoch ms). */
  min?: number;
  max?: number;
  /** Datetimes: the format the training data used, for forms. */
  format?: string;
}

export interface Signature {
  /** Raw inputs (before the recipe chain): what a caller sends. */
  inputs: SignatureInput[];
  output: {
    /** The target's name. */
    name: string;
    task: Task;
    /** Classification: the labels, in the model's class order (probabilities follow it). */
    classes: string[] | null;
  };
}

export interface CardMetric { id: string; value: number | null; baseline?: number | null }

export interface ModelCard {
  /** Editable text (Markdown). */
  intendedUse: string;
  limitations: string;
  ethics: string;
  notes: string;
  /** Computed when the version is created; never edited by hand. */
  computed: {
    algorithm: string;
    task: Task;
    trainingData: { datasetId: string | null; datasetName: string | null; versionId: string; rows: number; trainRows: number | null; testRows: number | null; recipeIds: string[] };
    metrics: CardMetric[];
    /** Per-slice metrics from the run's evaluation, when it had a slice column. */
    slices: { column: string; rows: { slice: string; count: number; metrics: CardMetric[] }[] } | null;
    params: Record<string, number | string | boolean>;
  };
}

export interface VersionSource {
  kind: 'run' | 'bundle';
  runId: string | null;
  experimentId: string | null;
  /** Bundle imports: the file's name and the lineage it declared (runs may not exist on this device). */
  fileName?: string;
}

export interface ModelVersionRecord {
  name: string;
  version: number;
  description: string;
  tags: Record<string, string>;
  stage: Stage;
  source: VersionSource;
  /** Version → run → dataset version → recipes. recipeIds: outermost (applied first) to innermost. */
  lineage: { runId: string | null; experimentId: string | null; datasetId: string | null; datasetVersion: string; recipeIds: string[] };
  model: ModelDoc;
  /** Fitted recipes that turn raw inputs into the model's features, applied in this order (may be empty). */
  recipes: FittedRecipe[];
  signature: Signature;
  /** A few raw input rows from the training data (for forms and docs). */
  inputExample: Record<string, string | number | boolean | null>[];
  /** The run's test metrics (and baseline_*), as logged. */
  metrics: Record<string, number>;
  card: ModelCard;
  created: number;
  updated: number;
}

export interface GateCheck {
  metric: string;
  /** 'min': candidate ≥ threshold; 'max': candidate ≤ threshold; 'delta': candidate − champion ≥ threshold (sign-adjusted for lower-is-better metrics). */
  kind: 'min' | 'max' | 'delta';
  threshold: number;
  candidate: number | null;
  champion: number | null;
  passed: boolean;
}

export interface GateResult {
  /** Dataset version the candidate and champion were scored on. */
  holdoutVersion: string;
  rows: number;
  candidate: { version: number; metrics: Record<string, number | null> };
  champion: { version: number; metrics: Record<string, number | null> } | null;
  checks: GateCheck[];
  passed: boolean;
  time: number;
}

export type TransitionKind = 'create' | 'import' | 'alias-set' | 'alias-removed' | 'stage' | 'gate' | 'override' | 'edit' | 'delete';

/** Append-only history of a registered model: every transition, gate and override, with time and reason. */
export interface TransitionRecord {
  /** Auto-incremented key. */
  seq?: number;
  name: string;
  version: number | null;
  kind: TransitionKind;
  /** e.g. the alias, or the stage moved from/to. */
  detail: Record<string, unknown>;
  reason: string;
  time: number;
}
