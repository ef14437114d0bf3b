/**
 * Compiles a parsed filter into one closure per clause, built once: matching a run is then a few
 * property reads and comparisons, with no tree walk, no string parsing and no regex building per run.
 * LIKE patterns become anchored regular expressions once per clause.
 */
import type { RunRecord } from '../../store/track-schema';
import { FilterError, type Expr, type Filter, type Key, type Operator } from './ast';
import { DATASET_READ, getter, specOf, type KeySpec } from './keys';

export type RunPredicate = (run: RunRecord) => boolean;
type Test = (v: number | string) => boolean;

/** A LIKE pattern as a RegExp: % any run of characters, _ one character, \% \_ \\ literal. */
export function likeRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]);
    else if (c === '%') re += '[^]*';
    else if (c === '_') re += '[^]';
    else re += escapeRegExp(c);
  }
  return new RegExp(`^${re}$`, ignoreCase ? 'iu' : 'u');
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The test a value must pass for `op value`; values of the other type never pass. */
function valueTest(op: Operator, value: number | string): Test {
  switch (op) {
    case '=': return (v) => v === value;
    case '!=': return (v) => v !== value;
    // Only numeric keys take < <= > >=, and their readers return only numbers.
    case '<': { const x = value as number; return (v) => (v as number) < x; }
    case '<=': { const x = value as number; return (v) => (v as number) <= x; }
    case '>': { const x = value as number; return (v) => (v as number) > x; }
    case '>=': { const x = value as number; return (v) => (v as number) >= x; }
    case 'LIKE': case 'ILIKE': {
      const re = likeRegExp(String(value), op === 'ILIKE');
      return (v) => typeof v === 'string' && re.test(v);
    }
    default: throw new RangeError(`No single-value test for ${op}`);
  }
}

function bad(message: string): FilterError {
  return new FilterError(message, { expected: 'a Filter as parseFilter returns it' });
}

/** Checks a hand-built clause against the key table, as the parser does for text. */
function checked(key: Key, op: Operator, values: readonly unknown[]): KeySpec {
  const spec = specOf(key);
  if (!spec) throw bad(`Unknown ${key.kind} key ${key.name}.`);
  if (!spec.ops.includes(op)) throw bad(`${op} does not apply to ${key.kind} ${key.name}: ${spec.about}. Operators: ${spec.ops.join(', ')}.`);
  for (const v of values) if (typeof v !== spec.type) throw bad(`${key.kind} ${key.name} ${op} needs a ${spec.type}, got ${String(v)}: ${spec.about}.`);
  return spec;
}

/** A predicate over one value of `key` (for datasets.*: true when any input passes). */
function over(key: Key, test: (v: number | string | undefined) => boolean): RunPredicate {
  if (key.kind === 'dataset') {
    const read = DATASET_READ[key.name as keyof typeof DATASET_READ];
    return (r) => {
      for (const input of r.inputs) if (test(read(input))) return true;
      return false;
    };
  }
  const get = getter(key);
  return (r) => test(get(r));
}

function compile(e: Expr): RunPredicate {
  switch (e.kind) {
    case 'and': case 'or': {
      if (e.args.length === 0) throw bad(`${e.kind.toUpperCase()} needs at least one clause.`);
      const fs = e.args.map(compile), [f, g, h] = fs;
      if (e.kind === 'and') {
        if (fs.length === 1) return f;
        if (fs.length === 2) return (r) => f(r) && g(r);
        if (fs.length === 3) return (r) => f(r) && g(r) && h(r);
        return (r) => fs.every((p) => p(r));
      }
      if (fs.length === 1) return f;
      if (fs.length === 2) return (r) => f(r) || g(r);
      return (r) => fs.some((p) => p(r));
    }
    case 'null': {
      checked(e.key, e.not ? 'IS NOT NULL' : 'IS NULL', []);
      return over(e.key, e.not ? (v) => v !== undefined : (v) => v === undefined);
    }
    case 'in': {
      checked(e.key, e.not ? 'NOT IN' : 'IN', e.values);
      if (e.values.length === 0) throw bad('An IN list holds one or more strings.');
      const set = new Set<number | string>(e.values);
      return over(e.key, e.not ? (v) => v !== undefined && !set.has(v) : (v) => v !== undefined && set.has(v));
    }
    case 'compare': {
      checked(e.key, e.op, [e.value]);
      const test = valueTest(e.op, e.value);
      return over(e.key, (v) => v !== undefined && test(v));
    }
  }
}

/** The filter's WHERE part as a predicate over runs, compiled once; an empty filter matches every run. */
export function compileFilter(f: Filter): RunPredicate {
  return f.where ? compile(f.where) : () => true;
}
