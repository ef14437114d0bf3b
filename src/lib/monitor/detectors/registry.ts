/**
 * Every streaming change detector, one line each: adding one is a file here plus a line in this
 * table. 'error01' detectors read a 0/1 error stream (1 = wrong prediction, from feedback labels);
 * 'numeric' ones any finite stream (a feature, a score, a loss, a latency). Defaults follow river.
 * `createDetector` refuses an unknown id or a bad parameter with BAD_MONITOR naming the choices.
 */
import { BenchtopError } from '../../errors';
import type { Detector } from '../types';
import { adwin } from './adwin';
import { ddm } from './ddm';
import type { DetectorDef, DetectorParams } from './def';
import { eddm } from './eddm';
import { kswin } from './kswin';
import { pageHinkley } from './page-hinkley';

export const DETECTORS: readonly DetectorDef[] = [
  ddm,          // ddm           error01  warm_start 30, warning_threshold 2, drift_threshold 3; warns
  eddm,         // eddm          error01  warm_start 30, alpha 0.95 (warning), beta 0.9 (drift); warns
  adwin,        // adwin         numeric  delta 0.002, clock 32, max_buckets 5, min_window_length 5, grace_period 10
  pageHinkley,  // page-hinkley  numeric  min_instances 30, delta 0.005, threshold 50, alpha 0.9999, mode both
  kswin,        // kswin         numeric  alpha 0.005, window_size 100, stat_size 30; seeded draws
];

const BY_ID = new Map(DETECTORS.map((d) => [d.id, d]));

/** The detector's definition; BAD_MONITOR naming the valid ids when unknown. */
export function detectorDef(id: string): DetectorDef {
  const def = BY_ID.get(id);
  if (!def) {
    const valid = DETECTORS.map((d) => d.id);
    throw new BenchtopError('BAD_MONITOR', `Unknown detector '${id}'; valid detectors: ${valid.join(', ')}.`, { detector: id, valid });
  }
  return def;
}

/** Default parameters of a detector. */
export function detectorDefaults(id: string): DetectorParams {
  return Object.fromEntries(detectorDef(id).params.map((p) => [p.name, p.default]));
}

/** A new detector; missing params take their defaults; `seed` drives any sampling (KSWIN). */
export function createDetector(id: string, params: Readonly<DetectorParams> = {}, seed = 0): Detector {
  return detectorDef(id).create(params, seed);
}
