/** Compiles an expression into nested closures over typed arrays and evaluates it row by row. */
import { ExpressionError, MATH, show, type Binary, type Call, type ColumnData, type Expr, type TextColumn } from './ast';
import { columnsOf, misuse, numeric } from './check';

type Fn = (i: number) => number;
type Env = ReadonlyMap<string, ColumnData>;

function mod(a: number, b: number): number {
  const m = a % b;
  if (m === 0) return b < 0 ? -0 : 0;
  return m < 0 !== b < 0 && m === m ? m + b : m;
}
function roundHalfEven(x: number): number {
  const f = Math.floor(x), d = x - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}
function round(x: number, digits: number): number {
  const d = Math.trunc(digits), p = 10 ** Math.abs(d);
  return d >= 0 ? roundHalfEven(x * p) / p : roundHalfEven(x / p) * p;
}
const pow = (a: number, b: number): number => (a !== a ? NaN : a ** b);
const textOf = (e: Expr, env: Env): TextColumn | undefined => {
  const data = e.kind === 'column' ? env.get(e.name) : undefined;
  return data && !(data instanceof Float64Array) ? data : undefined;
};

function compile(e: Expr, env: Env): Fn {
  switch (e.kind) {
    case 'number': { const v = e.value; return () => v; }
    case 'column': { const a = env.get(e.name) as Float64Array; return (i) => a[i]; }
    case 'unary': {
      const f = compile(e.arg, env);
      if (e.op === '-') return (i) => -f(i);
      if (e.op === '+') return f;
      return (i) => { const v = f(i); return v !== v ? NaN : v === 0 ? 1 : 0; };
    }
    case 'binary': return compileBinary(e, env);
    case 'call': return compileCall(e, env);
    case 'string': throw misuse(e, new Map());
  }
}

function compileBinary(e: Binary, env: Env): Fn {
  if (e.op === '==' || e.op === '!=') {
    const ta = textOf(e.left, env), tb = textOf(e.right, env);
    if (ta || tb) return compileTextEquals(e.op === '==' ? 1 : 0, (ta ?? tb) as TextColumn, ta && tb ? tb : ta ? e.right : e.left);
  }
  const l = compile(e.left, env), r = compile(e.right, env);
  switch (e.op) {
    case '+': return (i) => l(i) + r(i);
    case '-': return (i) => l(i) - r(i);
    case '*': return (i) => l(i) * r(i);
    case '/': return (i) => l(i) / r(i);
    case '%': return (i) => mod(l(i), r(i));
    case '^': return (i) => pow(l(i), r(i));
    case '<': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a < b ? 1 : 0; };
    case '<=': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a <= b ? 1 : 0; };
    case '>': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a > b ? 1 : 0; };
    case '>=': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a >= b ? 1 : 0; };
    case '==': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a === b ? 1 : 0; };
    case '!=': return (i) => { const a = l(i), b = r(i); return a !== a || b !== b ? NaN : a !== b ? 1 : 0; };
    case 'and': return (i) => {
      const a = l(i);
      if (a === 0) return 0;
      const b = r(i);
      return b === 0 ? 0 : a !== a || b !== b ? NaN : 1;
    };
    case 'or': return (i) => {
      const a = l(i);
      if (a === a && a !== 0) return 1;
      const b = r(i);
      return b === b && b !== 0 ? 1 : a !== a || b !== b ? NaN : 0;
    };
  }
}

/** `col == "x"` or `col == other` on dictionary codes: 1/0 for `==` (`want` = 1) or `!=` (0), missing if either side is. */
function compileTextEquals(want: number, a: TextColumn, other: Expr | TextColumn): Fn {
  const miss = 1 - want, ca = a.codes;
  if (!('codes' in other)) {
    const value = other.kind === 'string' ? other.value : undefined;
    const hit = Uint8Array.from(a.dictionary, (s) => (s === value ? 1 : 0));
    return (i) => { const c = ca[i]; return c < 0 ? NaN : hit[c] === 1 ? want : miss; };
  }
  // Two text columns: map both dictionaries into one id space so equal strings get equal ids.
  const ids = new Map<string, number>();
  const idOf = (s: string): number => { let id = ids.get(s); if (id === undefined) ids.set(s, (id = ids.size)); return id; };
  const ia = Int32Array.from(a.dictionary, idOf), ib = Int32Array.from(other.dictionary, idOf), cb = other.codes;
  return (i) => { const x = ca[i], y = cb[i]; return x < 0 || y < 0 ? NaN : ia[x] === ib[y] ? want : miss; };
}

function compileCall(e: Call, env: Env): Fn {
  const text = e.fn === 'isnull' ? textOf(e.args[0], env) : undefined;
  if (text) { const codes = text.codes; return (i) => (codes[i] < 0 ? 1 : 0); }
  const fs = e.args.map((a) => compile(a, env)), [f, g, h] = fs;
  const math = MATH.get(e.fn);
  if (math) return (i) => math(f(i));
  switch (e.fn) {
    case 'isnull': return (i) => { const v = f(i); return v !== v ? 1 : 0; };
    case 'round': return g ? (i) => round(f(i), g(i)) : (i) => roundHalfEven(f(i));
    case 'pow': return (i) => pow(f(i), g(i));
    case 'clip': return (i) => {
      const x = f(i), lo = g(i), hi = h(i);
      const y = lo > x ? lo : x;
      return x !== x ? NaN : hi < y ? hi : y;
    };
    case 'if': return (i) => { const c = f(i); return c !== c ? NaN : c !== 0 ? g(i) : h(i); };
    case 'coalesce': return (i) => {
      for (let k = 0; k < fs.length; k++) { const v = fs[k](i); if (v === v) return v; }
      return NaN;
    };
    default: {
      const pick = e.fn === 'min' ? Math.min : Math.max;
      if (fs.length === 1) return f;
      if (fs.length === 2) return (i) => pick(f(i), g(i));
      return (i) => { let m = f(i); for (let k = 1; k < fs.length; k++) m = pick(m, fs[k](i)); return m; };
    }
  }
}

/**
 * Evaluates a parsed expression over `rows` rows: numeric columns are Float64Arrays (NaN missing),
 * text columns {codes, dictionary} (code -1 missing). Columns are looked up by name in a Map (a record's
 * own entries only), so `constructor` or `__proto__` are ordinary names. Checks the expression first.
 */
export function evaluate(expr: Expr, columns: ReadonlyMap<string, ColumnData> | Readonly<Record<string, ColumnData>>, rows: number): Float64Array {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  const env: Env = columns instanceof Map ? columns : new Map(Object.entries(columns as Readonly<Record<string, ColumnData>>));
  const types = new Map<string, string>();
  for (const [name, data] of env) types.set(name, data instanceof Float64Array ? 'float' : 'categorical');
  for (const name of columnsOf(expr)) {
    const data = env.get(name);
    if (data === undefined) continue; // reported by the type check below
    const length = data instanceof Float64Array ? data.length : data && data.codes instanceof Int32Array && Array.isArray(data.dictionary) ? data.codes.length : -1;
    if (length < 0) throw new ExpressionError(`Column ${show(name)} is neither a Float64Array nor {codes: Int32Array, dictionary: string[]}`, { expected: 'column data', column: name });
    if (length < rows) throw new ExpressionError(`Column ${show(name)} has ${length} values, fewer than the ${rows} rows asked for`, { expected: `${rows} values`, column: name });
  }
  numeric(expr, types);
  const fn = compile(expr, env), out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = fn(i);
  return out;
}
