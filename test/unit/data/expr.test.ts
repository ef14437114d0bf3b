import { describe, expect, it } from 'vitest';
import {
  checkColumns, columnsOf, evaluate, ExpressionError, formatExpression, FUNCTION_NAMES, MAX_DEPTH, MAX_HEIGHT, MAX_LENGTH,
  parseExpression, positionOf, type ColumnData, type Expr, type TextColumn,
} from '../../../src/lib/data/expr';
import type { BinaryOp } from '../../../src/lib/data/expr';
import { BenchtopError, errorInfo } from '../../../src/lib/errors';
import { rng } from './helpers';

const num = (value: number): Expr => ({ kind: 'number', value });
const col = (name: string): Expr => ({ kind: 'column', name });
const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });

/** Value of a constant expression. */
const calc = (src: string): number => evaluate(parseExpression(src), new Map(), 1)[0];
function expectClose(got: number, want: number): void {
  if (Number.isNaN(want) || !Number.isFinite(want)) expect(got).toBe(want);
  else expect(got).toBeCloseTo(want, 12);
}

const text = (values: (string | null)[]): TextColumn => {
  const dictionary: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    const k = dictionary.indexOf(v);
    return k >= 0 ? k : dictionary.push(v) - 1;
  });
  return { codes, dictionary };
};

// Five rows: a and b numeric with gaps, species and island text with a gap.
const data = new Map<string, ColumnData>([
  ['a', Float64Array.of(1, 2, NaN, 4, -3)],
  ['b', Float64Array.of(0, 2, 5, NaN, 1)],
  ['c', Float64Array.of(3, 3, 3, 3, 3)],
  ['species', text(['Adelie', 'Gentoo', null, 'Adelie', 'Chinstrap'])],
  ['island', text(['Dream', 'Gentoo', 'Biscoe', null, 'Chinstrap'])],
]);
const schema = [
  { name: 'a', type: 'float' }, { name: 'b', type: 'integer' }, { name: 'c', type: 'float' },
  { name: 'species', type: 'categorical' }, { name: 'island', type: 'text' },
];
const run = (src: string): number[] => Array.from(evaluate(parseExpression(src), data, 5));

/** The ExpressionError `fn` throws (fails the test when it throws nothing or something else). */
function errorOf(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return err;
  }
  return expect.fail('expected an ExpressionError');
}

describe('precedence and associativity', () => {
  it.each<[string, number]>([
    ['2^3^2', 512], ['(2^3)^2', 64], ['-2^2', -4], ['(-2)^2', 4], ['2^-1', 0.5], ['-2^-2', -0.25], ['2^3*2', 16],
    ['1 - 2 - 3', -4], ['1 - (2 - 3)', 2], ['2 * 3 + 4 * 5', 26], ['2 + 3 * 4', 14], ['(2 + 3) * 4', 20],
    ['8 / 4 / 2', 1], ['7 % 4 * 2', 6], ['-3 * -2', 6], ['--2', 2], ['+-2', -2], ['- 2 + 3', 1],
    ['1 + 2 < 4', 1], ['(1 < 2) == 1', 1], ['1 == (2 > 1)', 1], ['not 1 == 2', 1], ['!0', 1], ['not 2', 0],
    ['1 or 0 and 0', 1], ['(1 or 0) and 0', 0], ['0 || 1 && 1', 1], ['not 0 and 0', 0],
    ['1.5e3', 1500], ['.5', 0.5], ['1.', 1], ['2E-2', 0.02], ['1e+2', 100], ['0.1 + 0.2', 0.1 + 0.2],
  ])('%s = %d', (src, want) => {
    expect(calc(src)).toBe(want);
  });

  it('builds the expected trees', () => {
    expect(parseExpression('a > 1 and b < 2 or c == 3')).toEqual(
      bin('or', bin('and', bin('>', col('a'), num(1)), bin('<', col('b'), num(2))), bin('==', col('c'), num(3))),
    );
    expect(parseExpression('-2^2')).toEqual({ kind: 'unary', op: '-', arg: bin('^', num(2), num(2)) });
    expect(parseExpression('2^3^2')).toEqual(bin('^', num(2), bin('^', num(3), num(2))));
    expect(parseExpression('1 - 2 - 3')).toEqual(bin('-', bin('-', num(1), num(2)), num(3)));
    expect(parseExpression('not a == b')).toEqual({ kind: 'unary', op: 'not', arg: bin('==', col('a'), col('b')) });
    expect(parseExpression('a && b || !c')).toEqual(parseExpression('a and b or not c'));
    expect(parseExpression('`Beak Length (mm)` / `a\\`b\\\\`')).toEqual(bin('/', col('Beak Length (mm)'), col('a`b\\')));
    expect(parseExpression(" 'it\\'s' ")).toEqual({ kind: 'string', value: "it's" });
    expect(parseExpression('"C:\\dir"')).toEqual({ kind: 'string', value: 'C:\\dir' });
  });

  it('evaluates logic over columns: a > 1 and b < 2 or c == 3', () => {
    expect(run('a > 1 and b < 2 or c == 3')).toEqual([1, 1, 1, 1, 1]);
    expect(run('a > 1 and b < 2 or c == 4')).toEqual([0, 0, 0, NaN, 0]); // NA and False = False
  });

  it('records positions of operators, names and calls', () => {
    const e = parseExpression('a + max(b, 2)');
    expect(positionOf(e)).toBe(2);
    expect(e.kind === 'binary' && [positionOf(e.left), positionOf(e.right)]).toEqual([0, 4]);
  });
});

describe('functions', () => {
  it.each<[string, number]>([
    ['abs(-3)', 3], ['abs(2.5)', 2.5], ['sqrt(16)', 4], ['sqrt(-1)', NaN], ['log(exp(2))', 2], ['log(0)', -Infinity],
    ['log(-1)', NaN], ['log1p(0)', 0], ['log1p(1e-20)', 1e-20], ['log10(1000)', 3], ['exp(0)', 1], ['exp(1)', Math.E],
    ['floor(-1.5)', -2], ['floor(2.7)', 2], ['ceil(-1.5)', -1], ['ceil(2.1)', 3],
    // numpy.round figures: half to even; with digits it scales first (np.round(2.675, 2) = 2.68, Python's round gives 2.67)
    ['round(2.5)', 2], ['round(3.5)', 4], ['round(-2.5)', -2], ['round(0.49999999999999994)', 0], ['round(2.6)', 3],
    ['round(2.675, 2)', 2.68], ['round(1.005, 2)', 1], ['round(1250, -2)', 1200], ['round(1350, -2)', 1400], ['round(-1.25, 1)', -1.2],
    ['min(3, 1, 2)', 1], ['max(3, 1, 2)', 3], ['min(4)', 4], ['max(-1, -5)', -1], ['min(1, 0/0)', NaN], ['max(1, 2, 0/0, 3)', NaN],
    ['pow(2, 10)', 1024], ['pow(4, 0.5)', 2], ['pow(-8, 1/3)', NaN], ['pow(0/0, 0)', NaN], ['2 ^ 0', 1],
    ['clip(5, 0, 3)', 3], ['clip(-1, 0, 3)', 0], ['clip(2, 0, 3)', 2], ['clip(5, 3, 0)', 0], ['clip(5, 0/0, 3)', 3], ['clip(-5, 0, 0/0)', 0],
    ['clip(0/0, 0, 3)', NaN], ['isnull(0/0)', 1], ['isnull(1)', 0], ['isnull(1/0)', 0],
    ['coalesce(0/0, 0/0, 7, 8)', 7], ['coalesce(0/0)', NaN], ['coalesce(0, 1)', 0],
    ['if(1, 10, 20)', 10], ['if(0, 10, 20)', 20], ['if(-0.5, 10, 20)', 10], ['if(0/0, 10, 20)', NaN], ['if(1 > 2, 1, if(2 > 1, 2, 3))', 2],
  ])('%s = %d', (src, want) => {
    expectClose(calc(src), want);
  });

  it('covers every function in the whitelist', () => {
    expect([...FUNCTION_NAMES].sort()).toEqual(
      ['abs', 'ceil', 'clip', 'coalesce', 'exp', 'floor', 'if', 'isnull', 'log', 'log10', 'log1p', 'max', 'min', 'pow', 'round', 'sqrt'],
    );
  });

  it('does arithmetic IEEE-style and % floored like Python', () => {
    expect([calc('1/0'), calc('-1/0'), calc('0/0'), calc('1/(0*-1)')]).toEqual([Infinity, -Infinity, NaN, -Infinity]);
    expect([calc('-7 % 3'), calc('7 % -3'), calc('5.5 % 2'), calc('7 % 0'), calc('-1 % (1/0)')]).toEqual([2, -2, 1.5, NaN, Infinity]);
    expect(Object.is(calc('6 % -3'), -0)).toBe(true);
  });

  it('evaluates if() lazily, one branch per row', () => {
    expect(run('if(b == 0, 0, a / b)')).toEqual([0, 1, NaN, NaN, -3]);
  });
});

describe('missing values', () => {
  it('propagate through arithmetic and functions', () => {
    expect(run('a + 1')).toEqual([2, 3, NaN, 5, -2]);
    expect(run('b * 0')).toEqual([0, 0, 0, NaN, 0]);
    expect(run('a ^ 0')).toEqual([1, 1, NaN, 1, 1]);
    expect(run('-sqrt(abs(a)) + b')).toEqual([-1, -Math.SQRT2 + 2, NaN, NaN, -Math.sqrt(3) + 1]);
    expect(run('max(a, b)')).toEqual([1, 2, NaN, NaN, 1]);
  });

  it('make any comparison missing, and logic follows Kleene (like pd.NA)', () => {
    expect(run('a > 1')).toEqual([0, 1, NaN, 1, 0]);
    expect(run('a != 1')).toEqual([0, 1, NaN, 1, 1]);
    expect(run('a == a')).toEqual([1, 1, NaN, 1, 1]);
    expect(run('not (a > 1)')).toEqual([1, 0, NaN, 0, 1]);
    expect(run('a > 0 and b > 0')).toEqual([0, 1, NaN, NaN, 0]);
    expect(run('a > 10 and b > 0')).toEqual([0, 0, NaN, 0, 0]); // NA and True = NA; False and NA = False
    expect(run('b == 5 and a > 0')).toEqual([0, 0, NaN, NaN, 0]);
    expect(run('a > 0 or b > 0')).toEqual([1, 1, 1, 1, 1]);
    expect(run('a > 10 or b > 3')).toEqual([0, 0, 1, NaN, 0]);
    expect(run('if(a > 1, 1, 2)')).toEqual([2, 1, NaN, 1, 2]);
  });

  it('are detected by isnull and replaced by coalesce', () => {
    expect(run('isnull(a)')).toEqual([0, 0, 1, 0, 0]);
    expect(run('isnull(a + b)')).toEqual([0, 0, 1, 1, 0]);
    expect(run('coalesce(a, b, -1)')).toEqual([1, 2, 5, 4, -3]);
    expect(run('coalesce(b, a)')).toEqual([0, 2, 5, 4, 1]);
    expect(run('isnull(species)')).toEqual([0, 0, 1, 0, 0]);
  });
});

describe('categorical columns', () => {
  it('compare with string literals on either side', () => {
    expect(run('species == "Adelie"')).toEqual([1, 0, NaN, 1, 0]);
    expect(run("'Adelie' != species")).toEqual([0, 1, NaN, 0, 1]);
    expect(run('species == "Emperor"')).toEqual([0, 0, NaN, 0, 0]);
    expect(run('species == "Adelie" or species == "Gentoo"')).toEqual([1, 1, NaN, 1, 0]);
    expect(run('if(species == "Gentoo", a * 2, a)')).toEqual([1, 4, NaN, 4, -3]);
  });

  it('compare with another text column by value, not by code', () => {
    expect(run('species == island')).toEqual([0, 1, NaN, NaN, 1]);
    expect(run('island != species')).toEqual([1, 0, NaN, NaN, 0]);
  });

  it('pass checkColumns where allowed', () => {
    for (const src of ['species == "x"', '"x" != island', 'species == island', 'isnull(species) + a', 'a * (species == "Adelie")']) {
      expect(() => checkColumns(parseExpression(src), schema)).not.toThrow();
    }
  });

  it.each<[string, number, string]>([
    ['species + 1', 0, 'Column "species" at position 0 is categorical, not numeric: use it only in == or != comparisons with a string (e.g. species == "value") or in isnull()'],
    ['a * island', 4, 'Column "island" at position 4 is text, not numeric'],
    ['species < "B"', 0, 'Column "species" at position 0 is categorical'],
    ['species', 0, 'Column "species" at position 0 is categorical'],
    ['log(species)', 4, 'Column "species" at position 4 is categorical'],
    ['species == 1', 0, 'Column "species" at position 0 is categorical'],
    ['a == "x"', 5, 'String "x" at position 5 can only be compared (== or !=) with a categorical or text column'],
    ['"x" == "x"', 0, 'String "x" at position 0 can only be compared'],
    ['"x"', 0, 'String "x" at position 0'],
    ['isnull("x")', 7, 'String "x" at position 7'],
    ['a + foo', 4, 'Unknown column "foo" at position 4: columns are a, b, c, species, island'],
  ])('rejects %s', (src, position, message) => {
    const err = errorOf(() => checkColumns(parseExpression(src), schema));
    expect(err.message.startsWith(message)).toBe(true);
    expect(err.detail.position).toBe(position);
    // evaluate runs the same check on the data it is given (codes columns read as categorical)
    expect(() => evaluate(parseExpression(src), data, 5)).toThrow(ExpressionError);
  });
});

describe('errors', () => {
  it.each<[string, number, string]>([
    ['', 0, 'Unexpected end of input at position 0: expected a number, a column or "("'],
    ['   ', 3, 'Unexpected end of input at position 3'],
    ['1 +', 3, 'Unexpected end of input at position 3: expected a number, a column or "("'],
    ['abs(1 + )', 8, 'Unexpected ")" at position 8: expected a number, a column or "("'],
    ['(a + b) *)', 9, 'Unexpected ")" at position 9: expected a number, a column or "("'],
    ['1 + 2)', 5, 'Unexpected ")" at position 5: expected an operator or end of input'],
    ['a b', 2, 'Unexpected "b" at position 2: expected an operator or end of input'],
    ['1 2', 2, 'Unexpected "2" at position 2'],
    ['a "x"', 2, 'Unexpected "\\"x\\"" at position 2'],
    ['(1 + 2', 6, 'Unexpected end of input at position 6: expected ")" to close "(" at position 0'],
    ['((a) + (b)', 10, 'Unexpected end of input at position 10: expected ")" to close "(" at position 0'],
    ['max(a, b', 8, 'Unexpected end of input at position 8: expected "," or ")" to close "(" at position 3'],
    ['max(a b)', 6, 'Unexpected "b" at position 6: expected "," or ")"'],
    ['max(a,)', 6, 'Unexpected ")" at position 6: expected a number, a column or "("'],
    ['max(', 4, 'Unexpected end of input at position 4: expected a number, a column or "("'],
    ['eval(1)', 0, 'Unknown function "eval" at position 0: allowed are abs, sqrt, log, log1p, log10, exp, floor, ceil, round, min, max, pow, clip, isnull, coalesce, if'],
    ['1 + sin(a)', 4, 'Unknown function "sin" at position 4'],
    ['clip(a, 1)', 0, 'Function "clip" at position 0 takes 3 arguments (x, lo, hi), got 2'],
    ['a + abs()', 4, 'Function "abs" at position 4 takes 1 argument (x), got 0'],
    ['abs(1, 2)', 0, 'Function "abs" at position 0 takes 1 argument (x), got 2'],
    ['if(a, 1)', 0, 'Function "if" at position 0 takes 3 arguments (cond, a, b), got 2'],
    ['round(1, 2, 3)', 0, 'Function "round" at position 0 takes 1 or 2 arguments (x, digits), got 3'],
    ['min()', 0, 'Function "min" at position 0 takes at least 1 argument (x, ...), got 0'],
    ['coalesce()', 0, 'Function "coalesce" at position 0 takes at least 1 argument'],
    ['pow(2)', 0, 'Function "pow" at position 0 takes 2 arguments (x, y), got 1'],
    ['species == "Adel', 11, 'Unterminated string at position 11: expected a closing "'],
    ["'abc\\'", 0, "Unterminated string at position 0: expected a closing '"],
    ['a + `Beak Length', 4, 'Unterminated column name at position 4: expected a closing `'],
    ['a < b < c', 6, 'Comparisons cannot be chained at position 6: write a < b and b < c'],
    ['a = 1', 2, 'Unexpected "=" at position 2: use "==" to compare'],
    ['2 ** 3', 2, 'Unexpected "**" at position 2: use "^" for a power'],
    ['a & b', 2, 'Unexpected "&" at position 2: use "and" or "&&"'],
    ['a | b', 2, 'Unexpected "|" at position 2: use "or" or "||"'],
    ['1e', 0, 'Malformed number "1e" at position 0: expected digits after the exponent'],
    ['2 + 3e+', 4, 'Malformed number "3e+" at position 4'],
    ['a # b', 2, 'Unexpected "#" at position 2: expected a number, a column, an operator or a parenthesis'],
    ['a + 😀', 4, 'Unexpected "😀" at position 4'],
  ])('%j', (src, position, message) => {
    const err = errorOf(() => parseExpression(src));
    expect(err.message.startsWith(message), err.message).toBe(true);
    expect(err.detail.position).toBe(position);
    expect(typeof err.detail.expected).toBe('string');
    expect(err).toBeInstanceOf(BenchtopError);
    expect(err.name).toBe('ExpressionError');
    expect(errorInfo(err).code).toBe('BAD_SCHEMA');
  });

  it('lists the columns in an unknown-column error, with backquotes where needed', () => {
    const err = errorOf(() => checkColumns(parseExpression('x'), [{ name: 'Beak Length (mm)', type: 'float' }, { name: 'and', type: 'float' }]));
    expect(err.message).toBe('Unknown column "x" at position 0: columns are `Beak Length (mm)`, `and`');
    expect(err.detail).toMatchObject({ position: 0, expected: 'a column name', column: 'x' });
    expect(errorOf(() => checkColumns(parseExpression('x'), [])).message).toBe('Unknown column "x" at position 0: there are none');
  });

  it('rejects column data of the wrong shape or length', () => {
    expect(errorOf(() => evaluate(parseExpression('a + 1'), data, 6)).message).toBe('Column "a" has 5 values, fewer than the 6 rows asked for');
    const bad = new Map([['a', [1, 2] as unknown as ColumnData]]);
    expect(errorOf(() => evaluate(parseExpression('a'), bad, 2)).message).toMatch(/neither a Float64Array/);
    expect(() => evaluate(parseExpression('1'), data, -1)).toThrow(RangeError);
  });
});

describe('hostile input', () => {
  const cols = [{ name: 'a', type: 'float' }, { name: 'b', type: 'float' }, { name: 'c', type: 'float' }];
  it.each([
    'constructor', '__proto__', 'a.constructor', 'a["x"]', 'this', 'globalThis', 'process.exit()', 'toString()', 'valueOf',
    'hasOwnProperty(x)', 'constructor.constructor("return process")()', '__proto__.polluted', 'a[0]', 'eval("1")', 'Function("x")',
    'require("fs")', 'import("x")', '`a`(1)', 'a; b', '${a}', '{}', '[]', 'new Date()', 'a => a', 'Math.PI', 'prototype',
  ])('%s', (src) => {
    expect(() => checkColumns(parseExpression(src), cols)).toThrow(ExpressionError);
    expect(() => evaluate(parseExpression(src), { a: new Float64Array(1) }, 1)).toThrow(ExpressionError);
  });

  it('stops at the nesting limit with a clear error instead of overflowing the stack', () => {
    const ok = `${'('.repeat(MAX_DEPTH - 1)}a${')'.repeat(MAX_DEPTH - 1)}`;
    expect(parseExpression(ok)).toEqual(col('a'));
    const cases: [string, string, number][] = [['(', ')', 256], ['abs(', ')', 4 * 256], ['-', '', 256], ['not ', '', 4 * 256], ['! ', '', 2 * 256], ['2^', '', 2 * 256 + 1]];
    for (const [open, close, position] of cases) {
      const err = errorOf(() => parseExpression(`${open.repeat(1000)}1${close.repeat(1000)}`));
      expect(err.message).toBe(`Expression nests too deeply at position ${position}: the limit is ${MAX_DEPTH} levels of parentheses, calls and operators`);
      expect(err.detail.position).toBe(position);
    }
  });

  it('stops long operator chains at the height limit and very long input at the length limit', () => {
    const fine = Array.from({ length: MAX_HEIGHT - 1 }, () => 'a').join(' + ');
    expect(Array.from(evaluate(parseExpression(fine), data, 5))).toEqual([999, 1998, NaN, 3996, -2997]);
    const tooDeep = Array.from({ length: 2000 }, () => '1').join('+');
    expect(errorOf(() => parseExpression(tooDeep)).message).toMatch(/^Expression is too deep at position \d+: more than 1000 operations/);
    const huge = Array.from({ length: 25_000 }, () => 'a').join(' + '); // 100 kB
    const err = errorOf(() => parseExpression(huge));
    expect(err.message).toBe(`Expression is too long (${huge.length} characters) at position ${MAX_LENGTH}: the limit is ${MAX_LENGTH}`);
    expect(huge.length).toBeGreaterThan(MAX_LENGTH);
  });

  it('treats prototype-ish names as plain columns when they exist', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
    const map = new Map<string, ColumnData>(names.map((n, k) => [n, Float64Array.of(k, k + 10)]));
    const record: Record<string, ColumnData> = Object.create(null);
    for (const [n, v] of map) record[n] = v;
    const src = 'constructor + __proto__ * 10 + toString + `hasOwnProperty` + valueOf + prototype';
    checkColumns(parseExpression(src), names.map((name) => ({ name, type: 'float' })));
    expect(Array.from(evaluate(parseExpression(src), map, 2))).toEqual([0 + 10 + 2 + 3 + 4 + 5, 10 + 110 + 12 + 13 + 14 + 15]);
    expect(Array.from(evaluate(parseExpression(src), record, 2))).toEqual([24, 174]);
    // A record's inherited members are not columns.
    expect(() => evaluate(parseExpression('constructor'), { a: Float64Array.of(1) }, 1)).toThrow(/Unknown column "constructor"/);
  });
});

describe('columnsOf and formatExpression', () => {
  it('lists referenced columns once, in order, without function names', () => {
    expect(columnsOf(parseExpression('log(b) + a * b - `x y` + if(species == "a", c, 1) + abs'))).toEqual(['b', 'a', 'x y', 'species', 'c', 'abs']);
    expect(columnsOf(parseExpression('1 + 2'))).toEqual([]);
  });

  it.each<[string, string]>([
    ['a+b*c', 'a + b * c'],
    ['(a+b)*c', '(a + b) * c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['(a-b)-c', 'a - b - c'],
    ['2^3^2', '2 ^ 3 ^ 2'],
    ['(2^3)^2', '(2 ^ 3) ^ 2'],
    ['-2^2', '-2 ^ 2'],
    ['(-2)^2', '(-2) ^ 2'],
    ['2^-x', '2 ^ -x'],
    ['- - x', '--x'],
    ['-(a*b)', '-(a * b)'],
    ['a && b || !c', 'a and b or not c'],
    ['(a or b) and c', '(a or b) and c'],
    ['!(a == b)', 'not a == b'],
    ['(not a) == b', '(not a) == b'],
    ['a + (not b)', 'a + (not b)'],
    ['(a < b) == (c > 1)', '(a < b) == (c > 1)'],
    ["s == 'it\\'s \"x\"'", 's == "it\'s \\"x\\""'],
    ['`Beak Length (mm)` + `a\\`b` + `and` + `abs` + _x1', '`Beak Length (mm)` + `a\\`b` + `and` + `abs` + _x1'],
    ['MAX( 1 , 2 )'.toLowerCase(), 'max(1, 2)'],
    ['1.50 + 1e3 + 1E21 + .5e-7 + 1e999', '1.5 + 1000 + 1e+21 + 5e-8 + 1e999'],
  ])('%s prints as %s', (src, want) => {
    const e = parseExpression(src);
    expect(formatExpression(e)).toBe(want);
    expect(parseExpression(want)).toEqual(e);
  });

  it('round-trips random trees', () => {
    const rand = rng(7);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const names = ['a', 'b_2', 'Beak Length (mm)', 'x`y', 'back\\slash', 'and', 'not', 'abs', 'if', '__proto__', '', 'é'];
    const strings = ['', 'Adelie', 'it\'s', 'say "hi"', 'a\\b', '\\', '`'];
    const numbers = [0, 1, 2.5, 1e21, 1e-7, 123456789012, 0.1, Infinity];
    const ops: BinaryOp[] = ['+', '-', '*', '/', '%', '^', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];
    const tree = (depth: number): Expr => {
      const r = rand();
      if (depth === 0 || r < 0.2) {
        const leaf = rand();
        return leaf < 0.4 ? num(pick(numbers)) : leaf < 0.8 ? col(pick(names)) : { kind: 'string', value: pick(strings) };
      }
      if (r < 0.35) return { kind: 'unary', op: pick(['-', '+', 'not'] as const), arg: tree(depth - 1) };
      if (r < 0.5) {
        const fn = pick(FUNCTION_NAMES);
        const n = ['min', 'max', 'coalesce'].includes(fn) ? 1 + Math.floor(rand() * 3) : fn === 'round' ? 1 + Math.floor(rand() * 2) : fn === 'pow' ? 2 : ['clip', 'if'].includes(fn) ? 3 : 1;
        return { kind: 'call', fn, args: Array.from({ length: n }, () => tree(depth - 1)) };
      }
      return bin(pick(ops), tree(depth - 1), tree(depth - 1));
    };
    for (let k = 0; k < 400; k++) {
      const e = tree(6);
      const printed = formatExpression(e);
      const back = parseExpression(printed);
      expect(back, printed).toEqual(e);
      expect(formatExpression(back)).toBe(printed);
    }
  });
});
