import type { DBSchema } from 'idb';
import type { ColumnSchema, DatasetProfile, FileFormat, Notice } from '../data/types';
import type { Encoding } from './encoding';
import type { SplitSpec } from '../data/split';
import type { ArtifactRecord, ExperimentRecord, MetricRecord, RunRecord, SettingRecord } from './track-schema';
import type { ModelVersionRecord, RegisteredModelRecord, TransitionRecord } from '../registry/types';
import type { DeploymentRecord, LabelRecord, PredictionBatchRecord } from '../serve/types';
import type { AlertRecord, MonitorRecord, WindowResult } from '../monitor/types';

export * from './track-schema';

export const DB_NAME = 'benchtop';
/** Bump with a new `case` in `upgrade` (migrations.ts); never drop a store that holds user data. */
export const DB_VERSION = 5;

export interface DatasetRecord {
  id: string;
  name: string;
  description: string;
  tags: string[];
  created: number;
  updated: number;
}

export interface SourceInfo {
  fileName: string;
  size: number;
  format: FileFormat;
  delimiter: string;
  /** The first lines of the source file. */
  sample: string;
}

export interface VersionRecord {
  /** SHA-256 of the canonical form of the data and schema (see data/hash.ts). */
  id: string;
  datasetId: string;
  /** The version this one was derived from or replaced, if any. */
  parent: string | null;
  /** Recipe that produced this version from `parent` (data preparation stage). */
  recipeId: string | null;
  rows: number;
  columns: ColumnSchema[];
  profile: DatasetProfile;
  source: SourceInfo;
  notices: Notice[];
  created: number;
  /** How the rows were split into train/validation/test when this version was derived. */
  split?: SplitSpec | null;
  /** Key of this version's chunks and dictionaries. */
  storageKey: string;
  chunks: number;
  /** Bytes of column data (chunks) plus dictionaries. */
  bytes: number;
}

export interface ChunkRecord {
  /** The chunk in the form `enc` names (see encoding.ts); without `enc`: raw Float64 or Int32. */
  data: ArrayBuffer;
  enc?: Encoding;
  scale?: number;
}

export interface DictionaryRecord {
  values: string[];
}

/** A recipe as applied: its steps and, once fitted, what each step learned. Keyed by content hash. */
export interface RecipeRecord {
  id: string;
  name: string;
  /** The recipe document (see src/lib/recipe). */
  recipe: unknown;
  fitted: boolean;
  created: number;
}

/** One version of a validation suite. */
export interface SuiteRecord {
  id: string;
  version: number;
  name: string;
  /** The suite document (see src/lib/validate). */
  suite: unknown;
  /** Dataset version it was generated from, if any. */
  createdFrom: string | null;
  created: number;
}

/** An import in progress: its staged chunks are deleted if it never commits. */
export interface StagingRecord {
  storageKey: string;
  started: number;
}

export interface BenchtopDB extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { byName: string } };
  datasetVersions: { key: string; value: VersionRecord; indexes: { byDataset: string; byStorage: string } };
  /** key: [storageKey, column index, chunk index] */
  columnChunks: { key: [string, number, number]; value: ChunkRecord };
  /** key: [storageKey, column index] */
  dictionaries: { key: [string, number]; value: DictionaryRecord };
  staging: { key: string; value: StagingRecord };
  recipes: { key: string; value: RecipeRecord };
  /** key: [suite id, version] */
  suites: { key: [string, number]; value: SuiteRecord; indexes: { byId: string } };
  experiments: { key: string; value: ExperimentRecord; indexes: { byName: string } };
  runs: { key: string; value: RunRecord; indexes: { byExperiment: string; byParent: string; byStatus: string } };
  /** key: [run id, metric key, step] */
  metrics: { key: [string, string, number]; value: MetricRecord };
  /** key: [run id, artifact path] */
  artifacts: { key: [string, string]; value: ArtifactRecord };
  /** Device-local settings and caches (e.g. the tensor backend calibration). */
  settings: { key: string; value: SettingRecord };
  registeredModels: { key: string; value: RegisteredModelRecord };
  /** key: [model name, version number] */
  modelVersions: { key: [string, number]; value: ModelVersionRecord; indexes: { byName: string; byRun: string } };
  /** Auto-incremented key: the registry's append-only history. */
  transitions: { key: number; value: TransitionRecord; indexes: { byName: string } };
  deployments: { key: string; value: DeploymentRecord; indexes: { byEndpoint: [string, string] } };
  /** key: [deployment, start, batch id] */
  predictions: { key: [string, number, string]; value: PredictionBatchRecord; indexes: { byModel: string } };
  /** key: prediction id */
  labels: { key: string; value: LabelRecord };
  monitors: { key: string; value: MonitorRecord; indexes: { byDeployment: string } };
  /** key: [monitor id, window start] */
  monitorResults: { key: [string, number]; value: WindowResult };
  alerts: { key: string; value: AlertRecord; indexes: { byMonitor: string } };
}

export type StoreName = 'datasets' | 'datasetVersions' | 'columnChunks' | 'dictionaries' | 'staging' | 'recipes' | 'suites' | 'experiments' | 'runs' | 'metrics' | 'artifacts' | 'settings'
  | 'registeredModels' | 'modelVersions' | 'transitions' | 'deployments' | 'predictions' | 'labels' | 'monitors' | 'monitorResults' | 'alerts';
