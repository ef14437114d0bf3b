/** Column types Benchtop infers and stores. */
export const COLUMN_TYPES = ['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'identifier'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** What a column is for in modelling. `ignore` columns are not imported. */
export const COLUMN_ROLES = ['feature', 'target', 'identifier', 'timestamp', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** Numeric storage: Float64 values, NaN for missing. String storage: Int32 dictionary codes, -1 for missing. */
export type Storage = 'f64' | 'codes';

export function storageOf(type: ColumnType): Storage {
  return type === 'categorical' || type === 'text' || type === 'identifier' ? 'codes' : 'f64';
}

export type FileFormat = 'csv' | 'tsv' | 'json' | 'ndjson';

/** Date formats Benchtop recognises; values are stored as milliseconds since the epoch (UTC). */
export type DateFormat = 'iso' | 'ymd-slash' | 'mdy' | 'dmy' | 'dmy-dot';

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Set for datetime columns. */
  dateFormat?: DateFormat;
}

export interface DatasetSchema {
  columns: ColumnSchema[];
}

export interface Notice {
  /** Machine-readable kind, e.g. 'renamed-column', 'skipped-rows', 'type-changed'. */
  kind: string;
  message: string;
}

export interface NumericProfile {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Quantiles at QUANTILE_LEVELS (linear interpolation, as pandas). */
  quantiles: number[];
  zeros: number;
  histogram: { edges: number[]; counts: number[] };
}

export interface CategoryCount {
  value: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  count: number;
  missing: number;
  distinct: number;
  /** True when `distinct` is an estimate (see data/summary.ts). */
  distinctApprox?: boolean;
  numeric?: NumericProfile;
  /** Top categories by count (string and boolean columns). */
  top?: CategoryCount[];
  /** Count of values outside `top`. */
  otherCount?: number;
  /** String length range for string columns. */
  length?: { min: number; max: number; mean: number };
  /** True when quantiles/histogram/distinct come from a uniform sample of the rows. */
  sampled?: boolean;
}

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
  /** Pearson correlation (pairwise complete) between numeric columns. */
  correlation: { columns: string[]; matrix: number[][] };
  /** Rows used for quantiles, histograms and correlation (== rows unless sampled). */
  sampleRows: number;
}

export const QUANTILE_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export const CHUNK_ROWS = 65_536;
