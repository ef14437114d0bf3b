import type { ColumnBuilder } from './builder';
import { sortFloat64 } from './sort';
import { distinctSorted, histogramSorted, pearson, quantileSorted } from './stats';
import type { RowSample } from './sample';
import { QUANTILE_LEVELS, type ColumnProfile, type DatasetProfile } from './types';

const TOP_N = 20;

/** Profiles every column from the builders' exact running figures and the row sample. */
export function buildProfile(builders: ColumnBuilder[], sample: RowSample, rows: number, onColumn?: (i: number) => void): DatasetProfile {
  const sampled = sample.stride > 1;
  const columns: ColumnProfile[] = builders.map((b, i) => {
    const p = profileColumn(b, sample.column(i), rows, sampled);
    onColumn?.(i);
    return p;
  });
  const numeric = builders.map((b, i) => ({ b, i })).filter(({ b }) => b.storage === 'f64' && b.type !== 'datetime' && b.moments.n > 0);
  const cols = numeric.map(({ i }) => sample.column(i) as Float64Array);
  const matrix = cols.map((_x, a) => cols.map((_y, c) => (a === c ? 1 : NaN)));
  for (let a = 0; a < cols.length; a++) for (let c = a + 1; c < cols.length; c++) matrix[a][c] = matrix[c][a] = pearson(cols[a], cols[c]);
  return { rows, columns, correlation: { columns: numeric.map(({ b }) => b.schema.name), matrix }, sampleRows: sample.rows };
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
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  let present = values as Float64Array;
  if (n < values.length) {
    present = new Float64Array(n);
    for (let i = 0, k = 0; i < values.length; i++) { const v = values[i]; if (v === v) present[k++] = v; }
  }
  const sorted = sortFloat64(present);
  const distinct = distinctSorted(sorted);
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
      quantiles: QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q)),
      zeros: m.zeros,
      histogram: histogramSorted(sorted, distinct, b.type === 'integer' || b.type === 'boolean'),
    };
  }
  return out;
}
