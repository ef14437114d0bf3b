/**
 * Exact CART splits over pre-sorted features (as the classic SPRINT / scikit-learn presort):
 * each feature's sample rows are sorted once by rank (rank.ts); every node owns the same segment
 * [start, end) of each feature's order, and a split stably partitions every feature's segment, so
 * a node costs O(rows · features) and nothing is sorted after the start. The ranks travel with
 * the rows, so a scan reads memory in order. Gini and squared error are scanned with O(1) work
 * per row (running sums of squares); other criteria go through Target.
 * Thresholds sit between consecutive distinct values, as scikit-learn (structure.splitThreshold).
 */
import type { Split, Splitter } from './grow';
import type { Ranked } from './rank';
import { splitThreshold } from './structure';
import { ClassTarget, RegressionTarget, type Target } from './target';

export class ExactSplitter implements Splitter {
  readonly size: number;
  /** order[f·m + p]: the p-th sample row by feature f within its node segment; code: its rank. */
  private readonly order: Int32Array;
  private readonly code: Int32Array;
  private readonly feats: Int32Array;
  private readonly left: Float64Array;
  private readonly mark: Uint8Array;
  private readonly tmp: Int32Array;
  private readonly scan: (o: number, start: number, end: number, total: Float64Array) => void;
  // Best split of the current findSplit: proxy, feature, position, ranks either side.
  private bq = -Infinity;
  private bf = -1;
  private bpos = 0;
  private blo = 0;
  private bhi = 0;
  private f = 0;

  constructor(
    private readonly ranked: Ranked,
    rows: Int32Array,
    readonly target: Target,
    private readonly maxFeatures: number,
    private readonly minLeaf: number,
    private readonly random: () => number,
  ) {
    const { n, d, codes, offset } = ranked;
    const m = (this.size = rows.length);
    this.order = new Int32Array(d * m);
    this.code = new Int32Array(d * m);
    let most = 0;
    for (let f = 0; f < d; f++) most = Math.max(most, offset[f + 1] - offset[f]);
    const count = new Int32Array(most + 1);
    for (let f = 0; f < d; f++) {
      // Counting sort of the sample rows by rank: stable, O(m + distinct values).
      const nv = offset[f + 1] - offset[f], base = f * n, out = f * m;
      count.fill(0, 0, nv + 1);
      for (let p = 0; p < m; p++) count[codes[base + rows[p]] + 1]++;
      for (let v = 0; v < nv; v++) count[v + 1] += count[v];
      for (let p = 0; p < m; p++) {
        const c = codes[base + rows[p]], q = out + count[c]++;
        this.order[q] = rows[p];
        this.code[q] = c;
      }
    }
    this.feats = Int32Array.from({ length: d }, (_, f) => f);
    this.left = new Float64Array(target.nStats);
    this.mark = new Uint8Array(n);
    this.tmp = new Int32Array(2 * m);
    this.scan = target instanceof ClassTarget && target.criterion === 'gini' ? this.scanGini
      : target instanceof RegressionTarget ? this.scanSquared : this.scanTarget;
  }

  nodeStats(start: number, end: number, s: Float64Array): void {
    for (let p = start; p < end; p++) this.target.add(s, 0, this.order[p]);
  }

  findSplit(start: number, end: number, total: Float64Array, best: Split): boolean {
    const { ranked: { d, values, offset }, code, feats, size: m } = this;
    this.bq = -Infinity;
    let visited = 0;
    for (let i = 0; i < d && visited < this.maxFeatures; i++) {
      const j = i + Math.floor(this.random() * (d - i));
      const f = feats[j];
      feats[j] = feats[i];
      feats[i] = f;
      const o = f * m;
      if (code[o + start] === code[o + end - 1]) continue; // constant in this node
      visited++;
      this.f = f;
      this.scan(o, start, end, total);
    }
    if (this.bq === -Infinity) return false;
    const f = this.bf;
    best.proxy = this.bq;
    best.feature = f;
    best.pos = this.bpos;
    best.bin = this.blo;
    best.threshold = splitThreshold(values[offset[f] + this.blo], values[offset[f] + this.bhi]);
    return true;
  }

  /** Considers the split before position p + 1 of feature segment o (left = [start, p]). */
  private consider(q: number, o: number, p: number): void {
    if (!(q > this.bq)) return;
    this.bq = q;
    this.bf = this.f;
    this.bpos = p + 1 - o;
    this.blo = this.code[p];
    this.bhi = this.code[p + 1];
  }

  /** Gini: maximises Σ l_c² / w_l + Σ r_c² / w_r, with both sums of squares kept up to date. */
  private scanGini(o: number, start: number, end: number, total: Float64Array): void {
    const { order, code, minLeaf } = this, t = this.target as ClassTarget, y = t.y, w = t.w, k = t.k, lc = this.left;
    lc.fill(0);
    const W = total[k];
    let a = 0, b = 0, wl = 0;
    for (let c = 0; c < k; c++) b += total[c] * total[c];
    for (let p = o + start, last = o + end - 1; p < last; p++) {
      const r = order[p], c = y[r], wr = w[r], l = lc[c];
      a += wr * (2 * l + wr);
      b += wr * (wr - 2 * (total[c] - l));
      lc[c] = l + wr;
      wl += wr;
      if (code[p] === code[p + 1]) continue;
      if (p + 1 - o - start < minLeaf) continue;
      if (last - p < minLeaf) break;
      this.consider(a / wl + b / (W - wl), o, p);
    }
  }

  /** Squared error: maximises s_l² / w_l + s_r² / w_r. */
  private scanSquared(o: number, start: number, end: number, total: Float64Array): void {
    const { order, code, minLeaf } = this, t = this.target as RegressionTarget, y = t.y, w = t.w;
    const W = total[0], S = total[1];
    let wl = 0, sl = 0;
    for (let p = o + start, last = o + end - 1; p < last; p++) {
      const r = order[p];
      wl += w[r];
      sl += w[r] * y[r];
      if (code[p] === code[p + 1]) continue;
      if (p + 1 - o - start < minLeaf) continue;
      if (last - p < minLeaf) break;
      const sr = S - sl;
      this.consider((sl * sl) / wl + (sr * sr) / (W - wl), o, p);
    }
  }

  /** Any criterion, through Target.add and Target.proxy. */
  private scanTarget(o: number, start: number, end: number, total: Float64Array): void {
    const { order, code, minLeaf, target, left } = this;
    left.fill(0);
    for (let p = o + start, last = o + end - 1; p < last; p++) {
      target.add(left, 0, order[p]);
      if (code[p] === code[p + 1]) continue;
      if (p + 1 - o - start < minLeaf) continue;
      if (last - p < minLeaf) break;
      this.consider(target.proxy(left, total), o, p);
    }
  }

  partition(start: number, end: number, split: Split): void {
    const { order, code, mark, tmp, size: m } = this;
    const fo = split.feature * m;
    for (let p = start; p < split.pos; p++) mark[order[fo + p]] = 1;
    for (let g = 0; g < this.ranked.d; g++) {
      if (g === split.feature) continue;
      const o = g * m;
      let l = o + start, r = 0;
      for (let p = o + start; p < o + end; p++) {
        const row = order[p];
        if (mark[row]) {
          code[l] = code[p];
          order[l++] = row;
        } else {
          tmp[r++] = row;
          tmp[r++] = code[p];
        }
      }
      for (let q = 0; q < r; q += 2, l++) {
        order[l] = tmp[q];
        code[l] = tmp[q + 1];
      }
    }
    for (let p = start; p < split.pos; p++) mark[order[fo + p]] = 0;
  }
}
