/**
 * Monitoring records and the contracts between its parts: drift tests (stats/, one file each plus
 * one line in stats/registry.ts), streaming detectors (detectors/), monitors (settings kept in the
 * `monitors` store), their computed window results (`monitorResults`), alert rules and fired
 * alerts (`alerts`), and retraining steps.
 */

/** Column kinds a drift test accepts. */
export type DriftColumnKind = 'numeric' | 'categorical' | 'binary';

/** What a drift test returns for one column: `score` is a p-value (drift when below the threshold) or a distance (drift when above). */
export interface DriftTestResult {
  method: string;
  score: number;
  /** The test statistic behind a p-value (e.g. KS D), when there is one. */
  statistic?: number;
  threshold: number;
  drifted: boolean;
}

/** Reference and current samples of one column. Numeric: finite values only (missing removed). Categorical: labels. */
export type DriftSample = { kind: 'numeric'; values: Float64Array } | { kind: 'categorical' | 'binary'; values: readonly string[] };

export interface DriftTestMeta {
  id: string;
  label: string;
  kinds: readonly DriftColumnKind[];
  /** p-value tests drift when score < threshold; distances when score > threshold (or ≥ for PSI). */
  scoreKind: 'p_value' | 'distance';
  defaultThreshold: number;
  /** One line on what it measures and, for binned ones, how bins are fitted. */
  help: string;
}

export interface DriftTest {
  meta: DriftTestMeta;
  /** Score of `current` against `reference` (both non-empty). */
  run(reference: DriftSample, current: DriftSample, threshold: number): DriftTestResult;
}

/** A streaming change detector over one numeric stream (0/1 errors for DDM/EDDM). */
export interface DetectorState {
  /** 'stable' | 'warning' | 'drift' after the last update. */
  level: 'stable' | 'warning' | 'drift';
  /** Updates since the detector was created or reset(): this update's 1-based index. */
  n?: number;
  /** The detector's current estimate of the stream: error rate (DDM), mean distance between errors (EDDM), window mean (ADWIN, KSWIN), running mean (Page-Hinkley). */
  estimate?: number;
  /** Points behind `estimate`: ADWIN's window, KSWIN's window, the others' points since their last drift. */
  width?: number;
  /** `n` at the last drift (null before any). */
  detectedAt?: number | null;
  /** The quantity compared with the threshold: DDM (p+s−p_min)/s_min, EDDM (p′+2s′)/max, Page-Hinkley the cumulative gap, KSWIN the p-value of this update's test; ADWIN none. */
  statistic?: number;
}
export interface Detector {
  readonly id: string;
  update(x: number): DetectorState;
  reset(): void;
}

export type WindowSpec =
  | { kind: 'last'; n: number }
  | { kind: 'period'; period: 'hour' | 'day' | 'week' }
  | { kind: 'chunks'; n: number };

export type ReferenceSpec =
  | { kind: 'training' }
  | { kind: 'version'; versionId: string }
  | { kind: 'log'; from: number; to: number };

export interface ColumnSetting {
  column: string;
  /** Drift test id (stats/registry.ts); absent = the default choice. */
  method?: string;
  threshold?: number;
}

export type Automation = 'alert' | 'suggest' | 'automatic';

export interface AlertRule {
  id: string;
  /** e.g. 'dataset_drift_share', 'drift:<column>', 'accuracy', 'missing_share', 'latency_p95', 'prediction_drift' */
  metric: string;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
  /** Consecutive windows that must break the rule before it fires. */
  windows: number;
}

export interface MonitorRecord {
  id: string;
  name: string;
  deployment: string;
  model: string;
  reference: ReferenceSpec;
  window: WindowSpec;
  columns: ColumnSetting[];
  /** Share of watched columns that must drift for the dataset to drift (default 0.5). */
  datasetShare: number;
  rules: AlertRule[];
  automation: Automation;
  /** Dataset version to retrain on when automation runs (or chosen when the user retrains). */
  retrainVersion: string | null;
  created: number;
  updated: number;
}

export interface ColumnDrift {
  column: string;
  kind: DriftColumnKind;
  method: string;
  threshold: number;
  score: number;
  statistic?: number;
  drifted: boolean;
  /** Small histograms for the UI: shared bin edges or categories, reference and current shares. */
  reference: { labels: string[]; shares: number[] };
  current: { labels: string[]; shares: number[] };
}

export interface WindowResult {
  monitor: string;
  /** Window start and end (ms) and its rows. */
  start: number;
  end: number;
  rows: number;
  columns: ColumnDrift[];
  datasetDrift: { share: number; drifted: boolean };
  predictionDrift: ColumnDrift | null;
  targetDrift: ColumnDrift | null;
  multivariate: { error: number; threshold: number; drifted: boolean } | null;
  quality: { missingShare: number; outOfRange: number; unseenCategories: number; violations: number; rows: number; reference: { missingShare: number } };
  performance: { labelled: number; metrics: Record<string, number | null>; reference: Record<string, number | null> } | null;
  software: { p50: number; p95: number; p99: number; throughput: number; errors: number; modelBytes: number | null };
  /** Streaming detector events in this window: detector, metric, time, level. */
  detections: { detector: string; stream: string; time: number; level: 'warning' | 'drift' }[];
  computed: number;
  /** The open (current) window: still filling (fewer than N rows, or its period has not ended). Rules skip it. */
  partial?: boolean;
}

export interface AlertRecord {
  id: string;
  monitor: string;
  rule: string;
  metric: string;
  value: number;
  threshold: number;
  fired: number;
  /** Start of the window that completed the streak (one streak fires once). Absent for a retraining started by hand (rule 'retrain'). */
  window?: number;
  acknowledged: number | null;
  /** What the automation did: the steps recorded. */
  actions: { time: number; step: string; detail: string }[];
}
