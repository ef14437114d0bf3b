import type { ColumnBuilder } from './builder';
import { summarizeNumeric } from './summary';
import { pearson } from './stats';
import type { RowSample } from './sample';
import { type ColumnProfile, type DatasetProfile } from './types';

const TOP_N = 20;

/** Profiles every column from the builders' exact running figures and the row sample. */
export function buildProfile(builders: ColumnBuilder[], sample: RowSample, rows: number, onColumn?: (i: number) => void): DatasetProfile {
  const sampled = sample.stride > 1;
  const values = builders.map((_, i) => sample.column(i));
  const columns: ColumnProfile[] = builders.map((b, i) => {
    const p = profileColumn(b, values[i], rows, sampled);
    onColumn?.(i);
    return p;
  });
  const numeric = builders.map((b, i) => ({ b, i })).filter(({ b }) => b.storage === 'f64' && b.type !== 'datetime' && b.moments.n > 1);
  const cols = numeric.map(({ i }) => values[i] as Float64Array);
  // Columns without missing values: one pass per pair from the exact means and sums of squares.
  const complete = numeric.map(({ b }) => (!sampled && b.missing === 0 && Number.isFinite(b.moments.m2) ? b.moments : null));
  const matrix = cols.map((_x, a) => cols.map((_y, c) => (a === c ? 1 : NaN)));
  for (let a = 0; a < cols.length; a++) {
    for (let c = a + 1; c < cols.length; c++) {
      const ma = complete[a], mc = complete[c];
      matrix[a][c] = matrix[c][a] = ma && mc ? pearsonComplete(cols[a], cols[c], ma.mean, mc.mean, ma.m2, mc.m2) : pearson(cols[a], cols[c]);
    }
  }
  return { rows, columns, correlation: { columns: numeric.map(({ b }) => b.schema.name), matrix }, sampleRows: sample.rows };
}

function pearsonComplete(x: Float64Array, y: Float64Array, mx: number, my: number, sxx: number, syy: number): number {
  if (sxx === 0 || syy === 0) return NaN;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) sxy += (x[i] - mx) * (y[i] - my);
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function profileColumn(b: ColumnBuilder, values: Float64Array | Int32Array, rows: number, sampled: boolean): ColumnProfile {
  const base: ColumnProfile = { name: b.schema.name, type: b.type, count: rows - b.missing, missing: b.missing, distinct: 0 };
  if (b.storage === 'codes') {
    const order = b.dictCounts.map((_c, i) => i).sort((x, y) => b.dictCounts[y] - b.dictCounts[x] || x - y);
    const top = order.slice(0, TOP_N).map((i) => ({ value: b.dict[i], count: b.dictCounts[i] }));
    const shown = top.reduce((s, t) => s + t.count, 0);
    return { ...base, distinct: b.dict.length, top, otherCount: base.count - shown, length: b.lengthStats() };
  }
  const m = b.moments;
  const integer = b.type === 'integer' || b.type === 'boolean';
  const summary = m.n > 0 ? summarizeNumeric(values as Float64Array, m.min, m.max, integer) : null;
  const distinct = summary?.distinct ?? 0;
  const out: ColumnProfile = { ...base, distinct, sampled: sampled || undefined };
  if (b.type === 'boolean') {
    const trues = m.n - m.zeros;
    out.top = [{ value: 'true', count: trues }, { value: 'false', count: m.zeros }].filter((t) => t.count > 0).sort((x, y) => y.count - x.count);
    out.otherCount = 0;
  }
  if (m.n > 0) {
    out.numeric = {
      min: m.min,
      max: m.max,
      mean: m.mean,
      std: m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : NaN,
      quantiles: summary!.quantiles,
      zeros: m.zeros,
      histogram: summary!.histogram,
    };
  }
  return out;
}
