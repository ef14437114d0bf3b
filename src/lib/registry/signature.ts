/**
 * A version's signature: the raw inputs a caller sends (before the fitted recipe chain) and the
 * output. Inputs are the columns the first recipe was fitted on, or the model's features when the
 * model was trained on raw data, without the target, ignored columns and the split column a
 * recipe run adds. For each: its type, whether it may be missing (it was never missing in the
 * training data: required), its categories (the version's dictionary, up to 1,000; more is free
 * text) and its range (numbers and datetimes). The input example is the first rows of the raw
 * data, as plain records with the signature's columns only.
 */
import type { ColumnSchema } from '../data/types';
import type { FittedRecipe } from '../recipe';
import { isNumeric, type Column, type Table } from '../recipe/table';
import type { VersionRecord } from '../store/schema';
import type { ModelDoc, Signature, SignatureInput } from './types';

/** Categorical columns with more distinct values than this get no category list (free text). */
export const MAX_CATEGORIES = 1000;
export const EXAMPLE_ROWS = 3;

export type ExampleValue = string | number | boolean | null;

/** The raw columns a caller must be able to send, in the order of the raw data. */
export function inputColumns(root: Pick<VersionRecord, 'columns'>, chain: readonly FittedRecipe[], doc: Pick<ModelDoc, 'target' | 'features'>): ColumnSchema[] {
  const raw = new Map(root.columns.map((c) => [c.name, c]));
  const names = chain.length ? chain[0].input.filter((c) => c.role !== 'target' && c.role !== 'ignore').map((c) => c.name) : doc.features;
  // A name absent from the raw data is the split column a recipe run added.
  return names.filter((n) => n !== doc.target && raw.has(n)).map((n) => raw.get(n)!);
}

export function buildSignature(
  root: Pick<VersionRecord, 'columns' | 'profile'>, dictionaries: Readonly<Record<string, readonly string[]>>,
  chain: readonly FittedRecipe[], doc: Pick<ModelDoc, 'target' | 'features' | 'task' | 'classes'>,
): Signature {
  const profile = new Map(root.profile.columns.map((p) => [p.name, p]));
  const inputs = inputColumns(root, chain, doc).map((c): SignatureInput => {
    const p = profile.get(c.name);
    const input: SignatureInput = { name: c.name, type: c.type, required: p ? p.missing === 0 : false };
    if (c.type === 'categorical') {
      const dict = dictionaries[c.name] ?? [];
      if (dict.length <= MAX_CATEGORIES) input.categories = [...dict];
    } else if (c.type === 'boolean') {
      input.categories = ['false', 'true'];
    } else if ((c.type === 'integer' || c.type === 'float' || c.type === 'datetime') && p?.numeric && Number.isFinite(p.numeric.min) && Number.isFinite(p.numeric.max)) {
      input.min = p.numeric.min;
      input.max = p.numeric.max;
    }
    if (c.type === 'datetime' && c.dateFormat) input.format = c.dateFormat;
    return input;
  });
  return { inputs, output: { name: doc.target, task: doc.task, classes: doc.classes ? [...doc.classes] : null } };
}

/** Row `i` of a column as a plain JSON value (booleans as true/false, datetimes as epoch ms). */
export function plainValue(c: Column, i: number): ExampleValue {
  if (isNumeric(c)) {
    const v = c.values[i];
    if (v !== v) return null;
    return c.type === 'boolean' ? v !== 0 : v;
  }
  const code = c.codes[i];
  return code < 0 ? null : c.dictionary[code];
}

/** The first `rows` rows of `table` as records holding the signature's columns only. */
export function inputExample(table: Table, signature: Signature, rows = EXAMPLE_ROWS): Record<string, ExampleValue>[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const cols = signature.inputs.map((s) => byName.get(s.name)).filter((c): c is Column => c !== undefined);
  return Array.from({ length: Math.min(rows, table.rows) }, (_, i) => Object.fromEntries(cols.map((c) => [c.name, plainValue(c, i)])));
}
