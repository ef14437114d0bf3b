/**
 * Histogram splits over binned features (binning.ts), as LightGBM and scikit-learn's
 * HistGradientBoosting: per node and examined feature, the rows' statistics are summed per bin
 * and the bin boundaries scanned, so a node costs O(rows + bins) per feature instead of a sort.
 * Nodes with fewer rows than half the feature's bins sort their (bin, row) keys instead, so the
 * many small nodes of a deep tree do not pay for empty bins.
 * The features a node examines get their histograms in one pass over its rows, so each row's bin
 * codes (stored row-major) cost one memory access; each row's weight and target travel with it in
 * the node segments, so they are read in order.
 * The threshold between the last left bin and the first right bin of the node is the midpoint of
 * the largest value of the one and the smallest value of the other (binning.ts keeps both).
 */
import type { Binned } from './binning';
import type { Split, Splitter } from './grow';
import { splitThreshold } from './structure';
import { ClassTarget, type RegressionTarget, type Target } from './target';

export class HistSplitter implements Splitter {
  readonly size: number;
  private readonly feats: Int32Array;
  private readonly left: Float64Array;
  /** One histogram of up to 256 bins × (nStats + 1) numbers per feature of the batch being examined. */
  private readonly hist: Float64Array;
  private readonly stride: number;
  /** The features drawn for the current batch, and those of them that need a histogram. */
  private readonly batch: Int32Array;
  private readonly wide: Int32Array;
  private readonly keys = new Uint32Array(128);
  /** Per segment position: weight, class index (classification) or target value (regression). */
  private readonly segW: Float64Array;
  private readonly segC: Int32Array;
  private readonly segY: Float64Array;
  /** Classes, or 0 for regression; statistics per bin are nStats numbers and a row count. */
  private readonly k: number;
  /** First right bin of the best split so far. */
  private right = 0;

  constructor(
    private readonly binned: Binned,
    /** The sample rows; each node owns a segment of this array. */
    private readonly rows: Int32Array,
    readonly target: Target,
    private readonly maxFeatures: number,
    private readonly minLeaf: number,
    private readonly random: () => number,
  ) {
    const m = (this.size = rows.length);
    this.feats = Int32Array.from({ length: binned.d }, (_, f) => f);
    this.left = new Float64Array(target.nStats);
    this.stride = 256 * (target.nStats + 1);
    this.hist = new Float64Array(Math.min(binned.d, maxFeatures) * this.stride);
    this.batch = new Int32Array(binned.d);
    this.wide = new Int32Array(binned.d);
    this.k = target instanceof ClassTarget ? target.k : 0;
    this.segW = new Float64Array(m);
    this.segC = new Int32Array(this.k ? m : 0);
    this.segY = new Float64Array(this.k ? 0 : m);
    const y = (target as ClassTarget | RegressionTarget).y;
    for (let p = 0; p < m; p++) {
      const r = rows[p];
      this.segW[p] = target.w[r];
      if (this.k) this.segC[p] = y[r];
      else this.segY[p] = y[r];
    }
  }

  nodeStats(start: number, end: number, s: Float64Array): void {
    const { segW, segC, segY, k } = this;
    for (let p = start; p < end; p++) {
      const w = segW[p];
      if (k) {
        s[segC[p]] += w;
        s[k] += w;
      } else {
        const wy = w * segY[p];
        s[0] += w;
        s[1] += wy;
        s[2] += wy * segY[p];
      }
    }
  }

  /** Adds segment position p to statistics s at offset o (without the sum of squares, which no split needs). */
  private add(s: Float64Array, o: number, p: number): void {
    const w = this.segW[p];
    if (this.k) {
      s[o + this.segC[p]] += w;
      s[o + this.k] += w;
    } else {
      s[o] += w;
      s[o + 1] += w * this.segY[p];
    }
  }

  /**
   * Examines features in random order until maxFeatures non-constant ones are seen (scikit-learn's
   * rule), drawing them in batches: the next maxFeatures - visited draws happen in any case, so a
   * batch is drawn at once, its histograms built in one pass, and then scanned in draw order.
   */
  findSplit(start: number, end: number, total: Float64Array, best: Split): boolean {
    const { d, nBins } = this.binned, { feats, batch, wide } = this, m = end - start;
    best.proxy = -Infinity;
    let visited = 0;
    for (let i = 0; i < d && visited < this.maxFeatures; ) {
      const want = Math.min(this.maxFeatures - visited, d - i);
      let nw = 0;
      for (let b = 0; b < want; b++, i++) {
        const j = i + Math.floor(this.random() * (d - i));
        const f = feats[j];
        feats[j] = feats[i];
        feats[i] = f;
        batch[b] = f;
        if (m * 2 >= nBins[f]) wide[nw++] = f;
      }
      if (nw > 0) this.build(start, end, nw);
      for (let b = 0, h = 0; b < want; b++) {
        const f = batch[b];
        const seen = h < nw && wide[h] === f ? this.scanHistogram(f, h++ * this.stride, start, end, total, best) : this.scanSorted(f, start, end, total, best);
        if (seen) visited++;
      }
    }
    if (best.proxy === -Infinity) return false;
    best.threshold = this.threshold(best.feature, best.bin, this.right);
    return true;
  }

  /** Histograms of the first nw features of `wide` over rows [start, end), in one pass. */
  private build(start: number, end: number, nw: number): void {
    const { rows, hist, stride, wide, segW, segC, segY, k } = this, { bins, nBins, d } = this.binned;
    const S = this.target.nStats, S1 = S + 1;
    for (let h = 0; h < nw; h++) hist.fill(0, h * stride, h * stride + nBins[wide[h]] * S1);
    for (let p = start; p < end; p++) {
      const base = rows[p] * d, w = segW[p];
      if (k) {
        const c = segC[p];
        for (let h = 0, off = 0; h < nw; h++, off += stride) {
          const o = off + bins[base + wide[h]] * S1;
          hist[o + c] += w;
          hist[o + k] += w;
          hist[o + S]++;
        }
      } else {
        const wy = w * segY[p];
        for (let h = 0, off = 0; h < nw; h++, off += stride) {
          const o = off + bins[base + wide[h]] * S1;
          hist[o] += w;
          hist[o + 1] += wy;
          hist[o + S]++;
        }
      }
    }
  }

  /** Records a better split; lb / rb are the node's last left and first right bin. */
  private consider(q: number, f: number, lb: number, rb: number, pos: number, best: Split): void {
    if (!(q > best.proxy)) return;
    best.proxy = q;
    best.feature = f;
    best.bin = lb;
    best.pos = pos;
    this.right = rb;
  }

  /** Threshold of the best split: between the largest value of bin lb and the smallest of bin rb. */
  private threshold(f: number, lb: number, rb: number): number {
    return splitThreshold(this.binned.hi[f * 256 + lb], this.binned.lo[f * 256 + rb]);
  }

  /** Scan of feature f's histogram (built at hist[off..]); false when f is constant in the node. */
  private scanHistogram(f: number, off: number, start: number, end: number, total: Float64Array, best: Split): boolean {
    const { target, left, hist, minLeaf } = this;
    const nb = this.binned.nBins[f], S = target.nStats, S1 = S + 1;
    let first = 0, last = nb - 1;
    while (hist[off + first * S1 + S] === 0) first++;
    while (hist[off + last * S1 + S] === 0) last--;
    if (first === last) return false;
    left.fill(0);
    const m = end - start;
    let nl = 0, prev = -1;
    for (let b = first; b <= last; b++) {
      const o = off + b * S1, c = hist[o + S];
      if (c === 0) continue;
      // Split "bins ≤ prev | bins ≥ b": the right side (m - nl rows) was checked on the last step.
      if (prev >= 0 && nl >= minLeaf) this.consider(target.proxy(left, total), f, prev, b, start + nl, best);
      if (m - nl - c < minLeaf) break;
      for (let s = 0; s < S; s++) left[s] += hist[o + s];
      nl += c;
      prev = b;
    }
    return true;
  }

  /** Sorted scan of feature f for a node with fewer than 128 rows; false when f is constant. */
  private scanSorted(f: number, start: number, end: number, total: Float64Array, best: Split): boolean {
    const { rows, target, left, keys, minLeaf } = this;
    const { bins, d } = this.binned, m = end - start;
    for (let p = 0; p < m; p++) keys[p] = (bins[rows[start + p] * d + f] << 8) | p;
    const sorted = m > 24 ? keys.subarray(0, m).sort() : insertionSort(keys, m);
    if (sorted[0] >>> 8 === sorted[m - 1] >>> 8) return false;
    left.fill(0);
    for (let i = 0; i < m - 1; i++) {
      this.add(left, 0, start + (sorted[i] & 255));
      const b = sorted[i] >>> 8, next = sorted[i + 1] >>> 8;
      if (b === next || i + 1 < minLeaf) continue;
      if (m - i - 1 < minLeaf) break;
      this.consider(target.proxy(left, total), f, b, next, start + i + 1, best);
    }
    return true;
  }

  /** Moves the rows whose bin is at most split.bin (with their weights and targets) to the front. */
  partition(start: number, end: number, split: Split): void {
    const { rows, segW, segC, segY, k } = this, { bins, d } = this.binned, f = split.feature, bin = split.bin;
    let i = start, j = end - 1;
    while (i <= j) {
      if (bins[rows[i] * d + f] <= bin) {
        i++;
        continue;
      }
      const r = rows[i], w = segW[i];
      rows[i] = rows[j];
      rows[j] = r;
      segW[i] = segW[j];
      segW[j] = w;
      if (k) {
        const c = segC[i];
        segC[i] = segC[j];
        segC[j] = c;
      } else {
        const y = segY[i];
        segY[i] = segY[j];
        segY[j] = y;
      }
      j--;
    }
  }
}

/** Sorts a[0..m) ascending in place (faster than a native sort call for a few keys); returns a. */
function insertionSort(a: Uint32Array, m: number): Uint32Array {
  for (let i = 1; i < m; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}
