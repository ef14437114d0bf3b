/**
 * Profile figures pinned to pandas. test/fixtures/profile.csv is made by make_profile_csv.py;
 * test/fixtures/profile_reference.json by make_profile_reference.py (pandas read_csv with
 * Benchtop's missing markers, Series.mean/std(ddof=1)/quantile(linear)/nunique/value_counts,
 * DataFrame.corr()).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUANTILE_LEVELS, type ColumnProfile, type IngestResult } from '../../../src/lib/data';
import { importText } from './helpers';

interface RefColumn {
  count: number;
  missing: number;
  nunique: number;
  dtype: 'integer' | 'float' | 'categorical';
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
  zeros?: number;
  quantiles?: number[];
  value_counts?: Record<string, number>;
}
interface Reference {
  rows: number;
  quantile_levels: number[];
  columns: Record<string, RefColumn>;
  correlation: { columns: string[]; matrix: (number | null)[][] };
}

const fixtures = new URL('../../fixtures/', import.meta.url);
const csv = readFileSync(new URL('profile.csv', fixtures));
const ref = JSON.parse(readFileSync(new URL('profile_reference.json', fixtures), 'utf8')) as Reference;

const REL = 1e-9;
function close(got: number | undefined, want: number, what: string): void {
  expect(got, what).toBeTypeOf('number');
  const ok = Math.abs(got! - want) <= REL * Math.abs(want) || Math.abs(got! - want) < 1e-15;
  if (!ok) expect.fail(`${what}: got ${got}, pandas ${want} (relative error ${Math.abs(got! - want) / Math.abs(want)})`);
}

let result: IngestResult;
const col = (name: string): ColumnProfile => result.profile.columns.find((c) => c.name === name)!;

beforeAll(async () => {
  ({ result } = await importText(csv, 'profile.csv'));
});

describe('profile of test/fixtures/profile.csv against pandas', () => {
  it('reads the expected rows, types and roles', () => {
    expect(result.rows).toBe(ref.rows);
    expect(QUANTILE_LEVELS).toEqual(ref.quantile_levels);
    expect(result.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['row_id', 'integer', 'identifier'],
      ['age', 'integer', 'feature'],
      ['income', 'float', 'feature'],
      ['score', 'float', 'feature'],
      ['visits', 'integer', 'feature'],
      ['ratio', 'float', 'feature'],
      ['city', 'categorical', 'feature'],
    ]);
    for (const [name, r] of Object.entries(ref.columns)) if (r.dtype !== 'categorical') expect(col(name).type, name).toBe(r.dtype);
  });

  for (const [name, r] of Object.entries(ref.columns)) {
    if (r.dtype === 'categorical') continue;
    it(`${name}: count, missing, distinct, mean, std, min, max, zeros, quantiles`, () => {
      const p = col(name);
      expect(p.count, `${name} count`).toBe(r.count);
      expect(p.missing, `${name} missing`).toBe(r.missing);
      expect(p.distinct, `${name} distinct`).toBe(r.nunique);
      expect(p.sampled).toBeFalsy();
      const n = p.numeric!;
      close(n.mean, r.mean!, `${name} mean`);
      close(n.std, r.std!, `${name} std`);
      close(n.min, r.min!, `${name} min`);
      close(n.max, r.max!, `${name} max`);
      expect(n.zeros, `${name} zeros`).toBe(r.zeros);
      r.quantiles!.forEach((q, i) => close(n.quantiles[i], q, `${name} q${QUANTILE_LEVELS[i]}`));
      expect(n.histogram.counts.reduce((a, b) => a + b, 0), `${name} histogram total`).toBe(r.count);
    });
  }

  it('city: count, missing, distinct and value counts', () => {
    const r = ref.columns.city;
    const p = col('city');
    expect(p.count).toBe(r.count);
    expect(p.missing).toBe(r.missing);
    expect(p.distinct).toBe(r.nunique);
    expect(Object.fromEntries(p.top!.map((t) => [t.value, t.count]))).toEqual(r.value_counts);
    expect(p.otherCount).toBe(0);
    const counts = p.top!.map((t) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(p.length).toBeDefined();
  });

  it('correlation: the same numeric columns in file order', () => {
    expect(result.profile.correlation.columns).toEqual(ref.correlation.columns);
    expect(result.profile.sampleRows).toBe(ref.rows);
  });

  it('correlation: the Pearson matrix equals pandas .corr()', () => {
    const m = result.profile.correlation.matrix;
    const n = ref.correlation.columns.length;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) close(m[a][b], ref.correlation.matrix[a][b]!, `corr ${ref.correlation.columns[a]} ~ ${ref.correlation.columns[b]}`);
  });
});
