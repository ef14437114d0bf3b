/**
 * EDDM, the Early Drift Detection Method (Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà,
 * Morales-Bueno, 2006), over a 0/1 error stream (1 = the model was wrong).
 *
 * It watches the distance (in points) between consecutive errors: its running mean p' and standard
 * deviation s' (sample, n−1), and remembers the largest p' + 2s' seen. When the errors come closer
 * together the ratio (p' + 2s') / max(p' + 2s') falls:
 *   warning when it is < alpha, drift when it is < beta.
 * As river's `drift.binary.EDDM`: the maximum is tracked once more than warm_start points have been
 * seen, and a level is only reported once more than warm_start errors have been seen; after a drift
 * the next update starts afresh. Between errors the last level (stable or warning) stands; a new
 * maximum reads as stable (river keeps a stale warning there).
 * Defaults (the paper's and river's): warm_start 30, alpha 0.95, beta 0.9.
 * `estimate` is the mean distance between errors, `statistic` the last ratio.
 */
import type { Detector, DetectorState } from '../types';
import { checkValue, resolveParams, type DetectorDef, type DetectorParamSpec } from './def';

export interface EDDMOptions {
  warm_start: number;
  alpha: number;
  beta: number;
  [k: string]: number;
}

export const EDDM_PARAMS: readonly DetectorParamSpec[] = [
  { name: 'warm_start', kind: 'integer', default: 30, min: 1, help: 'Errors (and points) seen before any warning or drift can be reported (default 30, as the paper and river).' },
  { name: 'alpha', kind: 'number', default: 0.95, min: 0, max: 1, minExclusive: true, maxExclusive: true, help: 'Warning when (p′+2s′)/max falls below this (default 0.95).' },
  { name: 'beta', kind: 'number', default: 0.9, min: 0, max: 1, minExclusive: true, maxExclusive: true, help: 'Drift when (p′+2s′)/max falls below this (default 0.9); must be ≤ alpha.' },
];

const rule = (p: EDDMOptions) => (p.beta > p.alpha ? `beta (${p.beta}) must be ≤ alpha (${p.alpha}).` : null);

export class EDDM implements Detector {
  readonly id = 'eddm';
  readonly options: Readonly<EDDMOptions>;
  private n = 0;
  private detectedAt: number | null = null;
  private level: DetectorState['level'] = 'stable';
  private count = 0;
  private errors = 0;
  private lastError = 0;
  private mean = 0;
  private m2 = 0;
  private max = -1;
  private ratio: number | undefined;

  constructor(options: Partial<EDDMOptions> = {}) {
    this.options = resolveParams<EDDMOptions>('eddm', EDDM_PARAMS, options, rule);
  }

  update(x: number): DetectorState {
    checkValue(this.id, 'error01', x);
    if (this.level === 'drift') this.restart();
    this.n++;
    this.count++;
    if (x === 1) {
      this.errors++;
      const d = this.count - this.lastError;
      const delta = d - this.mean;
      this.mean += delta / this.errors;
      this.m2 += delta * (d - this.mean);
      if (this.count > this.options.warm_start) {
        const s = this.errors > 1 ? Math.sqrt(this.m2 / (this.errors - 1)) : 0;
        const p2s = this.mean + 2 * s;
        if (p2s > this.max) {
          this.max = p2s;
          this.ratio = 1;
          this.level = 'stable';
        } else if (this.errors > this.options.warm_start) {
          this.ratio = p2s / this.max;
          this.level = this.ratio < this.options.beta ? 'drift' : this.ratio < this.options.alpha ? 'warning' : 'stable';
        }
      }
      this.lastError = this.count;
    }
    if (this.level === 'drift') this.detectedAt = this.n;
    return { level: this.level, n: this.n, estimate: this.errors > 0 ? this.mean : undefined, width: this.count, detectedAt: this.detectedAt, statistic: this.ratio };
  }

  /** Forgets everything, as if new. */
  reset(): void {
    this.restart();
    this.n = 0;
    this.detectedAt = null;
  }

  private restart(): void {
    this.level = 'stable';
    this.count = this.errors = this.lastError = 0;
    this.mean = this.m2 = 0;
    this.max = -1;
    this.ratio = undefined;
  }
}

export const eddm: DetectorDef = {
  id: 'eddm',
  label: 'EDDM (early drift detection method)',
  stream: 'error01',
  warns: true,
  help: 'Watches the distance between errors; warning when (p′+2s′)/max < 0.95, drift when < 0.9 (Baena-García et al. 2006). Suited to gradual drift.',
  params: EDDM_PARAMS,
  create: (params = {}) => new EDDM(params as Partial<EDDMOptions>),
};
