/**
 * One watched column's values, whether they come from a stored dataset version (a recipe Table)
 * or from raw logged inputs (coerced as serving coerces them: the signature's types, datetimes as
 * epoch ms, booleans 1/0): numbers (NaN = missing) or labels (null = missing). Also the column's
 * drift kind, the sample a drift test takes, and the small shared-bin histograms the UI draws.
 */
import type { DriftColumnKind, DriftSample } from './types';
import { isNumeric, type Column } from '../recipe/table';
import type { SignatureInput } from '../registry/types';
import { BAD, toCode, toNumber, type CompiledInput } from '../serve/validate-input';

export type Values = { numeric: true; values: Float64Array } | { numeric: false; values: (string | null)[] };

/** Drift kind of an input: numbers are numeric; booleans and two-category columns binary; other labels categorical. */
export function driftKind(input: Pick<SignatureInput, 'type'>, distinct: number): DriftColumnKind {
  if (input.type === 'boolean') return 'binary';
  if (input.type === 'integer' || input.type === 'float' || input.type === 'datetime') return 'numeric';
  return distinct <= 2 ? 'binary' : 'categorical';
}

/** Columns that can be watched (free text and identifiers cannot). */
export const watchable = (input: Pick<SignatureInput, 'type' | 'categories'>): boolean =>
  (input.type !== 'text' && input.type !== 'identifier') || Array.isArray(input.categories);

export function tableValues(col: Column): Values {
  if (isNumeric(col)) return { numeric: true, values: col.values };
  const out: (string | null)[] = new Array(col.codes.length);
  for (let i = 0; i < out.length; i++) { const k = col.codes[i]; out[i] = k < 0 ? null : col.dictionary[k]; }
  return { numeric: false, values: out };
}

/** Logged raw cells coerced to the signature input's storage (values of the wrong type count as missing). */
export function cellValues(cells: readonly unknown[], c: CompiledInput): Values {
  if (c.storage === 'codes') {
    return { numeric: false, values: cells.map((v) => { const s = toCode(v); return s === BAD ? null : s; }) };
  }
  const out = new Float64Array(cells.length);
  for (let i = 0; i < out.length; i++) { const x = toNumber(c, cells[i]); out[i] = x === BAD || !Number.isFinite(x) ? NaN : x; }
  return { numeric: true, values: out };
}

export function missingCount(v: Values): number {
  let m = 0;
  if (v.numeric) { for (const x of v.values) if (x !== x) m++; } else for (const s of v.values) if (s === null) m++;
  return m;
}

/** Labels of a column (numbers as their shortest text). */
export function labelsOf(v: Values): string[] {
  const out: string[] = [];
  if (v.numeric) { for (const x of v.values) if (x === x) out.push(String(x)); } else for (const s of v.values) if (s !== null) out.push(s);
  return out;
}

export function finiteOf(v: Values): Float64Array {
  if (!v.numeric) return new Float64Array(0);
  let n = 0;
  for (const x of v.values) if (x === x) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (const x of v.values) if (x === x) out[j++] = x;
  return out;
}

/**
 * The sample a test of these kinds takes for a column tested as `tested`: numbers when the column
 * is tested as numeric (or the test takes numbers only), else labels.
 */
export function sampleOf(v: Values, tested: DriftColumnKind, kinds: readonly DriftColumnKind[]): DriftSample {
  const kind = tested;
  if (v.numeric && kinds.includes('numeric') && (tested === 'numeric' || kinds.every((k) => k === 'numeric'))) return { kind: 'numeric', values: finiteOf(v) };
  const label = kind !== 'numeric' && kinds.includes(kind) ? kind : (kinds.find((k) => k !== 'numeric') ?? 'categorical');
  return { kind: label as 'categorical' | 'binary', values: labelsOf(v) };
}

export function distinctCount(v: Values, cap = 1000): number {
  const seen = new Set<string | number>();
  for (const x of v.values) {
    if (x === null || x !== x) continue;
    seen.add(x);
    if (seen.size > cap) break;
  }
  return seen.size;
}

/** Histograms on shared bins: 10 equal-width bins over the reference range (+ under/over bins when the current leaves it), or categories (top 12, the rest as "(other)"). */
export function histograms(ref: DriftSample, cur: DriftSample): { reference: { labels: string[]; shares: number[] }; current: { labels: string[]; shares: number[] } } {
  if (ref.kind === 'numeric' && cur.kind === 'numeric') return numericBins(ref.values, cur.values);
  const count = (xs: readonly string[]) => { const m = new Map<string, number>(); for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1); return m; };
  const r = count(ref.values as readonly string[]), c = count(cur.values as readonly string[]);
  const rn = Math.max(1, ref.values.length), cn = Math.max(1, cur.values.length);
  const all = [...new Set([...r.keys(), ...c.keys()])].sort((a, b) => Math.max((r.get(b) ?? 0) / rn, (c.get(b) ?? 0) / cn) - Math.max((r.get(a) ?? 0) / rn, (c.get(a) ?? 0) / cn) || (a < b ? -1 : 1));
  const top = all.slice(0, 12), rest = all.slice(12);
  const share = (m: Map<string, number>, n: number) => [...top.map((k) => (m.get(k) ?? 0) / n), ...(rest.length ? [rest.reduce((s, k) => s + (m.get(k) ?? 0), 0) / n] : [])];
  const labels = [...top, ...(rest.length ? ['(other)'] : [])];
  return { reference: { labels, shares: share(r, rn) }, current: { labels, shares: share(c, cn) } };
}

const fmt = (x: number) => String(Number(x.toPrecision(3)));

function numericBins(ref: Float64Array, cur: Float64Array) {
  let lo = Infinity, hi = -Infinity;
  for (const x of ref) { if (x < lo) lo = x; if (x > hi) hi = x; }
  if (!(lo <= hi)) { lo = 0; hi = 0; }
  const k = hi > lo ? 10 : 1, w = (hi - lo) / k || 1;
  let under = false, over = false;
  for (const x of cur) { if (x < lo) under = true; else if (x > hi) over = true; }
  const edges = Array.from({ length: k + 1 }, (_, i) => lo + i * w);
  const labels = [...(under ? [`< ${fmt(lo)}`] : []), ...edges.slice(0, k).map((e, i) => `${fmt(e)}–${fmt(i === k - 1 ? hi : edges[i + 1])}`), ...(over ? [`> ${fmt(hi)}`] : [])];
  const shares = (xs: Float64Array) => {
    const out = new Array<number>(labels.length).fill(0), off = under ? 1 : 0;
    for (const x of xs) {
      if (x < lo) out[0]++;
      else if (x > hi) out[labels.length - 1]++;
      else out[off + Math.min(k - 1, Math.floor((x - lo) / w))]++;
    }
    return out.map((c) => c / Math.max(1, xs.length));
  };
  return { reference: { labels, shares: shares(ref) }, current: { labels, shares: shares(cur) } };
}
