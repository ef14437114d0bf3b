import { lengthStats, type ColumnState } from './builder';
import { pearson } from './stats';
import { summarizeNumeric, type NumericSummary } from './summary';
import type { RowSample } from './sample';
import type { ColumnProfile, DatasetProfile } from './types';

const TOP_N = 20;
/** Below this many rows a column is summarised here: handing it to another thread costs more. */
const REMOTE_MIN_ROWS = 200_000;

/** Summarises a numeric column, possibly on another thread. */
export type Summarizer = (values: Float64Array, min: number, max: number, integer: boolean) => Promise<NumericSummary>;

/**
 * Profiles every column from the exact running figures of the import and the row sample.
 * With a `remote` summarizer, every other numeric column is summarised there, in parallel.
 */
export async function buildProfile(states: ColumnState[], sample: RowSample, rows: number, remote?: Summarizer, onColumn?: (i: number) => void): Promise<DatasetProfile> {
  const sampled = sample.stride > 1;
  // Columns stay in their chunks: profiling never holds a second copy of the data.
  const values = states.map((_, i) => sample.pieces(i) as Float64Array[]);
  const numericIdx = states.map((s, i) => (s.storage === 'f64' && s.moments.n > 0 ? i : -1)).filter((i) => i >= 0);
  const summaries = new Map<number, Promise<NumericSummary>>();
  numericIdx.forEach((i, k) => {
    const s = states[i];
    const integer = s.type === 'integer' || s.type === 'boolean';
    if (remote && sample.rows >= REMOTE_MIN_ROWS && k % 2 === 1) summaries.set(i, remote(concat(values[i]), s.moments.min, s.moments.max, integer));
  });
  for (const i of numericIdx) {
    if (!summaries.has(i)) {
      const s = states[i];
      summaries.set(i, Promise.resolve(summarizeNumeric(values[i], s.moments.min, s.moments.max, s.type === 'integer' || s.type === 'boolean')));
    }
  }
  const columns: ColumnProfile[] = [];
  for (let i = 0; i < states.length; i++) {
    columns.push(profileColumn(states[i], rows, sampled, await summaries.get(i)));
    onColumn?.(i);
  }
  const numeric = states.map((s, i) => ({ s, i })).filter(({ s }) => s.storage === 'f64' && s.type !== 'datetime' && s.moments.n > 1);
  const cols = numeric.map(({ i }) => values[i]);
  // Columns without missing values: one pass per pair from the exact means and sums of squares.
  const complete = numeric.map(({ s }) => (!sampled && s.missing === 0 && Number.isFinite(s.moments.m2) ? s.moments : null));
  const matrix = cols.map((_x, a) => cols.map((_y, c) => (a === c ? 1 : NaN)));
  for (let a = 0; a < cols.length; a++) {
    for (let c = a + 1; c < cols.length; c++) {
      const ma = complete[a], mc = complete[c];
      matrix[a][c] = matrix[c][a] = ma && mc ? pearsonComplete(cols[a], cols[c], ma.mean, mc.mean, ma.m2, mc.m2) : pearson(cols[a], cols[c]);
    }
  }
  return { rows, columns, correlation: { columns: numeric.map(({ s }) => s.schema.name), matrix }, sampleRows: sample.rows };
}

function pearsonComplete(xs: Float64Array[], ys: Float64Array[], mx: number, my: number, sxx: number, syy: number): number {
  if (sxx === 0 || syy === 0) return NaN;
  let sxy = 0;
  for (let p = 0; p < xs.length; p++) {
    const x = xs[p], y = ys[p];
    for (let i = 0; i < x.length; i++) sxy += (x[i] - mx) * (y[i] - my);
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** One array holding all pieces (a copy that can be handed to another thread). */
function concat(pieces: Float64Array[]): Float64Array {
  const out = new Float64Array(pieces.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of pieces) { out.set(p, o); o += p.length; }
  return out;
}

function profileColumn(s: ColumnState, rows: number, sampled: boolean, summary: NumericSummary | undefined): ColumnProfile {
  const base: ColumnProfile = { name: s.schema.name, type: s.type, count: rows - s.missing, missing: s.missing, distinct: 0 };
  if (s.storage === 'codes') {
    const order = s.dictCounts.map((_c, i) => i).sort((x, y) => s.dictCounts[y] - s.dictCounts[x] || x - y);
    const top = order.slice(0, TOP_N).map((i) => ({ value: s.dict[i], count: s.dictCounts[i] }));
    const shown = top.reduce((t, c) => t + c.count, 0);
    return { ...base, distinct: s.dict.length, top, otherCount: base.count - shown, length: lengthStats(s) };
  }
  const m = s.moments;
  const out: ColumnProfile = { ...base, distinct: summary?.distinct ?? 0, distinctApprox: summary && !summary.distinctExact ? true : undefined, sampled: sampled || undefined };
  if (s.type === 'boolean') {
    const trues = m.n - m.zeros;
    out.top = [{ value: 'true', count: trues }, { value: 'false', count: m.zeros }].filter((t) => t.count > 0).sort((x, y) => y.count - x.count);
    out.otherCount = 0;
  }
  if (m.n > 0 && summary) {
    out.numeric = {
      min: m.min,
      max: m.max,
      mean: m.mean,
      std: m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : NaN,
      quantiles: summary.quantiles,
      zeros: m.zeros,
      histogram: summary.histogram,
    };
  }
  return out;
}
