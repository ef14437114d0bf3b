/**
 * Streaming detectors over a monitor's rows in time order, their state carried from window to
 * window: DDM and EDDM on the 0/1 error stream of labelled classifier predictions (1 = wrong),
 * ADWIN and Page-Hinkley on the absolute error of labelled regression predictions, and ADWIN,
 * Page-Hinkley and KSWIN on every watched numeric feature. Features are standardised by the
 * reference's mean and standard deviation first, so the detectors' default thresholds mean the
 * same on every scale. KSWIN (a KS test at every point, ~10× ADWIN's cost) reads every s-th value
 * of each feature, s = ⌈numeric features / 4⌉, so its cost stays that of about four full streams
 * (its detection delay, in rows, grows by s). A detection is recorded each time a detector
 * reports drift, and when it enters warning. Each row is fed once: rows at or before `fedUntil`
 * are skipped.
 */
import { createDetector } from './detectors';
import type { Detector, WindowResult } from './types';
import type { LogSlice } from './slice';

export type Detection = WindowResult['detections'][number];

interface Tracked { detector: string; stream: string; d: Detector; level: 'stable' | 'warning' | 'drift'; stride: number; seen: number }

export interface StreamState {
  tracked: Tracked[];
  /** Time of the last row fed (rows are fed in time order; later rows only). */
  fedUntil: number;
}

export const ERROR_DETECTORS = ['ddm', 'eddm'] as const;
export const RESIDUAL_DETECTORS = ['adwin', 'page-hinkley'] as const;
export const FEATURE_DETECTORS = ['adwin', 'page-hinkley', 'kswin'] as const;
/** Feature streams' worth of KSWIN updates per row (see above). */
export const KSWIN_BUDGET = 4;
/** Detections kept per window (a long-drifting feature could report at every row). */
export const MAX_DETECTIONS = 500;

export interface FeatureScale { column: string; mean: number; std: number }

export function newStreams(task: 'regression' | 'binary' | 'multiclass', features: readonly FeatureScale[], seed = 0): StreamState {
  const tracked: Tracked[] = [];
  const add = (detector: string, stream: string, s: number, stride = 1) => tracked.push({ detector, stream, d: createDetector(detector, {}, s), level: 'stable', stride, seen: 0 });
  if (task === 'regression') for (const id of RESIDUAL_DETECTORS) add(id, 'abs_error', seed);
  else for (const id of ERROR_DETECTORS) add(id, 'error', seed);
  const stride = Math.max(1, Math.ceil(features.length / KSWIN_BUDGET));
  features.forEach((f, j) => { for (const id of FEATURE_DETECTORS) add(id, f.column, seed + 1 + j, id === 'kswin' ? stride : 1); });
  return { tracked, fedUntil: -Infinity };
}

/** The feature columns' standardised values of row i (NaN when missing). */
export type FeatureRow = (column: string, i: number) => number;

/** Feeds the rows of `s` after `state.fedUntil`; answers the detections, in time order. */
export function feedStreams(state: StreamState, s: Pick<LogSlice, 'n' | 'time' | 'output' | 'labels'>, feature: FeatureRow, task: 'regression' | 'binary' | 'multiclass'): Detection[] {
  const out: Detection[] = [];
  const byStream = new Map<string, Tracked[]>();
  for (const t of state.tracked) byStream.set(t.stream, [...(byStream.get(t.stream) ?? []), t]);
  const feed = (list: Tracked[] | undefined, x: number, time: number) => {
    if (!list || !Number.isFinite(x)) return;
    for (const t of list) {
      if (t.stride > 1 && t.seen++ % t.stride !== 0) continue;
      const level = t.d.update(x).level;
      if (level === 'drift' || (level === 'warning' && t.level === 'stable')) out.push({ detector: t.detector, stream: t.stream, time, level });
      t.level = level;
    }
  };
  const errorStream = task === 'regression' ? 'abs_error' : 'error';
  const errors = byStream.get(errorStream);
  const features = [...byStream.entries()].filter(([k]) => k !== errorStream);
  let last = state.fedUntil;
  for (let i = 0; i < s.n; i++) {
    const time = s.time[i];
    if (time <= state.fedUntil) continue;
    last = Math.max(last, time);
    const label = s.labels[i], output = s.output[i];
    if (label !== undefined && output !== null) {
      feed(errors, task === 'regression' ? Math.abs(Number(label) - Number(output)) : String(label) === String(output) ? 0 : 1, time);
    }
    for (const [column, list] of features) feed(list, feature(column, i), time);
  }
  state.fedUntil = last;
  return out;
}

/** Mean and (population) standard deviation of finite values; std 1 when constant or empty. */
export function scaleOf(column: string, values: Float64Array): FeatureScale {
  let n = 0, sum = 0, sq = 0;
  for (const x of values) if (x === x) { n++; sum += x; sq += x * x; }
  const mean = n ? sum / n : 0, v = n ? sq / n - mean * mean : 0;
  return { column, mean, std: v > 1e-24 ? Math.sqrt(v) : 1 };
}
