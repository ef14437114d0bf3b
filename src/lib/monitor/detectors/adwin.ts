/**
 * ADWIN, adaptive windowing (Bifet & Gavaldà, "Learning from time-changing data with adaptive
 * windowing", SDM 2007), in its ADWIN2 form: the window is kept as an exponential histogram, rows of
 * buckets of 2^r points holding each bucket's total and variance; when a row holds max_buckets + 1
 * buckets its two oldest merge into one of the next row. So memory and time per check are
 * O(max_buckets · log W).
 *
 * Every `clock` points (once the window holds more than grace_period points) every cut between
 * buckets splits the window into an older W0 and a newer W1, each of at least min_window_length
 * points; a cut is significant when |μ0 − μ1| > ε with
 *   δ' = ln(2·ln W / delta),  1/m = 1/(n0 − min_window_length + 1) + 1/(n1 − min_window_length + 1),
 *   ε  = √(2·(1/m)·σ²_W·δ') + (2/3)·δ'·(1/m)        (σ²_W the whole window's variance),
 * and then the oldest bucket is dropped and the cuts checked again until none is significant.
 * The update that shrank the window reports 'drift'; ADWIN never restarts, its window just forgets
 * the old part. `estimate` is the window's mean, `width` its size.
 * Defaults (river's `drift.ADWIN`): delta 0.002, clock 32, max_buckets 5, min_window_length 5,
 * grace_period 10. Every bucket boundary is a candidate cut, as MOA and current river (older river
 * releases skipped the newest bucket of each row); the tests reproduce river's documented detections.
 */
import type { Detector, DetectorState } from '../types';
import { checkValue, resolveParams, type DetectorDef, type DetectorParamSpec } from './def';

export interface ADWINOptions {
  delta: number;
  clock: number;
  max_buckets: number;
  min_window_length: number;
  grace_period: number;
  [k: string]: number;
}

export const ADWIN_PARAMS: readonly DetectorParamSpec[] = [
  { name: 'delta', kind: 'number', default: 0.002, min: 0, max: 1, minExclusive: true, maxExclusive: true, help: 'Confidence: a smaller delta needs stronger evidence of change (default 0.002).' },
  { name: 'clock', kind: 'integer', default: 32, min: 1, help: 'Check for change every this many points (default 32; 1 = every point, slower, earlier).' },
  { name: 'max_buckets', kind: 'integer', default: 5, min: 2, help: 'Buckets of each size kept before two merge (default 5; more = finer cuts, more memory).' },
  { name: 'min_window_length', kind: 'integer', default: 5, min: 1, help: 'Fewest points on each side of a cut (default 5).' },
  { name: 'grace_period', kind: 'integer', default: 10, min: 0, help: 'No check until the window holds more than this many points (default 10).' },
];

interface Row { total: number[]; variance: number[] }

export class ADWIN implements Detector {
  readonly id = 'adwin';
  readonly options: Readonly<ADWINOptions>;
  private n = 0;
  private detectedAt: number | null = null;
  /** rows[r] holds buckets of 2^r points, oldest first; higher rows are older. */
  private rows: Row[] = [];
  private width = 0;
  private total = 0;
  /** Sum of squared deviations from the window mean. */
  private variance = 0;

  constructor(options: Partial<ADWINOptions> = {}) {
    this.options = resolveParams<ADWINOptions>('adwin', ADWIN_PARAMS, options);
    this.reset();
  }

  update(x: number): DetectorState {
    checkValue(this.id, 'numeric', x);
    this.n++;
    this.insert(x);
    const o = this.options;
    let drift = false;
    if (this.n % o.clock === 0 && this.width > o.grace_period) {
      while (this.cutFound()) {
        this.dropOldest();
        drift = true;
      }
    }
    if (drift) this.detectedAt = this.n;
    return { level: drift ? 'drift' : 'stable', n: this.n, estimate: this.width > 0 ? this.total / this.width : 0, width: this.width, detectedAt: this.detectedAt };
  }

  /** Forgets everything, as if new. */
  reset(): void {
    this.rows = [{ total: [], variance: [] }];
    this.n = this.width = this.total = this.variance = 0;
    this.detectedAt = null;
  }

  private insert(x: number): void {
    if (this.width > 0) {
      const d = x - this.total / this.width;
      this.variance += (this.width * d * d) / (this.width + 1);
    }
    this.width++;
    this.total += x;
    this.rows[0].total.push(x);
    this.rows[0].variance.push(0);
    const M = this.options.max_buckets;
    for (let r = 0; r < this.rows.length && this.rows[r].total.length > M; r++) {
      const row = this.rows[r];
      if (r + 1 === this.rows.length) this.rows.push({ total: [], variance: [] });
      const size = 2 ** r;
      const [t1, t2] = row.total.splice(0, 2);
      const [v1, v2] = row.variance.splice(0, 2);
      const dm = t1 / size - t2 / size;
      this.rows[r + 1].total.push(t1 + t2);
      this.rows[r + 1].variance.push(v1 + v2 + (size * size * dm * dm) / (2 * size));
    }
  }

  /** Drops the oldest bucket, updating width, total and variance. */
  private dropOldest(): void {
    const r = this.rows.length - 1;
    const row = this.rows[r];
    const size = 2 ** r;
    const u = row.total.shift()!;
    const v = row.variance.shift()!;
    this.width -= size;
    this.total -= u;
    const d = u / size - this.total / this.width;
    this.variance = Math.max(0, this.variance - v - (size * this.width * d * d) / (size + this.width));
    if (row.total.length === 0 && r > 0) this.rows.pop();
  }

  /** Whether some cut W0 | W1 of the window has significantly different means. */
  private cutFound(): boolean {
    const { delta, min_window_length: minLen } = this.options;
    const W = this.width;
    const dd = Math.log((2 * Math.log(W)) / delta);
    const varW = this.variance / W;
    let n0 = 0, u0 = 0;
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const row = this.rows[r], size = 2 ** r;
      for (let k = 0; k < row.total.length; k++) {
        n0 += size;
        u0 += row.total[k];
        const n1 = W - n0;
        if (n1 < minLen) return false;
        if (n0 < minLen) continue;
        const mRecip = 1 / (n0 - minLen + 1) + 1 / (n1 - minLen + 1);
        const eps = Math.sqrt(2 * mRecip * varW * dd) + (2 / 3) * dd * mRecip;
        if (Math.abs(u0 / n0 - (this.total - u0) / n1) > eps) return true;
      }
    }
    return false;
  }
}

export const adwin: DetectorDef = {
  id: 'adwin',
  label: 'ADWIN (adaptive windowing)',
  stream: 'numeric',
  warns: false,
  help: 'Keeps the longest recent window whose halves agree; drift when some older and newer parts differ in mean beyond a Hoeffding/Bernstein bound at confidence delta 0.002 (Bifet & Gavaldà 2007).',
  params: ADWIN_PARAMS,
  create: (params = {}) => new ADWIN(params as Partial<ADWINOptions>),
};
