/**
 * The candidates of a hyperparameter search, checked before any fit. Grid: the cartesian product
 * of the listed values, in the model's parameter order with the last one varying fastest (as
 * scikit-learn's ParameterGrid). Random: `candidates` draws, seeded (mulberry32): lists pick a
 * value uniformly, ranges {min, max, log} draw uniformly or log-uniformly, whole numbers for
 * integer params; when every entry is a list, distinct grid points are drawn, and the whole grid
 * when it has no more points than asked (as ParameterSampler). Parameters outside the space take
 * `base`, then their defaults. Every problem is a TrainInputError naming the param and the range.
 */
import { mulberry32 } from '../data/split';
import { formatCount, quoteList, TrainInputError } from './errors';
import type { HyperParamSpec, HyperParams, ModelDef, Task } from './model';
import { checkScoring, checkSearchSettings } from './search-scoring';
import type { SearchSpec } from './spec';

/** A search may try at most this many candidates. */
export const MAX_CANDIDATES = 9999;

type Value = number | string | boolean;
type Range = { min: number; max: number; log?: boolean };

/** Throws unless `v` is a valid value of the param (kind, enum values, min/max). */
export function checkParamValue(model: string, p: HyperParamSpec, v: unknown, where: string): void {
  const fail = (why: string): never => {
    throw new TrainInputError(`${where}: ${p.name} = ${JSON.stringify(v)} ${why}.`, { param: p.name, value: v, model, ...(p.values ? { choices: p.values } : {}) });
  };
  if (p.kind === 'boolean' && typeof v !== 'boolean') fail('must be true or false');
  if (p.kind === 'enum' && !(typeof v === 'string' && p.values?.includes(v))) fail(`is not one of ${quoteList(p.values ?? [])}`);
  if (p.kind === 'number' || p.kind === 'integer') {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail('must be a finite number');
    if (p.kind === 'integer' && !Number.isInteger(v)) fail('must be a whole number');
    if ((p.min !== undefined && (v as number) < p.min) || (p.max !== undefined && (v as number) > p.max)) fail(`is out of range: ${p.name} takes ${rangeText(p)}`);
  }
}

const rangeText = (p: HyperParamSpec): string => `${p.min ?? '−∞'} to ${p.max ?? '∞'}${p.kind === 'integer' ? ' (whole numbers)' : ''}`;

function checkRange(model: string, p: HyperParamSpec, r: Range, mode: SearchSpec['mode']): void {
  const where = `Search space of ${p.name}`;
  if (mode === 'grid') throw new TrainInputError(`${where}: a range is for random search; list the values to try in a grid.`, { param: p.name, value: r });
  if (p.kind !== 'number' && p.kind !== 'integer') throw new TrainInputError(`${where}: ${p.name} is ${p.kind}, not numeric; list its values.`, { param: p.name, choices: p.values ?? [true, false] });
  if (!(r.min <= r.max)) throw new TrainInputError(`${where}: the range ${r.min} .. ${r.max} is empty; the low end must not exceed the high end.`, { param: p.name, value: r });
  checkParamValue(model, p, p.kind === 'integer' ? Math.ceil(r.min) : r.min, where);
  checkParamValue(model, p, p.kind === 'integer' ? Math.floor(r.max) : r.max, where);
  if (p.kind === 'integer' && Math.ceil(r.min) > Math.floor(r.max)) throw new TrainInputError(`${where}: the range ${r.min} .. ${r.max} holds no whole number.`, { param: p.name, value: r });
  if ((r.log ?? p.log) && r.min <= 0) throw new TrainInputError(`${where}: a log range needs a low end above 0; got ${r.min}.`, { param: p.name, value: r });
}

/** The space's entries in the model's parameter order, checked. */
function entries(spec: SearchSpec, def: ModelDef): [HyperParamSpec, readonly Value[] | Range][] {
  const names = def.params.map((p) => p.name);
  for (const key of Object.keys(spec.space)) {
    if (!names.includes(key)) throw new TrainInputError(`The search space names '${key}', which ${def.label} does not have; its parameters are ${quoteList(names)}.`, { param: key, choices: names });
  }
  return def.params.filter((p) => spec.space[p.name] !== undefined).map((p) => {
    const e = spec.space[p.name];
    if (Array.isArray(e)) {
      if (e.length === 0) throw new TrainInputError(`The search space lists no values for ${p.name}; list at least one, or leave ${p.name} out.`, { param: p.name, count: 0 });
      for (const v of e) checkParamValue(def.id, p, v, `Search space of ${p.name}`);
      return [p, e as readonly Value[]];
    }
    checkRange(def.id, p, e as Range, spec.mode);
    return [p, e as Range];
  });
}

/** The full parameter set of a candidate: the drawn values, then `base`, then the defaults. */
function fill(def: ModelDef, base: HyperParams, chosen: Map<string, Value>): HyperParams {
  return Object.fromEntries(def.params.map((p) => [p.name, chosen.get(p.name) ?? base[p.name] ?? p.default]));
}

/**
 * The candidates of the search. Checks everything that does not need the data first (space,
 * base params, mode, count, folds ≥ 2, parallelism, and the scorer: for `task` when given, else
 * for one of the model's tasks) and throws a TrainInputError on the first problem.
 */
export function candidates(spec: SearchSpec, def: ModelDef, base: HyperParams, seed: number, task?: Task): HyperParams[] {
  checkSearchSettings(spec);
  checkScoring(def, task, spec.scoring);
  if (spec.mode !== 'grid' && spec.mode !== 'random') throw new TrainInputError(`Unknown search mode '${String(spec.mode)}'; choose 'grid' or 'random'.`, { value: spec.mode, choices: ['grid', 'random'] });
  const names = def.params.map((p) => p.name);
  for (const [key, v] of Object.entries(base)) {
    const p = def.params.find((q) => q.name === key);
    if (!p) throw new TrainInputError(`${def.label} has no parameter '${key}'; its parameters are ${quoteList(names)}.`, { param: key, choices: names });
    checkParamValue(def.id, p, v, def.label);
  }
  const space = entries(spec, def);
  const lists = space.filter(([, e]) => Array.isArray(e)) as [HyperParamSpec, readonly Value[]][];
  const gridSize = lists.reduce((s, [, e]) => s * e.length, 1);
  const at = (index: number): Map<string, Value> => {
    const m = new Map<string, Value>();
    for (let j = lists.length - 1; j >= 0; j--) {
      const [p, e] = lists[j];
      m.set(p.name, e[index % e.length]);
      index = Math.floor(index / e.length);
    }
    return m;
  };
  if (spec.mode === 'grid') {
    if (gridSize > MAX_CANDIDATES) {
      const shape = lists.map(([p, e]) => `${p.name} (${e.length})`).join(' × ');
      throw new TrainInputError(`The grid ${shape} gives ${formatCount(gridSize)} candidates; the limit is ${formatCount(MAX_CANDIDATES)}: remove values or use random search.`, { count: gridSize });
    }
    return Array.from({ length: gridSize }, (_, i) => fill(def, base, at(i)));
  }
  const want = spec.candidates;
  if (want === undefined || !Number.isInteger(want) || want < 1 || want > MAX_CANDIDATES) {
    throw new TrainInputError(`Random search needs a number of candidates from 1 to ${formatCount(MAX_CANDIDATES)}; got ${want}.`, { value: want, count: want });
  }
  const random = mulberry32(seed);
  if (lists.length === space.length && gridSize <= 2 ** 32) {
    if (gridSize <= want) return Array.from({ length: gridSize }, (_, i) => fill(def, base, at(i)));
    const picked = new Set<number>(), out: HyperParams[] = [];
    while (out.length < want) {
      const i = Math.floor(random() * gridSize);
      if (!picked.has(i)) { picked.add(i); out.push(fill(def, base, at(i))); }
    }
    return out;
  }
  return Array.from({ length: want }, () => fill(def, base, new Map(space.map(([p, e]) => [p.name, draw(p, e, random)]))));
}

function draw(p: HyperParamSpec, e: readonly Value[] | Range, random: () => number): Value {
  if (Array.isArray(e)) return e[Math.floor(random() * e.length)];
  const { min, max } = e as Range, log = (e as Range).log ?? p.log ?? false;
  if (p.kind === 'integer') {
    const lo = Math.ceil(min), hi = Math.floor(max);
    if (!log) return lo + Math.floor(random() * (hi - lo + 1));
    return Math.min(hi, Math.max(lo, Math.round(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))))));
  }
  const v = log ? Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))) : min + random() * (max - min);
  return Math.min(max, Math.max(min, v));
}
