/**
 * Benchtop's runs file, `benchtop-runs-v1` (what Export JSON writes and Import reads):
 *
 * ```
 * { "format": "benchtop-runs-v1",
 *   "exported": 1735689600000,                 // ms since the epoch
 *   "experiments": [ExperimentRecord, …],      // the experiments of the runs below
 *   "runs": [{
 *     "run": RunRecord,                        // as stored; experimentId names one of `experiments`
 *     "metrics": [{ "key", "step", "value", "timestamp" }, …],   // the whole history
 *     "artifacts": [{ "path", "mediaType", "encoding", "data", "size", "created" }, …] }] }
 * ```
 *
 * JSON has no infinities: a metric value of ±Infinity (in `metrics`, `run.metrics` and `run.metricRange`) is
 * written as the string "Infinity" / "-Infinity". An artifact's `data` is its text as is
 * (`encoding: "utf8"`) or its bytes in base64 (`encoding: "base64"`); `size` is its byte length.
 */
import type { ArtifactRecord, ExperimentRecord, RunRecord } from '../store/schema';

export const RUNS_FORMAT = 'benchtop-runs-v1';

export type JsonNumber = number | 'Infinity' | '-Infinity';

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  timestamp: number;
}

export interface ExportedArtifact {
  path: string;
  mediaType: string;
  encoding: 'utf8' | 'base64';
  data: string;
  size: number;
  created: number;
}

export interface ExportedRun {
  run: Omit<RunRecord, 'metrics' | 'metricRange'> & { metrics: Record<string, JsonNumber>; metricRange?: Record<string, [JsonNumber, JsonNumber]> };
  metrics: (Omit<MetricPoint, 'value'> & { value: JsonNumber })[];
  artifacts: ExportedArtifact[];
}

export interface RunsFile {
  format: typeof RUNS_FORMAT;
  exported: number;
  experiments: ExperimentRecord[];
  runs: ExportedRun[];
}

/** An artifact with its path, as stored. */
export type PathArtifact = ArtifactRecord & { path: string };

export function encodeNumber(v: number): JsonNumber {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

/** The number a JsonNumber stands for; undefined for anything else (NaN included). */
export function decodeNumber(v: unknown): number | undefined {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const CHUNK = 0x8000;

export function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/** The bytes of a base64 string; throws on anything that is not base64. */
export function fromBase64(text: string): ArrayBuffer {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

export const byteLength = (data: ArrayBuffer | string): number => (typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength);

export function exportArtifact(a: PathArtifact): ExportedArtifact {
  const text = typeof a.data === 'string';
  return {
    path: a.path,
    mediaType: a.mediaType,
    encoding: text ? 'utf8' : 'base64',
    data: typeof a.data === 'string' ? a.data : toBase64(a.data),
    size: a.size,
    created: a.created,
  };
}
