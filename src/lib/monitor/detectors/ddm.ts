/**
 * DDM, the Drift Detection Method (Gama, Medas, Castillo, Rodrigues, "Learning with drift
 * detection", SBIA 2004), over a 0/1 error stream (1 = the model was wrong).
 *
 * After i points, p_i is the error rate and s_i = √(p_i(1−p_i)/i). Past the warm start the
 * detector remembers p_min and s_min where p_i + s_i was lowest, and reports
 *   warning when p_i + s_i > p_min + warning_threshold · s_min,
 *   drift   when p_i + s_i > p_min + drift_threshold · s_min,
 * strict comparisons as river's `drift.binary.DDM` and MOA (the paper writes ≥, which with s_min = 0
 * would flag every point). After a drift the next update starts afresh (as river).
 * Defaults (river's): warm_start 30, warning_threshold 2 (≈95% one-sided), drift_threshold 3 (≈99%).
 * One deliberate difference from river/MOA: a minimum is only recorded once s_i > 0, i.e. once the
 * stream has shown both a right and a wrong prediction. Otherwise a model that makes no error in its
 * first 30 points (likely when its error rate is ~1%) records s_min = 0 and its first error reads as
 * a drift. `statistic` is (p_i + s_i − p_min)/s_min, the distance above the minimum in units of s_min.
 */
import type { Detector, DetectorState } from '../types';
import { checkValue, resolveParams, type DetectorDef, type DetectorParamSpec } from './def';

export interface DDMOptions {
  warm_start: number;
  warning_threshold: number;
  drift_threshold: number;
  [k: string]: number;
}

export const DDM_PARAMS: readonly DetectorParamSpec[] = [
  { name: 'warm_start', kind: 'integer', default: 30, min: 1, help: 'Points seen before any warning or drift can be reported (default 30, as the paper and river).' },
  { name: 'warning_threshold', kind: 'number', default: 2, min: 0, minExclusive: true, help: 'Warning when p+s exceeds p_min + this · s_min (default 2, about 95% confidence).' },
  { name: 'drift_threshold', kind: 'number', default: 3, min: 0, minExclusive: true, help: 'Drift when p+s exceeds p_min + this · s_min (default 3, about 99% confidence); must be ≥ warning_threshold.' },
];

const rule = (p: DDMOptions) => (p.drift_threshold < p.warning_threshold ? `drift_threshold (${p.drift_threshold}) must be ≥ warning_threshold (${p.warning_threshold}).` : null);

export class DDM implements Detector {
  readonly id = 'ddm';
  readonly options: Readonly<DDMOptions>;
  private n = 0;
  private detectedAt: number | null = null;
  private drifted = false;
  private count = 0;
  private p = 0;
  private pMin = Infinity;
  private sMin = Infinity;
  private psMin = Infinity;

  constructor(options: Partial<DDMOptions> = {}) {
    this.options = resolveParams<DDMOptions>('ddm', DDM_PARAMS, options, rule);
  }

  update(x: number): DetectorState {
    checkValue(this.id, 'error01', x);
    if (this.drifted) this.restart();
    this.n++;
    this.count++;
    this.p += (x - this.p) / this.count;
    const s = Math.sqrt((this.p * (1 - this.p)) / this.count);
    const ps = this.p + s;
    let level: DetectorState['level'] = 'stable';
    let statistic: number | undefined;
    if (this.count > this.options.warm_start) {
      if (s > 0 && ps <= this.psMin) {
        this.pMin = this.p;
        this.sMin = s;
        this.psMin = ps;
      }
      if (Number.isFinite(this.sMin)) {
        statistic = (ps - this.pMin) / this.sMin;
        if (ps > this.pMin + this.options.drift_threshold * this.sMin) level = 'drift';
        else if (ps > this.pMin + this.options.warning_threshold * this.sMin) level = 'warning';
      }
    }
    if (level === 'drift') {
      this.drifted = true;
      this.detectedAt = this.n;
    }
    return { level, n: this.n, estimate: this.p, width: this.count, detectedAt: this.detectedAt, statistic };
  }

  /** Forgets everything, as if new. */
  reset(): void {
    this.restart();
    this.n = 0;
    this.detectedAt = null;
  }

  private restart(): void {
    this.drifted = false;
    this.count = 0;
    this.p = 0;
    this.pMin = this.sMin = this.psMin = Infinity;
  }
}

export const ddm: DetectorDef = {
  id: 'ddm',
  label: 'DDM (drift detection method)',
  stream: 'error01',
  warns: true,
  help: 'Watches the error rate p and its deviation s; warning at p+s > p_min+2·s_min, drift at > p_min+3·s_min (Gama et al. 2004).',
  params: DDM_PARAMS,
  create: (params = {}) => new DDM(params as Partial<DDMOptions>),
};

