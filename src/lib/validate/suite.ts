/** Suites: proposing expectations from a reference version, and making and revising suites. */
import { formatDate } from '../data/dates';
import { storageOf, type ColumnProfile, type ColumnSchema, type DatasetProfile } from '../data/types';
import { BenchtopError } from '../errors';
import { EXPECTATION_TYPES, expectationDef } from './expectations/registry';
import { validateParams } from './problems';
import { withDefaults } from './params';
import type { Expectation, Suite } from './types';

export type { Expectation, Suite } from './types';

export interface GenerateOptions {
  /** Most categories an in-set rule is proposed with (default 50). */
  maxCategories?: number;
  /** Row-count bounds as factors of the reference rows (default 0.5 and 2). */
  rowCountFactors?: [number, number];
  /** The reference's category dictionaries, by schema position: lets in-set list categories beyond the profile's top list. */
  dictionaries?: (string[] | undefined)[];
}

/**
 * Proposes expectations from a reference version: a table row-count rule, then for each column
 * column-exists, column-type, max-missing-share, and where they apply between (numeric and
 * datetime), in-set (few categories) and unique (identifiers). Ids are `${type}:${column}`.
 * A rule that was not proposed is explained in the note of the column's column-exists.
 *
 * Row count: [floor(rows × 0.5), ceil(rows × 2)] catches a truncated load (half the rows lost)
 * or an accidental duplication (more than twice the rows) while letting ordinary batches vary.
 */
export function generateSuite(schema: ColumnSchema[], profile: DatasetProfile, rows: number, opts: GenerateOptions = {}): Expectation[] {
  const [low, high] = opts.rowCountFactors ?? [0.5, 2];
  const out: Expectation[] = [
    { id: 'row-count-between', type: 'row-count-between', params: { min: Math.floor(rows * low), max: Math.ceil(rows * high) }, note: `Reference: ${rows} rows; allowed ×${low} to ×${high}.` },
  ];
  const profiles = new Map(profile.columns.map((p) => [p.name, p]));
  schema.forEach((col, i) => {
    if (col.role === 'ignore') return;
    const p = profiles.get(col.name);
    const make = (type: string, params: Record<string, unknown>, note?: string): Expectation => ({ id: `${type}:${col.name}`, type, column: col.name, params, ...(note ? { note } : {}) });
    const exists = make('column-exists', {});
    const skipped: string[] = [];
    out.push(exists, make('column-type', { type: col.type }));
    if (!p) {
      exists.note = 'No profile for this column: only its presence and type are proposed.';
      return;
    }
    const missingPct = rows > 0 ? Math.ceil((p.missing * 100) / rows) : 0; // integer arithmetic: 7 of 100 stays 7%
    out.push(make('max-missing-share', { max: missingPct / 100 }, `Reference: ${p.missing} of ${rows} values missing; allowed up to ${missingPct}%.`));
    if (col.type === 'integer' || col.type === 'float' || col.type === 'datetime') {
      if (col.role === 'identifier') skipped.push('No range proposed: new identifiers need not fall in the reference range.');
      else if (!p.numeric) skipped.push('No range proposed: the column has no values in the reference.');
      else out.push(rangeRule(col, p, make));
    }
    if (col.type === 'categorical' || col.type === 'boolean' || col.type === 'text') {
      if (col.role === 'identifier') skipped.push('No category set proposed: new identifiers are new categories.');
      else {
        const cats = categories(p, opts.dictionaries?.[i], opts.maxCategories ?? 50);
        if (typeof cats === 'string') skipped.push(cats);
        else out.push(make('in-set', { values: cats }, `Reference: ${cats.length} categories.`));
      }
    }
    if (col.type === 'identifier' || col.role === 'identifier') {
      // Exact counts only: an estimated distinct count (sampled numbers) could be wrong either way.
      const exact = storageOf(col.type) === 'codes' || !(p.distinctApprox || p.sampled);
      if (exact && p.distinct < p.count) skipped.push(`No uniqueness proposed: the reference has ${p.count - p.distinct} repeated values.`);
      else out.push(make('unique', {}));
    }
    if (skipped.length) exists.note = skipped.join(' ');
  });
  return out;
}

function rangeRule(col: ColumnSchema, p: ColumnProfile, make: (type: string, params: Record<string, unknown>, note?: string) => Expectation): Expectation {
  const { min, max } = p.numeric!;
  if (col.type !== 'datetime') return make('between', { min, max }, 'Reference range.');
  return make('between', { min: formatDate(min), max: formatDate(max) }, 'Reference range. Newer data falls after it: widen or clear "max" for incoming data.');
}

/** The sorted categories of a string or boolean column, or why none are proposed. */
function categories(p: ColumnProfile, dictionary: string[] | undefined, max: number): string[] | string {
  if (p.count === 0) return 'No category set proposed: the column has no values in the reference.';
  if (p.distinct > max) return `No category set proposed: ${p.distinct} distinct values is more than ${max}.`;
  if (p.type !== 'boolean' && dictionary && dictionary.length === p.distinct) return [...dictionary].sort();
  const top = p.top ?? [];
  if (top.length < p.distinct || (p.otherCount ?? 0) > 0) {
    return `No category set proposed: the profile lists only the top ${top.length} of ${p.distinct} categories; add them by hand or generate with the version's dictionaries.`;
  }
  return top.map((t) => t.value).sort();
}

/** A new suite at version 1. Throws BAD_SCHEMA when an expectation is invalid. */
export function createSuite(id: string, name: string, expectations: Expectation[], createdFrom?: string): Suite {
  validateParams(expectations);
  return { id, name, version: 1, ...(createdFrom ? { createdFrom } : {}), expectations };
}

/** The next version of a suite with edited expectations (the old version stays as it was). */
export function reviseSuite(suite: Suite, expectations: Expectation[], name = suite.name): Suite {
  validateParams(expectations);
  return { ...suite, name, version: suite.version + 1, expectations };
}

/** A new expectation with default params and an id not yet used in `existing` (`between:age`, `between:age#2`, ...). */
export function newExpectation(type: string, column: string | undefined, existing: readonly Expectation[]): Expectation {
  const def = expectationDef(type);
  if (!def) throw new BenchtopError('BAD_SCHEMA', `Unknown expectation type "${type}"; types are ${EXPECTATION_TYPES.join(', ')}.`, { type, choices: EXPECTATION_TYPES });
  const base = def.columnTypes === 'table' ? type : `${type}:${column}`;
  const used = new Set(existing.map((e) => e.id));
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}#${k}`;
  const params = Object.fromEntries(Object.entries(withDefaults(def.params, {})).filter(([, v]) => v !== null));
  return { id, type, ...(def.columnTypes === 'table' ? {} : { column }), params };
}
