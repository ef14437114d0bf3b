import type { Storage } from './types';

/** Rows kept for exact quantiles, histograms and correlations; larger data is sampled. */
export const SAMPLE_CAP = 1 << 20;

/**
 * Keeps every `stride`-th row of every column, doubling the stride (and dropping every other
 * kept row) whenever more than SAMPLE_CAP rows are held. Up to SAMPLE_CAP rows it holds the
 * chunks themselves, without copying; beyond, it is a systematic sample of the whole file.
 */
export class RowSample {
  stride = 1;
  private parts: (Float64Array | Int32Array)[][];
  private held = 0;
  constructor(private readonly storages: Storage[], private readonly cap = SAMPLE_CAP) {
    this.parts = storages.map(() => []);
  }

  /** Adds one chunk per column (all of the same length), which start at row `firstRow`. */
  add(chunks: (Float64Array | Int32Array)[], firstRow: number): void {
    const len = chunks[0]?.length ?? 0;
    if (this.stride === 1) {
      chunks.forEach((c, i) => this.parts[i].push(c));
      this.held += len;
    } else {
      const offset = (this.stride - (firstRow % this.stride)) % this.stride;
      const picked = offset >= len ? 0 : Math.ceil((len - offset) / this.stride);
      chunks.forEach((c, i) => {
        const out = this.storages[i] === 'f64' ? new Float64Array(picked) : new Int32Array(picked);
        for (let k = 0, r = offset; r < len; r += this.stride, k++) out[k] = c[r];
        this.parts[i].push(out);
      });
      this.held += picked;
    }
    while (this.held > this.cap) this.halve();
  }

  private halve(): void {
    this.parts = this.parts.map((cols, i) => {
      const all = concat(cols, this.storages[i]);
      const out = this.storages[i] === 'f64' ? new Float64Array(Math.ceil(all.length / 2)) : new Int32Array(Math.ceil(all.length / 2));
      for (let k = 0, r = 0; r < all.length; r += 2, k++) out[k] = all[r];
      return [out];
    });
    this.stride *= 2;
    this.held = this.parts[0]?.[0]?.length ?? 0;
  }

  get rows(): number {
    return this.held;
  }

  /** Column `i` as one array (a copy when it is in pieces; profiling uses `pieces`). */
  column(i: number): Float64Array | Int32Array {
    return concat(this.parts[i], this.storages[i]);
  }

  /** Column `i` as its kept pieces, without copying; every column's pieces have the same lengths. */
  pieces(i: number): (Float64Array | Int32Array)[] {
    return this.parts[i];
  }
}

function concat(parts: (Float64Array | Int32Array)[], storage: Storage): Float64Array | Int32Array {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = storage === 'f64' ? new Float64Array(n) : new Int32Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
