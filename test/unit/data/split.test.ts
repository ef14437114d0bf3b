/**
 * Dataset splits. Stratified per-class counts are pinned to scikit-learn 1.2:
 * test/fixtures/split_reference.json is made by make_split_reference.py (train_test_split with
 * test_size=0.2, stratify=y, random_state=0; StratifiedKFold(5, shuffle=True, random_state=0)).
 * Counts are compared, not indices: the shuffles differ.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchtopError } from '../../../src/lib/errors';
import { kFold, stratifiedKFold, type Fold } from '../../../src/lib/data/folds';
import {
  applySplit, describeSplit, groupSplit, mulberry32, randomSplit, shuffle, SplitError,
  stratifiedSplit, timeSplit, type Split, type SplitSpec,
} from '../../../src/lib/data/split';

interface RefCase { labels: number[]; classes: number[]; test_counts: number[]; fold_counts: number[][] }
const ref = JSON.parse(readFileSync(new URL('../../fixtures/split_reference.json', import.meta.url), 'utf8')) as {
  cases: Record<string, RefCase>;
};

function thrown(fn: () => unknown): BenchtopError {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(SplitError);
    expect(e).toBeInstanceOf(BenchtopError);
    expect((e as BenchtopError).code).toBe('BAD_SCHEMA');
    return e as BenchtopError;
  }
  return expect.fail('expected a SplitError');
}

/** Sides are ascending, disjoint and cover 0..n-1. */
function expectPartition(s: Pick<Split, 'train' | 'validation' | 'test'>, n: number): void {
  const seen = new Uint8Array(n);
  for (const side of [s.train, s.validation, s.test]) {
    for (let j = 0; j < side.length; j++) {
      if (j > 0 && side[j] <= side[j - 1]) expect.fail(`not ascending at ${j}`);
      seen[side[j]]++;
    }
  }
  expect(seen.every((v) => v === 1), 'every row on exactly one side').toBe(true);
}

function expectFolds(folds: Fold[], n: number): void {
  const inTest = new Uint8Array(n);
  for (const f of folds) {
    for (const i of f.test) inTest[i]++;
    expectPartition({ train: f.train, validation: new Int32Array(0), test: f.test }, n);
  }
  expect(inTest.every((v) => v === 1), 'every row in exactly one test fold').toBe(true);
}

const countIn = (rows: Int32Array, labels: ArrayLike<number>, classes: number[]): number[] =>
  classes.map((c) => rows.reduce((s, i) => s + (labels[i] === c ? 1 : 0), 0));

/** n rows, `distinct` different values, in a seeded random order. */
function randomInts(n: number, distinct: number, seed: number): Int32Array {
  const r = mulberry32(seed);
  return Int32Array.from({ length: n }, () => Math.floor(r() * distinct));
}

describe('mulberry32 and shuffle', () => {
  it('repeats for a seed and gives a permutation', () => {
    const a = shuffle(Int32Array.from({ length: 100 }, (_, i) => i), mulberry32(7));
    const b = shuffle(Int32Array.from({ length: 100 }, (_, i) => i), mulberry32(7));
    const c = shuffle(Int32Array.from({ length: 100 }, (_, i) => i), mulberry32(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('randomSplit', () => {
  it('gives exact sizes and a partition', () => {
    const s = randomSplit(1000, { test: 0.2, seed: 1 });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([800, 0, 200]);
    expectPartition(s, 1000);
    const v = randomSplit(1000, { test: 0.2, validation: 0.1, seed: 1 });
    expect([v.train.length, v.validation.length, v.test.length]).toEqual([700, 100, 200]);
    expectPartition(v, 1000);
  });

  it('rounds up as scikit-learn, without float noise', () => {
    expect(randomSplit(100, { test: 0.7, seed: 0 }).test.length).toBe(70); // 0.7 * 100 = 70.00000000000001
    expect(randomSplit(101, { test: 0.2, seed: 0 }).test.length).toBe(21); // ceil(20.2)
    expect(randomSplit(10, { test: 0, seed: 0 }).train.length).toBe(10);
  });

  it('is the same for the same seed and different for another', () => {
    const a = randomSplit(500, { test: 0.3, validation: 0.1, seed: 42 });
    const b = randomSplit(500, { test: 0.3, validation: 0.1, seed: 42 });
    const c = randomSplit(500, { test: 0.3, validation: 0.1, seed: 43 });
    expect(b.test).toEqual(a.test);
    expect(b.validation).toEqual(a.validation);
    expect(c.test).not.toEqual(a.test);
  });
});

describe('stratifiedSplit', () => {
  for (const [name, c] of Object.entries(ref.cases)) {
    it(`test counts per class match scikit-learn: ${name}`, () => {
      const labels = Int32Array.from(c.labels);
      const want = name === 'tiny_class' ? [36, 3, 1] : c.test_counts;
      if (name === 'tiny_class') expect(c.test_counts).toEqual([36, 4, 0]); // scikit-learn leaves the 2-row class out of test
      for (const seed of [0, 1, 2]) {
        const s = stratifiedSplit(labels, { test: 0.2, seed });
        expectPartition(s, labels.length);
        expect(countIn(s.test, labels, c.classes), `seed ${seed}`).toEqual(want);
      }
      const f = stratifiedSplit(Float64Array.from(c.labels, (v) => v * 1.5 - 2), { test: 0.2, seed: 5 });
      expect(countIn(f.test, labels, c.classes)).toEqual(want);
    });
  }

  it('keeps class shares on three sides and reproduces from the seed', () => {
    const labels = Int32Array.from(ref.cases.odd_three.labels);
    const classes = ref.cases.odd_three.classes;
    const s = stratifiedSplit(labels, { test: 0.2, validation: 0.15, seed: 9, column: 'y' });
    expectPartition(s, labels.length);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([259, 61, 81]) // 401 rows: ceil(80.2), ceil(60.15);
    const total = countIn(Int32Array.from(labels.keys()), labels, classes);
    for (const [rows, share] of [[s.test, 0.2], [s.validation, 0.15]] as const) {
      countIn(rows, labels, classes).forEach((k, j) => expect(Math.abs(k - share * total[j])).toBeLessThan(1.5));
    }
    const again = stratifiedSplit(labels, { test: 0.2, validation: 0.15, seed: 9 });
    expect(again.test).toEqual(s.test);
    expect(again.validation).toEqual(s.validation);
    expect(stratifiedSplit(labels, { test: 0.2, validation: 0.15, seed: 10 }).test).not.toEqual(s.test);
  });

  it('puts a row of every class of two or more rows on each side', () => {
    // 20 classes of 2 rows and one of 960: 0.2 of each 2-row class rounds to 0.
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 40 ? 1 + (i >> 1) : 0));
    const s = stratifiedSplit(labels, { test: 0.05, seed: 3 });
    expect(s.test.length).toBe(50);
    const classes = Array.from({ length: 21 }, (_, c) => c);
    expect(countIn(s.test, labels, classes).slice(1)).toEqual(Array(20).fill(1));
    expect(countIn(s.train, labels, classes).slice(1)).toEqual(Array(20).fill(1));
    expect(countIn(s.test, labels, classes)[0]).toBe(30);
  });

  it('refuses a single-row class, a test side too small for the classes, and missing labels', () => {
    const one = thrown(() => stratifiedSplit(Int32Array.from([0, 0, 0, 1, 1, 2, 0, 0]), { test: 0.25, seed: 0 }));
    expect(one.message).toMatch(/Class 2 has only 1 row/);
    expect(one.detail).toMatchObject({ class: 2, count: 1 });
    // With no test side, a single-row class is fine.
    expect(stratifiedSplit(Int32Array.from([0, 0, 0, 1, 1, 2, 0, 0]), { test: 0, seed: 0 }).train.length).toBe(8);
    const few = thrown(() => stratifiedSplit(Int32Array.from({ length: 20 }, (_, i) => i % 10), { test: 0.1, seed: 0 }));
    expect(few.message).toMatch(/2 rows in test, too few for the 10 classes/);
    expect(thrown(() => stratifiedSplit(Int32Array.from([0, 0, -1, 1, 1, -1]), { test: 0.3, seed: 0 })).message).toMatch(/2 missing values/);
    expect(thrown(() => stratifiedSplit(Float64Array.from([0, NaN, 1, 1, 0]), { test: 0.3, seed: 0 })).detail).toEqual({ missing: 1 });
  });
});

describe('kFold and stratifiedKFold', () => {
  it('kFold: every row in one test fold, sizes within 1, reproducible', () => {
    const folds = kFold(103, 5, 11);
    expectFolds(folds, 103);
    expect(folds.map((f) => f.test.length)).toEqual([21, 21, 21, 20, 20]);
    expect(kFold(103, 5, 11)[2].test).toEqual(folds[2].test);
    expect(kFold(103, 5, 12)[2].test).not.toEqual(folds[2].test);
    expectFolds(kFold(4, 4, 0), 4);
  });

  for (const [name, c] of Object.entries(ref.cases)) {
    it(`stratifiedKFold per-fold class counts match scikit-learn: ${name}`, () => {
      const labels = Int32Array.from(c.labels);
      for (const seed of [0, 1]) {
        const folds = stratifiedKFold(labels, 5, seed);
        expectFolds(folds, labels.length);
        expect(folds.map((f) => countIn(f.test, labels, c.classes))).toEqual(c.fold_counts);
      }
    });
  }

  it('stratifiedKFold: class counts differ by at most 1 between folds, reproducible', () => {
    const labels = randomInts(997, 7, 5);
    const classes = [0, 1, 2, 3, 4, 5, 6];
    const folds = stratifiedKFold(labels, 6, 21);
    expectFolds(folds, 997);
    const counts = folds.map((f) => countIn(f.test, labels, classes));
    for (const j of classes) {
      const col = counts.map((row) => row[j]);
      expect(Math.max(...col) - Math.min(...col)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedKFold(labels, 6, 21)[0].test).toEqual(folds[0].test);
    expect(stratifiedKFold(labels, 6, 22)[0].test).not.toEqual(folds[0].test);
  });

  it('refuses k below 2 or above the rows', () => {
    expect(thrown(() => kFold(10, 1, 0)).message).toMatch(/from 2 to the number of rows \(10\); got 1/);
    expect(thrown(() => kFold(10, 11, 0)).detail).toEqual({ k: 11, rows: 10 });
    expect(thrown(() => stratifiedKFold(Int32Array.from([0, 1, 0]), 4, 0)).message).toMatch(/got 4/);
    expect(thrown(() => kFold(0, 2, 0)).message).toMatch(/empty/);
  });
});

describe('timeSplit', () => {
  // 1000 rows over 137 distinct times in random order, many rows per time.
  const times = Float64Array.from(randomInts(1000, 137, 2), (v) => 1.7e12 + v * 86_400_000);

  it('sends the latest rows to test with no time on two sides', () => {
    for (const [test, validation] of [[0.2, 0], [0.2, 0.1], [0.05, 0.3]]) {
      const s = timeSplit(times, { test, validation, column: 'when' });
      expectPartition(s, 1000);
      const max = (r: Int32Array) => Math.max(...Array.from(r, (i) => times[i]));
      const min = (r: Int32Array) => Math.min(...Array.from(r, (i) => times[i]));
      expect(min(s.test)).toBeGreaterThan(validation > 0 ? max(s.validation) : max(s.train));
      if (validation > 0) expect(min(s.validation)).toBeGreaterThan(max(s.train));
      // Cuts move to the nearest boundary between times: off by at most the rows of one time.
      expect(Math.abs(s.test.length - test * 1000)).toBeLessThanOrEqual(20);
      expect(Math.abs(s.validation.length - validation * 1000)).toBeLessThanOrEqual(20);
      expect(s.spec).toEqual({ method: 'time', test, validation, column: 'when' });
    }
  });

  it('cuts exactly when times are distinct, and keeps equal times together', () => {
    const distinct = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const s = timeSplit(distinct, { test: 0.2 });
    expect(s.test.length).toBe(200);
    expect(Array.from(s.test, (i) => distinct[i]).every((t) => t >= 800)).toBe(true);
    const s2 = timeSplit(Float64Array.from([1, 1, 1, 2, 2, 2, 2, 3, 3, 3]), { test: 0.2 });
    expect(Array.from(s2.test)).toEqual([7, 8, 9]);
  });

  it('refuses missing times with a count, and a single time', () => {
    const e = thrown(() => timeSplit(Float64Array.from([1, NaN, 3, NaN, NaN]), { test: 0.2 }));
    expect(e.message).toMatch(/3 missing values/);
    expect(e.detail).toEqual({ missing: 3 });
    expect(thrown(() => timeSplit(new Float64Array(10).fill(5), { test: 0.2 })).message).toMatch(/too few distinct times/);
  });
});

describe('groupSplit', () => {
  // 2000 rows in 150 groups of uneven sizes (1..40 rows).
  const sizes = Array.from({ length: 150 }, (_, g) => 1 + ((g * 37) % 40));
  const grouped = Int32Array.from(sizes.flatMap((k, g) => Array(k).fill(g)));
  const groups = shuffle(grouped.slice(), mulberry32(4)).slice(0, 2000);
  const n = groups.length;
  const biggest = Math.max(...sizes);

  it('puts whole groups on one side, row shares within one group of the target', () => {
    for (const seed of [0, 1, 2, 3]) {
      const s = groupSplit(groups, { test: 0.2, validation: 0.1, seed });
      expectPartition(s, n);
      const sideOf = new Map<number, string>();
      for (const [name, rows] of [['train', s.train], ['validation', s.validation], ['test', s.test]] as const) {
        for (const i of rows) {
          const was = sideOf.get(groups[i]);
          if (was !== undefined && was !== name) expect.fail(`group ${groups[i]} on ${was} and ${name}`);
          sideOf.set(groups[i], name);
        }
      }
      expect(Math.abs(s.test.length - Math.ceil(0.2 * n))).toBeLessThan(biggest);
      expect(Math.abs(s.validation.length - Math.ceil(0.1 * n))).toBeLessThan(biggest);
    }
  });

  it('reproduces from the seed', () => {
    const a = groupSplit(groups, { test: 0.25, seed: 8 });
    expect(groupSplit(groups, { test: 0.25, seed: 8 }).test).toEqual(a.test);
    expect(groupSplit(groups, { test: 0.25, seed: 9 }).test).not.toEqual(a.test);
  });

  it('gives each held-out side a group even when every group is larger than its target', () => {
    const s = groupSplit(Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]), { test: 0.05, validation: 0.05, seed: 0 });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([4, 4, 4]);
  });

  it('refuses too few groups and missing groups', () => {
    expect(thrown(() => groupSplit(Int32Array.from([3, 3, 3]), { test: 0.2, seed: 0 })).message).toMatch(/at least 2 groups; the column has 1/);
    expect(thrown(() => groupSplit(Int32Array.from([1, 2, 2]), { test: 0.2, validation: 0.2, seed: 0 })).detail).toEqual({ groups: 2 });
    expect(thrown(() => groupSplit(Int32Array.from([1, -1, 2]), { test: 0.2, seed: 0 })).detail).toEqual({ missing: 1 });
  });
});

describe('shares, specs and descriptions', () => {
  it('refuses shares outside [0, 1), a sum of 1 or more, empty data and bad seeds', () => {
    expect(thrown(() => randomSplit(10, { test: 1, seed: 0 })).message).toMatch(/test share must be at least 0 and below 1; got 1/);
    expect(thrown(() => randomSplit(10, { test: -0.1, seed: 0 })).detail).toEqual({ test: -0.1 });
    expect(thrown(() => randomSplit(10, { test: NaN, seed: 0 })).message).toMatch(/got NaN/);
    expect(thrown(() => randomSplit(10, { test: 0.2, validation: 1.5, seed: 0 })).message).toMatch(/validation share/);
    expect(thrown(() => randomSplit(10, { test: 0.6, validation: 0.4, seed: 0 })).message).toMatch(/add up to 1/);
    expect(thrown(() => randomSplit(3, { test: 0.5, validation: 0.4, seed: 0 })).message).toMatch(/leave no rows for train/);
    expect(thrown(() => randomSplit(0, { test: 0.2, seed: 0 })).message).toMatch(/empty/);
    expect(thrown(() => stratifiedSplit(new Int32Array(0), { test: 0.2, seed: 0 })).message).toMatch(/empty/);
    expect(thrown(() => randomSplit(10, { test: 0.2, seed: 1.5 })).message).toMatch(/seed must be a whole number/);
  });

  it('a stored spec reproduces the same indices', () => {
    const labels = Int32Array.from(ref.cases.odd_small.labels);
    const times = Float64Array.from(labels, (v, i) => v * 10 + (i % 3));
    const cases: [Split, Int32Array | Float64Array | undefined][] = [
      [randomSplit(49, { test: 0.2, validation: 0.2, seed: 5 }), undefined],
      [stratifiedSplit(labels, { test: 0.2, seed: 5, column: 'y' }), labels],
      [timeSplit(times, { test: 0.3, column: 't' }), times],
      [groupSplit(labels, { test: 0.3, seed: 5, column: 'g' }), labels],
    ];
    for (const [s, column] of cases) {
      const spec = JSON.parse(JSON.stringify(s.spec)) as SplitSpec;
      const again = applySplit(spec, 49, column);
      expect(again.train, spec.method).toEqual(s.train);
      expect(again.validation).toEqual(s.validation);
      expect(again.test).toEqual(s.test);
      expect(again.spec).toEqual(s.spec);
    }
    expect(thrown(() => applySplit({ method: 'stratified', test: 0.2, validation: 0, seed: 0, column: 'y' }, 49)).message).toMatch(/needs its column "y"/);
    expect(thrown(() => applySplit({ method: 'shuffle', test: 0.2, validation: 0 } as unknown as SplitSpec, 49)).message).toMatch(/choose one of random, stratified, time, group/);
    expect(thrown(() => applySplit({ method: 'time', test: 0.2, validation: 0 }, 49, labels)).message).toMatch(/numeric or datetime/);
  });

  it('describes a spec in one line', () => {
    expect(describeSplit({ method: 'random', test: 0.2, validation: 0.1, seed: 42 })).toBe('Random split: 70% train, 10% validation, 20% test (seed 42)');
    expect(describeSplit({ method: 'stratified', test: 0.2, validation: 0, seed: 0, column: 'label' })).toBe('Stratified on "label": 80% train, 20% test, class shares kept (seed 0)');
    expect(describeSplit({ method: 'time', test: 0.125, validation: 0.1, column: 'date' })).toBe('Time order on "date": earliest 77.5% train, next 10% validation, latest 12.5% test, no time on two sides');
    expect(describeSplit({ method: 'group', test: 0.25, validation: 0, seed: 7, column: 'user' })).toBe('Grouped on "user": 75% train, 25% test of rows, each group on one side (seed 7)');
  });
});
