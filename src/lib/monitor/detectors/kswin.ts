/**
 * KSWIN, Kolmogorov–Smirnov windowing (Raab, Heusinger, Schleif, "Reactive soft prototype computing
 * for concept drift streams", Neurocomputing 2020), over any numeric stream.
 *
 * It keeps the last window_size points. Once the window is full, every update compares the newest
 * stat_size points R with stat_size points drawn without replacement from the older
 * window_size − stat_size (a fresh seeded draw each time) by the two-sample KS test (stats/ks.ts,
 * as SciPy's ks_2samp: exact p-value at these sizes); drift when p ≤ alpha and D > 0.1. After a
 * drift the window keeps only R, so the next test comes window_size − stat_size points later (the
 * paper and scikit-multiflow; river's version empties the window on the next update).
 * Defaults (river's `drift.KSWIN`): alpha 0.005, window_size 100, stat_size 30; window_size must be
 * ≥ 2·stat_size so the draw can be made. Each test has a false-alarm chance of at most alpha on a
 * stationary continuous stream and a test runs at every point, so expect false alarms on long
 * streams (about 14 per 10,000 points of Normal noise with the defaults, ~1 with alpha 0.0001).
 * No warning level. The seed makes the draws, and so the detections, reproducible; reset()
 * restarts the draws. `estimate` is the window mean, `statistic` the p-value of the test run at
 * this update (none while the window fills).
 */
import { mulberry32 } from '../../data/split';
import type { Detector, DetectorState } from '../types';
import { checkValue, resolveParams, type DetectorDef, type DetectorParamSpec } from './def';
import { ks2sampSorted } from '../stats/ks';

export interface KSWINOptions {
  alpha: number;
  window_size: number;
  stat_size: number;
  [k: string]: number;
}

export const KSWIN_PARAMS: readonly DetectorParamSpec[] = [
  { name: 'alpha', kind: 'number', default: 0.005, min: 0, max: 1, minExclusive: true, maxExclusive: true, help: 'KS p-value at or below which a drift is reported (default 0.005; keep it small, a test runs at every point).' },
  { name: 'window_size', kind: 'integer', default: 100, min: 10, help: 'Points kept (default 100); at least 2·stat_size.' },
  { name: 'stat_size', kind: 'integer', default: 30, min: 5, help: 'Newest points tested against as many drawn from the older part (default 30).' },
];

const rule = (p: KSWINOptions) => (p.window_size < 2 * p.stat_size ? `window_size (${p.window_size}) must be ≥ 2·stat_size (${2 * p.stat_size}).` : null);

export class KSWIN implements Detector {
  readonly id = 'kswin';
  readonly options: Readonly<KSWINOptions>;
  private readonly seed: number;
  private random: () => number;
  private n = 0;
  private detectedAt: number | null = null;
  /** Ring buffer of the last window_size points: `len` of them from `start` on. */
  private readonly buf: Float64Array;
  private start = 0;
  private len = 0;
  private sum = 0;
  private readonly idx: Int32Array;

  constructor(options: Partial<KSWINOptions> = {}, seed = 0) {
    this.options = resolveParams<KSWINOptions>('kswin', KSWIN_PARAMS, options, rule);
    this.seed = seed;
    this.random = mulberry32(seed);
    this.buf = new Float64Array(this.options.window_size);
    this.idx = new Int32Array(this.options.window_size - this.options.stat_size);
  }

  update(x: number): DetectorState {
    checkValue(this.id, 'numeric', x);
    const { alpha, window_size: size, stat_size: r } = this.options;
    this.n++;
    this.push(x);
    let drift = false;
    let pValue: number | undefined;
    if (this.len === size) {
      const recent = new Float64Array(r);
      for (let k = 0; k < r; k++) recent[k] = this.at(size - r + k);
      const ks = ks2sampSorted(this.draw(size - r, r).sort(), Float64Array.from(recent).sort());
      pValue = ks.pValue;
      if (ks.pValue <= alpha && ks.statistic > 0.1) {
        drift = true;
        this.detectedAt = this.n;
        this.buf.set(recent);
        this.start = 0;
        this.len = r;
        this.sum = recent.reduce((a, b) => a + b, 0);
      }
    }
    return { level: drift ? 'drift' : 'stable', n: this.n, estimate: this.sum / this.len, width: this.len, detectedAt: this.detectedAt, statistic: pValue };
  }

  /** Forgets everything and restarts the seeded draws, as if new. */
  reset(): void {
    this.random = mulberry32(this.seed);
    this.n = this.start = this.len = this.sum = 0;
    this.detectedAt = null;
  }

  private at(i: number): number {
    return this.buf[(this.start + i) % this.buf.length];
  }

  private push(x: number): void {
    const size = this.buf.length;
    if (this.len < size) {
      this.buf[(this.start + this.len++) % size] = x;
      this.sum += x;
      return;
    }
    const out = this.buf[this.start];
    this.buf[this.start] = x;
    this.start = (this.start + 1) % size;
    // a running sum, recomputed once a lap so rounding cannot build up
    this.sum = this.start === 0 ? this.buf.reduce((a, b) => a + b, 0) : this.sum + x - out;
  }

  /** `k` values drawn without replacement from the oldest m points (partial Fisher–Yates). */
  private draw(m: number, k: number): Float64Array {
    const idx = this.idx;
    for (let i = 0; i < m; i++) idx[i] = i;
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.random() * (m - i));
      const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
      out[i] = this.at(idx[i]);
    }
    return out;
  }
}

export const kswin: DetectorDef = {
  id: 'kswin',
  label: 'KSWIN (Kolmogorov–Smirnov windowing)',
  stream: 'numeric',
  warns: false,
  help: 'Tests the newest 30 of the last 100 points against 30 drawn from the older 70 with a KS test at every point; drift when p ≤ 0.005 and D > 0.1 (Raab et al. 2020). Sees any change of distribution, not only of the mean.',
  params: KSWIN_PARAMS,
  create: (params = {}, seed = 0) => new KSWIN(params as Partial<KSWINOptions>, seed),
};
