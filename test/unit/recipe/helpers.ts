/** Shared helpers for the recipe tests: the scikit-learn fixture as a Table, tolerant comparisons, error capture. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ColumnType } from '../../../src/lib/data/types';
import { RecipeError } from '../../../src/lib/recipe/step';
import { codesColumn, findColumn, isNumeric, numericColumn, selectRows, type Table } from '../../../src/lib/recipe/table';

type Values = (number | null)[];
export interface Reference {
  sklearn: string;
  data: Record<string, (number | string | null)[]>;
  train: number[];
  test: number[];
  [k: string]: unknown;
}

export const ref = JSON.parse(readFileSync(new URL('../../fixtures/recipe_reference.json', import.meta.url), 'utf8')) as Reference;

const TYPES: Record<string, ColumnType> = { num: 'float', cnt: 'integer', skew: 'float', lin: 'float', const: 'float', cat: 'categorical', color: 'categorical', when: 'datetime' };

/** The whole 200-row frame of the fixture. */
export function frame(): Table {
  const columns = Object.entries(TYPES).map(([name, type]) => {
    const raw = ref.data[name];
    return type === 'categorical'
      ? codesColumn(name, raw as (string | null)[], type)
      : numericColumn(name, Float64Array.from(raw as Values, (v) => (v === null ? NaN : v)), type);
  });
  return { rows: ref.train.length + ref.test.length, columns };
}

export const train = (): Table => selectRows(frame(), Int32Array.from(ref.train));
export const test = (): Table => selectRows(frame(), Int32Array.from(ref.test));

/** A fixture number (null = NaN, "inf"/"-inf" = ±Infinity). */
export const num = (v: unknown): number => (v === null ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

/** Values of a numeric column. */
export function values(t: Table, name: string): number[] {
  const c = findColumn(t, name);
  if (!c || !isNumeric(c)) return expect.fail(`no numeric column "${name}" in ${t.columns.map((x) => x.name).join(', ')}`);
  return Array.from(c.values);
}

/** Strings of a dictionary-coded column (null for missing). */
export function strings(t: Table, name: string): (string | null)[] {
  const c = findColumn(t, name);
  if (!c || isNumeric(c)) return expect.fail(`no coded column "${name}"`);
  return Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]));
}

/** Every value within 1e-9 relative (1e-12 absolute near zero); NaN only where expected is missing. */
export function expectClose(actual: readonly number[], expected: readonly unknown[], what: string, rel = 1e-9): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]), a = actual[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) { expect(a, `${what}[${i}]`).toBe(e); continue; }
    const tol = Math.max(rel * Math.abs(e), 1e-12);
    if (!(Math.abs(a - e) <= tol)) expect.fail(`${what}[${i}]: got ${a}, expected ${e} (tolerance ${tol})`);
  }
}

/** The RecipeError `fn` throws. */
export function recipeError(fn: () => unknown): RecipeError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof RecipeError)) throw e;
    expect(e.code).toBe('BAD_SCHEMA');
    return e;
  }
  return expect.fail('expected a RecipeError');
}
