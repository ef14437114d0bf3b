/**
 * Train/validation/test splits and k-fold over rows 0..n-1, reproducible from a SplitSpec and
 * the data: the same spec (method, shares, seed, column) on the same column gives the same indices.
 * Sizes follow scikit-learn: test = ceil(test·n), validation = ceil(validation·n), train the rest;
 * stratified per-class counts use its largest-remainder allocation (train first, as
 * StratifiedShuffleSplit), with ties broken by class order instead of at random, and then
 * every class of ≥ 2 rows keeps one row in train and, when test > 0, one in test.
 * Missing values: NaN in Float64 columns, code -1 in Int32 (dictionary-code) columns.
 */
import { BenchtopError } from '../errors';

export const SPLIT_METHODS = ['random', 'stratified', 'time', 'group'] as const;
export type SplitMethod = (typeof SPLIT_METHODS)[number];

/** What is stored to reproduce a split. `column` names the label, time or group column. */
export interface SplitSpec {
  method: SplitMethod;
  test: number;
  validation: number;
  seed?: number;
  column?: string;
}
/** Row indices of each side, ascending, disjoint, together all rows. */
export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  spec: SplitSpec;
}
export interface SplitOptions {
  test: number;
  validation?: number;
  seed: number;
  column?: string;
}

export class SplitError extends BenchtopError {
  constructor(message: string, detail: Record<string, unknown> = {}) {
    super('BAD_SCHEMA', message, detail);
    this.name = 'SplitError';
  }
}

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place; returns `a`. */
export function shuffle(a: Int32Array, random: () => number): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a;
}

const TRAIN = 0, VAL = 1, TEST = 2;
const SIDE_NAMES = ['train', 'validation', 'test'];
export const iota = (n: number): Int32Array => {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
};

export function randomSplit(n: number, opts: SplitOptions): Split {
  const { sizes, spec } = prepare('random', n, opts);
  const order = shuffle(iota(n), mulberry32(spec.seed!));
  const side = new Uint8Array(n);
  for (let p = 0; p < sizes[TEST] + sizes[VAL]; p++) side[order[p]] = p < sizes[TEST] ? TEST : VAL;
  return collect(side, sizes, spec);
}

/** Keeps each class's share on every side (labels: Int32 codes or Float64 values). */
export function stratifiedSplit(labels: Int32Array | Float64Array, opts: SplitOptions): Split {
  const n = labels.length;
  const { sizes, spec } = prepare('stratified', n, opts);
  const cls = encode(labels, 'label column');
  if (sizes[TEST] > 0) {
    const c = cls.counts.findIndex((k) => k === 1);
    if (c >= 0) {
      throw new SplitError(`Class ${cls.values[c]} has only 1 row, so it cannot be in both train and test; a stratified split needs at least 2 rows per class (merge or drop that class).`, { class: cls.values[c], count: 1 });
    }
  }
  const alloc = allocate(cls.counts, sizes, n);
  const random = mulberry32(spec.seed!);
  const side = new Uint8Array(n);
  cls.segments((c, seg) => {
    shuffle(seg, random);
    for (let j = 0; j < alloc[TEST][c] + alloc[VAL][c]; j++) side[seg[j]] = j < alloc[TEST][c] ? TEST : VAL;
  });
  return collect(side, sizes, spec);
}

/** Per-class rows on each side: alloc[side][class]. */
function allocate(counts: number[], sizes: number[], n: number): number[][] {
  const train = apportion(counts, n, sizes[TRAIN]);
  const rest = counts.map((k, c) => k - train[c]);
  const test = apportion(rest, sizes[TEST] + sizes[VAL], sizes[TEST]);
  const alloc = [train, rest.map((k, c) => k - test[c]), test];
  if (sizes[TEST] + sizes[VAL] === 0) return alloc;
  const required = sizes[TEST] > 0 ? [TRAIN, TEST] : [TRAIN];
  const floor = (s: number, c: number) => (required.includes(s) && counts[c] >= 2 ? 1 : 0);
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] < 2) continue;
    for (const s of required) {
      if (alloc[s][c] > 0) continue;
      const from = alloc[VAL][c] > 0 ? VAL : required.find((o) => o !== s && alloc[o][c] >= 2)!;
      alloc[from][c]--; alloc[s][c]++;
      let donor = -1;
      for (let d = 0; d < counts.length; d++) {
        if (d === c || alloc[s][d] - 1 < floor(s, d)) continue;
        const excess = alloc[s][d] - (counts[d] * sizes[s]) / n;
        if (donor < 0 || excess > alloc[s][donor] - (counts[donor] * sizes[s]) / n) donor = d;
      }
      if (donor < 0) {
        const need = counts.filter((k) => k >= 2).length;
        throw new SplitError(`A stratified split of ${n} rows puts ${sizes[s]} rows in ${SIDE_NAMES[s]}, too few for the ${need} classes that each need one there; raise the ${SIDE_NAMES[s]} share or merge rare classes.`, { side: SIDE_NAMES[s], rows: sizes[s], classes: need });
      }
      alloc[s][donor]--; alloc[from][donor]++;
    }
  }
  return alloc;
}

/** Largest-remainder apportionment of `draws` among `counts` (summing to `total`), exact in integers. */
function apportion(counts: number[], total: number, draws: number): number[] {
  if (total === 0) return counts.map(() => 0);
  const out = counts.map((k) => Math.floor((k * draws) / total));
  const rem = counts.map((k, c) => k * draws - out[c] * total);
  rem.forEach((r, c) => { if (r < 0) { out[c]--; rem[c] += total; } }); // a quotient rounded up to a whole number
  let left = draws - out.reduce((s, v) => s + v, 0);
  const order = counts.map((_, c) => c).sort((a, b) => rem[b] - rem[a] || a - b);
  for (const c of order) if (left-- > 0) out[c]++;
  return out;
}

/** Sorts by time (stable); the latest rows go to test, the next latest to validation, cut only between distinct times. */
export function timeSplit(times: Float64Array, opts: Omit<SplitOptions, 'seed'>): Split {
  const n = times.length;
  const { sizes, spec } = prepare('time', n, { ...opts, seed: 0 });
  delete spec.seed;
  let missing = 0;
  for (let i = 0; i < n; i++) if (times[i] !== times[i]) missing++;
  if (missing > 0) throw new SplitError(`The time column has ${missing} missing value${missing === 1 ? '' : 's'}; drop or fill them before a time split.`, { missing });
  const order = iota(n).sort((a, b) => (times[a] < times[b] ? -1 : times[a] > times[b] ? 1 : a - b));
  const isCut = (p: number) => times[order[p - 1]] < times[order[p]];
  /** The cut in [lo, hi] between two distinct times nearest `target`; ties go to the earlier cut. */
  const nearest = (target: number, lo: number, hi: number, s: number): number => {
    for (let d = 0; target - d >= lo || target + d <= hi; d++) {
      if (target - d >= lo && target - d <= hi && isCut(target - d)) return target - d;
      if (target + d <= hi && target + d >= lo && isCut(target + d)) return target + d;
    }
    throw new SplitError(`The time column has too few distinct times to give ${SIDE_NAMES[s]} its own rows without a time on two sides (${n} rows).`, { side: SIDE_NAMES[s] });
  };
  const testCut = sizes[TEST] > 0 ? nearest(n - sizes[TEST], sizes[VAL] > 0 ? 2 : 1, n - 1, TEST) : n;
  const valCut = sizes[VAL] > 0 ? nearest(Math.min(n - sizes[TEST] - sizes[VAL], testCut - 1), 1, testCut - 1, VAL) : testCut;
  const side = new Uint8Array(n);
  for (let p = valCut; p < n; p++) side[order[p]] = p < testCut ? VAL : TEST;
  return collect(side, [valCut, testCut - valCut, n - testCut], spec);
}

/** Whole groups go to one side; sides get row shares as near their targets as whole groups allow. */
export function groupSplit(groups: Int32Array | Float64Array, opts: SplitOptions): Split {
  const n = groups.length;
  const { sizes, spec } = prepare('group', n, opts);
  const grp = encode(groups, 'group column');
  const G = grp.counts.length;
  const needed = 1 + (sizes[TEST] > 0 ? 1 : 0) + (sizes[VAL] > 0 ? 1 : 0);
  if (G < needed) throw new SplitError(`A group split into ${needed} sides needs at least ${needed} groups; the column has ${G}.`, { groups: G });
  const order = shuffle(iota(G), mulberry32(spec.seed!));
  const sideOf = new Uint8Array(G);
  let free = G;
  const take = (s: number, target: number, reserve: number): void => {
    if (target === 0) return;
    let got = 0;
    for (const g of order) {
      if (free <= reserve) break;
      const k = grp.counts[g];
      if (sideOf[g] === TRAIN && Math.abs(got + k - target) < Math.abs(got - target)) { sideOf[g] = s; got += k; free--; }
    }
    if (got === 0) { // every group overshoots by more than the target: take the smallest
      let best = -1;
      for (const g of order) if (sideOf[g] === TRAIN && (best < 0 || grp.counts[g] < grp.counts[best])) best = g;
      sideOf[best] = s; free--;
    }
  };
  take(TEST, sizes[TEST], sizes[VAL] > 0 ? 2 : 1);
  take(VAL, sizes[VAL], 1);
  const side = new Uint8Array(n);
  const got = [0, 0, 0];
  for (let i = 0; i < n; i++) got[(side[i] = sideOf[grp.codes[i]])]++;
  return collect(side, got, spec);
}

export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new SplitError(`The seed must be a whole number from 0 to 4294967295; got ${seed}.`, { seed });
}

/** Checks the shares and rows; returns side sizes [train, validation, test] and the spec to store. */
function prepare(method: SplitMethod, n: number, opts: SplitOptions): { sizes: number[]; spec: SplitSpec } {
  const test = opts.test, validation = opts.validation ?? 0;
  for (const [name, v] of [['test', test], ['validation', validation]] as const) {
    if (!(v >= 0 && v < 1)) throw new SplitError(`The ${name} share must be at least 0 and below 1; got ${v}.`, { [name]: v });
  }
  if (test + validation >= 1) throw new SplitError(`The test and validation shares add up to ${test + validation}; they must leave some rows for train (sum below 1).`, { test, validation });
  if (!Number.isInteger(n) || n <= 0) throw new SplitError('Cannot split an empty dataset.', { rows: n });
  checkSeed(opts.seed);
  const sizes = [0, rowsFor(validation, n), rowsFor(test, n)];
  sizes[TRAIN] = n - sizes[VAL] - sizes[TEST];
  if (sizes[TRAIN] <= 0) throw new SplitError(`With ${n} rows, test share ${test} and validation share ${validation} leave no rows for train.`, { rows: n, test, validation });
  const spec: SplitSpec = { method, test, validation, seed: opts.seed };
  if (opts.column !== undefined) spec.column = opts.column;
  return { sizes, spec };
}

/** ceil(share·n) as scikit-learn, without float noise turning 0.7·100 into 71. */
function rowsFor(share: number, n: number): number {
  const x = share * n, r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
}

function collect(side: Uint8Array, sizes: number[], spec: SplitSpec): Split {
  const out = sizes.map((k) => new Int32Array(k));
  const at = [0, 0, 0];
  for (let i = 0; i < side.length; i++) out[side[i]][at[side[i]]++] = i;
  return { train: out[TRAIN], validation: out[VAL], test: out[TEST], spec };
}

export interface Encoded {
  /** Class of each row, numbered by first appearance. */
  codes: Int32Array;
  counts: number[];
  /** The column value of each class. */
  values: number[];
  /** Calls fn for each class in order with its rows (ascending, a fresh view fn may reorder). */
  segments(fn: (c: number, rows: Int32Array) => void): void;
}

export function encode(values: Int32Array | Float64Array, what: string): Encoded {
  const n = values.length, codes = new Int32Array(n), ids = new Map<number, number>();
  const counts: number[] = [], seen: number[] = [];
  const codesColumn = values instanceof Int32Array;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v || (codesColumn && v === -1)) { missing++; continue; }
    let c = ids.get(v);
    if (c === undefined) { c = seen.length; ids.set(v, c); seen.push(v); counts.push(0); }
    codes[i] = c; counts[c]++;
  }
  if (n === 0) throw new SplitError(`Cannot split an empty dataset: the ${what} has no rows.`, { rows: 0 });
  if (missing > 0) throw new SplitError(`The ${what} has ${missing} missing value${missing === 1 ? '' : 's'}; drop or fill them before splitting.`, { missing });
  return {
    codes, counts, values: seen,
    segments(fn) {
      const start = new Int32Array(counts.length + 1);
      for (let c = 0; c < counts.length; c++) start[c + 1] = start[c] + counts[c];
      const rows = new Int32Array(n), at = start.slice(0, counts.length);
      for (let i = 0; i < n; i++) rows[at[codes[i]]++] = i;
      for (let c = 0; c < counts.length; c++) fn(c, rows.subarray(start[c], start[c + 1]));
    },
  };
}

/** Runs a stored spec again: `column` is the spec's column, required for all but 'random'. */
export function applySplit(spec: SplitSpec, rows: number, column?: Int32Array | Float64Array): Split {
  if (!SPLIT_METHODS.includes(spec.method)) throw new SplitError(`Unknown split method "${String(spec.method)}"; choose one of ${SPLIT_METHODS.join(', ')}.`, { method: spec.method });
  const opts = { test: spec.test, validation: spec.validation, seed: spec.seed ?? 0, column: spec.column };
  if (spec.method === 'random') return randomSplit(rows, opts);
  if (!column || column.length !== rows) throw new SplitError(`A ${spec.method} split needs its column${spec.column ? ` "${spec.column}"` : ''} with one value per row (${rows}).`, { method: spec.method, rows });
  if (spec.method === 'stratified') return stratifiedSplit(column, opts);
  if (spec.method === 'group') return groupSplit(column, opts);
  if (!(column instanceof Float64Array)) throw new SplitError('A time split needs a numeric or datetime column.', { method: 'time' });
  return timeSplit(column, opts);
}

const pct = (share: number): string => `${Number((share * 100).toFixed(1))}%`;

/** One line for people, e.g. `Stratified on "label": 80% train, 20% test (seed 0)`. */
export function describeSplit(spec: SplitSpec): string {
  const train = 1 - spec.test - spec.validation;
  const on = spec.column ? ` on "${spec.column}"` : '';
  const seed = spec.seed !== undefined ? ` (seed ${spec.seed})` : '';
  const val = spec.validation > 0 ? `, ${pct(spec.validation)} validation` : '';
  switch (spec.method) {
    case 'random': return `Random split: ${pct(train)} train${val}, ${pct(spec.test)} test${seed}`;
    case 'stratified': return `Stratified${on}: ${pct(train)} train${val}, ${pct(spec.test)} test, class shares kept${seed}`;
    case 'time': return `Time order${on}: earliest ${pct(train)} train${spec.validation > 0 ? `, next ${pct(spec.validation)} validation` : ''}, latest ${pct(spec.test)} test, no time on two sides`;
    case 'group': return `Grouped${on}: ${pct(train)} train${val}, ${pct(spec.test)} test of rows, each group on one side${seed}`;
  }
}
