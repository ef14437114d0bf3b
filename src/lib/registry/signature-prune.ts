/**
 * Leaves out of the signature the raw columns the recipe chain never uses (an unused text column,
 * an id nobody dropped), so callers are not asked for them. A column is a candidate when no step
 * of the chain names it and it is not a model feature; the candidates are dropped only if the
 * chain, applied in live mode to sample rows without them, still gives every model feature with
 * the same values as with them. Any doubt keeps every column.
 */
import type { FittedRecipe } from '../recipe';
import { applyRecipe } from '../recipe/recipe';
import { isNumeric, type Column, type Table } from '../recipe/table';
import type { ModelDoc, Signature } from './types';

/** Every string anywhere in the chain's steps (parameters and what was fitted). */
function namedStrings(chain: readonly FittedRecipe[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); walk(x); }
  };
  for (const r of chain) walk(r.steps);
  return out;
}

function features(chain: readonly FittedRecipe[], table: Table, doc: Pick<ModelDoc, 'features'>): Float64Array[] | null {
  try {
    let t = table;
    for (const r of chain) t = applyRecipe(r, t, { live: true });
    const byName = new Map(t.columns.map((c) => [c.name, c]));
    const out: Float64Array[] = [];
    for (const f of doc.features) {
      const c = byName.get(f);
      if (!c || !isNumeric(c) || c.values.length !== table.rows) return null;
      out.push(c.values);
    }
    return out;
  } catch {
    return null;
  }
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || (x !== x && b[i] !== b[i]));

/**
 * The signature without the inputs the chain provably does not need. `sample` holds raw rows
 * (at least the signature's columns); the result keeps the signature's order.
 */
export function pruneUnusedInputs(signature: Signature, chain: readonly FittedRecipe[], doc: Pick<ModelDoc, 'features'>, sample: Table): Signature {
  if (!chain.length || sample.rows === 0) return signature;
  const named = namedStrings(chain);
  const featureSet = new Set(doc.features);
  const unused = signature.inputs.filter((s) => !named.has(s.name) && !featureSet.has(s.name)).map((s) => s.name);
  if (!unused.length) return signature;
  const byName = new Map(sample.columns.map((c) => [c.name, c]));
  const pick = (names: readonly string[]): Table | null => {
    const cols = names.map((n) => byName.get(n));
    return cols.every((c) => c) ? { rows: sample.rows, columns: cols as Column[] } : null;
  };
  const all = signature.inputs.map((s) => s.name);
  const kept = all.filter((n) => !unused.includes(n));
  const full = pick(all), reduced = pick(kept);
  if (!full || !reduced) return signature;
  const a = features(chain, full, doc), b = features(chain, reduced, doc);
  if (!a || !b || !a.every((x, j) => same(x, b[j]))) return signature;
  return { ...signature, inputs: signature.inputs.filter((s) => kept.includes(s.name)) };
}
