import { describe, expect, it } from 'vitest';
import { errorInfo, toTransferableError } from '../../../src/lib/errors';
import type { RunInput, RunRecord } from '../../../src/lib/store/track-schema';
import {
  compareRuns, compileFilter, FilterError, formatFilter, likeRegExp, parseFilter, parseOrderBy, searchRuns,
  type Expr, type Filter,
} from '../../../src/lib/track/filter';

const input = (datasetId: string, digest: string, context: RunInput['context']): RunInput => ({ datasetId, versionId: digest, digest, context, recipeId: null, rows: 100 });

function makeRun(over: Partial<RunRecord> & { id: string }): RunRecord {
  return {
    experimentId: 'e1', parentId: null, name: over.id, status: 'FINISHED', start: 1000, end: 2000,
    params: {}, tags: {}, note: '', inputs: [], env: {}, metrics: {}, lifecycle: 'active', ...over,
  };
}

const RUNS: RunRecord[] = [
  makeRun({
    id: 'a', name: 'bold-heron-1', start: 1000, end: 1500,
    params: { model: 'mlp', alpha: '0.1', 'learning rate': '0.01' }, tags: { team: 'xray', 'mlflow.note': 'a.b+c' },
    metrics: { rmse: 0.4, 'f1 score': 0.8, 'val.acc': 0.9 },
    inputs: [input('penguins', 'd1', 'training'), input('penguins', 'd2', 'test')],
  }),
  makeRun({ id: 'b', name: 'calm-owl-2', status: 'RUNNING', start: 3000, end: null, experimentId: 'e2', params: { model: 'linear', alpha: '10' }, tags: { team: 'Xenon' }, metrics: { rmse: 0.7 } }),
  makeRun({ id: 'c', name: 'keen-fox-3', start: 2000, params: { model: 'mlp', alpha: '9' }, metrics: { rmse: 0.5, 'f1 score': 0.6 }, inputs: [input('iris', 'd3', 'validation')] }),
  makeRun({ id: 'd', name: 'shy-yak-4', status: 'KILLED', start: 2000, params: { model: 'forest' }, tags: { team: 'x_ray', note: '50%' } }),
];

/** Names of the runs matching `text`, in search order. */
const names = (text: string, orderBy?: string[]): string[] => searchRuns(RUNS, text, { orderBy }).map((r) => r.id);
/** Ids of the matching runs, sorted (order-independent checks). */
const matching = (text: string): string => RUNS.filter(compileFilter(parseFilter(text))).map((r) => r.id).join('');

const rmse = (op: '<' | '>' | '=', value: number): Expr => ({ kind: 'compare', key: { kind: 'metric', name: 'rmse' }, op, value });
const model = (value: string): Expr => ({ kind: 'compare', key: { kind: 'param', name: 'model' }, op: '=', value });

function parseError(text: string): FilterError {
  try {
    parseFilter(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError);
    const err = e as FilterError;
    expect(err.code).toBe('BAD_FILTER');
    expect(err.name).toBe('FilterError');
    return err;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('parseFilter: structure', () => {
  it('parses a comparison into plain data', () => {
    expect(parseFilter('metrics.rmse < 0.5')).toEqual({ where: rmse('<', 0.5), orderBy: [] });
  });

  it('an empty or blank filter has no clauses and matches every run', () => {
    expect(parseFilter('')).toEqual({ where: null, orderBy: [] });
    expect(parseFilter('  \n ')).toEqual({ where: null, orderBy: [] });
    expect(names('')).toEqual(['b', 'c', 'd', 'a']);
  });

  it('AND binds tighter than OR', () => {
    const f = parseFilter("metrics.rmse < 0.5 OR params.model = 'mlp' AND metrics.rmse > 0.45");
    expect(f.where).toEqual({ kind: 'or', args: [rmse('<', 0.5), { kind: 'and', args: [model('mlp'), rmse('>', 0.45)] }] });
    // a OR (b AND c): a matches a; c is mlp with rmse 0.5 > 0.45.
    expect(matching("metrics.rmse < 0.45 OR params.model = 'mlp' AND metrics.rmse > 0.45")).toBe('ac');
    expect(matching("(metrics.rmse < 0.45 OR params.model = 'mlp') AND metrics.rmse > 0.45")).toBe('c');
  });

  it('parentheses group, and nested junctions of one kind flatten', () => {
    const f = parseFilter("(metrics.rmse < 0.5 OR params.model = 'mlp') AND metrics.rmse > 0.1");
    expect(f.where).toEqual({ kind: 'and', args: [{ kind: 'or', args: [rmse('<', 0.5), model('mlp')] }, rmse('>', 0.1)] });
    expect(parseFilter("metrics.rmse < 0.5 AND (params.model = 'mlp' AND metrics.rmse > 0.1)").where)
      .toEqual({ kind: 'and', args: [rmse('<', 0.5), model('mlp'), rmse('>', 0.1)] });
    expect(parseFilter('((metrics.rmse < 0.5))').where).toEqual(rmse('<', 0.5));
  });

  it('keywords are case-insensitive', () => {
    const upper = parseFilter("metrics.rmse < 0.5 AND params.model LIKE 'm%' OR tags.team NOT IN ('a') OR tags.x IS NOT NULL ORDER BY metrics.rmse DESC");
    const lower = parseFilter("metrics.rmse < 0.5 and params.model like 'm%' or tags.team not in ('a') Or tags.x is not null order by metrics.rmse desc");
    expect(lower).toEqual(upper);
  });

  it('reads numbers with signs, decimals and exponents', () => {
    for (const [text, value] of [['-1', -1], ['+2.5', 2.5], ['.5', 0.5], ['1e-3', 0.001], ['3.', 3], ['2E2', 200]] as const) {
      expect(parseFilter(`metrics.rmse > ${text}`).where).toEqual({ ...rmse('>', 0), value });
    }
  });
});

describe('quoting', () => {
  it('strings in single or double quotes, with backslash escapes', () => {
    expect(matching("params.model = 'mlp'")).toBe('ac');
    expect(matching('params.model = "mlp"')).toBe('ac');
    expect(parseFilter("tags.q = 'it\\'s \"x\" \\\\ \\n'").where).toMatchObject({ value: 'it\'s "x" \\ \\n' });
    expect(parseFilter('tags.q = "say \\"hi\\""').where).toMatchObject({ value: 'say "hi"' });
  });

  it('keys with spaces and dots in backticks or double quotes, dotted keys bare', () => {
    expect(matching('metrics.`f1 score` > 0.7')).toBe('a');
    expect(matching('metrics."f1 score" >= 0.6')).toBe('ac');
    expect(matching("params.`learning rate` = '0.01'")).toBe('a');
    expect(matching('metrics.val.acc > 0.5')).toBe('a');
    expect(matching('metrics.`val.acc` > 0.5')).toBe('a');
    expect(matching("tags.mlflow.note = 'a.b+c'")).toBe('a');
    expect(parseFilter('metrics.`a\\`b` > 1').where).toMatchObject({ key: { kind: 'metric', name: 'a`b' } });
  });

  it("accepts MLflow's prefix aliases and attribute aliases", () => {
    expect(parseFilter('metric.rmse < 0.5')).toEqual(parseFilter('metrics.rmse < 0.5'));
    expect(parseFilter("param.model = 'mlp'")).toEqual(parseFilter("params.model = 'mlp'"));
    expect(parseFilter("parameter.model = 'mlp'")).toEqual(parseFilter("params.model = 'mlp'"));
    expect(parseFilter("tag.team = 'x'")).toEqual(parseFilter("tags.team = 'x'"));
    expect(parseFilter("attr.status = 'FAILED'")).toEqual(parseFilter("attributes.status = 'FAILED'"));
    expect(parseFilter("run.status = 'FAILED'")).toEqual(parseFilter("status = 'FAILED'"));
    expect(parseFilter("dataset.digest = 'x'")).toEqual(parseFilter("datasets.digest = 'x'"));
    expect(parseFilter('created > 5')).toEqual(parseFilter('attributes.start_time > 5'));
    expect(parseFilter("`Run Name` = 'x'")).toEqual(parseFilter("attributes.run_name = 'x'"));
    expect(parseFilter("METRICS.rmse < 1")).toEqual(parseFilter('metrics.rmse < 1'));
  });
});

describe('operators on each kind of key', () => {
  it.each([
    // metrics: numeric comparators; a run without the metric matches none of them
    ['metrics.rmse = 0.5', 'c'], ['metrics.rmse != 0.5', 'ab'], ['metrics.rmse < 0.5', 'a'], ['metrics.rmse <= 0.5', 'ac'],
    ['metrics.rmse > 0.5', 'b'], ['metrics.rmse >= 0.5', 'bc'], ['metrics.rmse IS NULL', 'd'], ['metrics.rmse IS NOT NULL', 'abc'],
    // params: strings
    ["params.model = 'mlp'", 'ac'], ["params.model != 'mlp'", 'bd'], ["params.model LIKE 'm%'", 'ac'], ["params.model LIKE 'M%'", ''],
    ["params.model ILIKE 'M%'", 'ac'], ["params.model IN ('mlp', 'forest')", 'acd'], ["params.model NOT IN ('mlp', 'forest')", 'b'],
    ["params.alpha IS NULL", 'd'], ["params.alpha IS NOT NULL", 'abc'], ["params.alpha != '9'", 'ab'],
    // tags
    ["tags.team = 'xray'", 'a'], ["tags.team != 'xray'", 'bd'], ["tags.team LIKE 'x%'", 'ad'], ["tags.team ILIKE 'x%'", 'abd'],
    ["tags.team LIKE 'x_ray'", 'd'], ["tags.team LIKE '_ray'", 'a'], ["tags.team LIKE '%en%'", 'b'], ["tags.team IN ('Xenon', 'nope')", 'b'], ["tags.team NOT IN ('Xenon')", 'ad'],
    ['tags.team IS NULL', 'c'], ['tags.team IS NOT NULL', 'abd'],
    // attributes
    ["attributes.status = 'FINISHED'", 'ac'], ["status != 'FINISHED'", 'bd'], ["attributes.status IN ('RUNNING', 'KILLED')", 'bd'],
    ["attributes.status NOT IN ('RUNNING')", 'acd'], ["attributes.status LIKE 'FIN%'", 'ac'], ["attributes.status ILIKE '%ed'", 'acd'],
    ["attributes.run_name = 'calm-owl-2'", 'b'], ["run_name LIKE '%-3'", 'c'], ["attributes.run_id IN ('a', 'd')", 'ad'],
    ["attributes.experiment_id = 'e2'", 'b'], ['attributes.start_time > 1500', 'bcd'], ['attributes.start_time = 2000', 'cd'],
    ['attributes.end_time < 1600', 'a'], ['attributes.end_time IS NULL', 'b'], ['attributes.end_time IS NOT NULL', 'acd'],
    // datasets: a clause matches when any of the run's inputs does
    ["datasets.digest = 'd2'", 'a'], ["datasets.digest IN ('d3', 'd9')", 'c'], ["datasets.digest NOT IN ('d1')", 'ac'],
    ["datasets.digest != 'd1'", 'ac'], ["datasets.context = 'validation'", 'c'], ["datasets.context ILIKE 'TRAIN%'", 'a'],
    ["datasets.name = 'penguins'", 'a'], ["datasets.name LIKE 'i%'", 'c'],
  ])('%s', (text, want) => {
    expect(matching(text)).toBe(want);
  });

  it('params compare as strings, not numbers', () => {
    expect(matching("params.alpha = '0.1'")).toBe('a');
    expect(matching("params.alpha = '0.10'")).toBe('');
    expect(matching("params.alpha IN ('10', '9')")).toBe('bc');
  });

  it('LIKE escapes regular-expression characters and takes \\% and \\_ literally', () => {
    expect(matching("tags.mlflow.note LIKE 'a.b+c'")).toBe('a');
    expect(matching("tags.mlflow.note LIKE 'aXb+c'")).toBe('');
    expect(matching("tags.note LIKE '50\\%'")).toBe('d');
    expect(matching("tags.team LIKE 'x\\_ray'")).toBe('d');
    expect(likeRegExp('a%b_c', false).source).toBe('^a[^]*b[^]c$');
    expect(likeRegExp('(x)|[y]*?', false).test('(x)|[y]*?')).toBe(true);
    expect(likeRegExp('%', false).test('line\nbreak')).toBe(true);
    expect(likeRegExp('_', false).test('😀')).toBe(true);
    expect(likeRegExp('ÉCOLE', true).test('école')).toBe(true);
  });

  it('keys named like Object.prototype members read only the run\'s own entries', () => {
    expect(matching("params.constructor = 'x'")).toBe('');
    expect(matching('params.constructor IS NULL')).toBe('abcd');
    expect(matching('metrics.__proto__ IS NULL')).toBe('abcd');
    const own = makeRun({ id: 'p', params: JSON.parse('{"__proto__": "x", "toString": "y"}') as Record<string, string> });
    expect(searchRuns([own], "params.__proto__ = 'x' AND params.toString = 'y'")).toHaveLength(1);
  });
});

describe('errors point at the position', () => {
  it('an unclosed string', () => {
    const e = parseError("params.model = 'mlp");
    expect(e.message).toBe("Unclosed string starting at position 15: add the closing '.");
    expect(e.detail).toMatchObject({ position: 15, length: 4 });
    expect(e.detail.excerpt).toBe("params.model = 'mlp\n               ^^^^");
  });

  it('an unclosed backtick key', () => {
    expect(parseError('metrics.`f1 score > 1').detail).toMatchObject({ position: 8, expected: '`' });
  });

  it('an unknown prefix, listing the valid ones', () => {
    const e = parseError("foo.x = 'a'");
    expect(e.message).toBe("Unknown key type 'foo' in foo.x at position 0. Prefixes: metrics., params., tags., attributes., datasets.");
    expect(e.detail).toMatchObject({ position: 0, length: 3 });
    expect(e.detail.excerpt).toBe("foo.x = 'a'\n^^^");
  });

  it('an unknown attribute or dataset field, listing the valid ones', () => {
    const e = parseError('rmse < 0.5');
    expect(e.message).toContain("Unknown attribute 'rmse' at position 0. Attributes: run_id, run_name, status, experiment_id, start_time, end_time");
    expect(e.message).toContain('metrics.rmse');
    expect(parseError("attributes.user = 'x'").detail).toMatchObject({ position: 11, length: 4 });
    expect(parseError("datasets.size = 'x'").message).toBe("Unknown dataset field 'size' at position 9. Dataset fields: name, digest, context.");
  });

  it('a missing operator names the valid ones', () => {
    const e = parseError('metrics.rmse foo');
    expect(e.message).toBe("Expected a comparison operator after metrics.rmse at position 13: found 'foo'. Operators for metrics.rmse: =, !=, <, <=, >, >=, IS NULL, IS NOT NULL.");
    expect(e.detail).toMatchObject({ position: 13, length: 3 });
  });

  it('a missing value', () => {
    const e = parseError('metrics.rmse <');
    expect(e.message).toBe('Expected a number after metrics.rmse < at position 14: found the end of the filter. Metrics are numbers.');
    expect(e.detail.excerpt).toBe('metrics.rmse <\n              ^');
    expect(parseError("params.model = AND metrics.rmse < 1").detail.position).toBe(15);
  });

  it('trailing garbage', () => {
    const e = parseError('metrics.rmse < 0.5 foo');
    expect(e.message).toBe("Expected AND, OR, ORDER BY or the end of the filter at position 19: found 'foo'.");
    expect(parseError('metrics.rmse < 0.5 metrics.mae < 1').detail.position).toBe(19);
    expect(parseError('metrics.rmse < 0.5 < 1').detail.position).toBe(19);
  });

  it('unbalanced parentheses', () => {
    const open = parseError('(metrics.rmse < 0.5 OR metrics.rmse > 1');
    expect(open.message).toBe("Expected AND, OR or ')' at position 39 to close the '(' at position 0: found the end of the filter.");
    expect(open.detail.position).toBe(39);
    const close = parseError('metrics.rmse < 0.5)');
    expect(close.message).toBe("Unmatched ')' at position 18: there is no '(' for it to close.");
    expect(parseError('()').detail.position).toBe(1);
  });

  it('comparing a metric with a string, or a param with a number', () => {
    const e = parseError("metrics.rmse < '0.5'");
    expect(e.message).toBe("Expected a number after metrics.rmse < at position 15: found the string '0.5'. Metrics are numbers.");
    expect(e.detail.length).toBe(5);
    expect(parseError('params.alpha = 0.1').message).toBe("Expected a quoted string after params.alpha = at position 15: found the number 0.1. Params are strings: write '0.1'.");
    expect(parseError('params.model = mlp').message).toContain("write 'mlp'");
    expect(parseError('params.model = NULL').message).toBe("Expected a quoted string after params.model = at position 15: found 'NULL'. Params are strings: quote it. For runs without it, write params.model IS NULL.");
    expect(parseError('metrics.rmse != null').message).toContain('For runs without it, write metrics.rmse IS NULL.');
    expect(parseError("attributes.start_time > '2024'").message).toContain('milliseconds since the epoch');
  });

  it('an operator that does not fit the key', () => {
    const like = parseError("metrics.rmse LIKE '0.%'");
    expect(like.message).toBe('LIKE does not apply to metrics.rmse at position 13: metrics are numbers. Operators for metrics.rmse: =, !=, <, <=, >, >=, IS NULL, IS NOT NULL.');
    expect(like.detail).toMatchObject({ position: 13, length: 4 });
    expect(parseError("metrics.rmse IN ('1')").message).toContain('IN does not apply to metrics.rmse');
    expect(parseError('metrics.rmse NOT IN (1)').detail).toMatchObject({ position: 13, length: 6 });
    expect(parseError("params.alpha < '1'").message).toContain('< does not apply to params.alpha at position 13: params are strings. Operators for params.alpha: =, !=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL.');
    expect(parseError("datasets.digest IS NULL").message).toContain('IS NULL does not apply to datasets.digest');
    expect(parseError('attributes.start_time IS NULL').message).toContain('IS NULL does not apply');
  });

  it('operators from other languages', () => {
    expect(parseError('metrics.rmse == 1').message).toBe("Unknown operator '==' at position 13: write =.");
    expect(parseError('metrics.rmse <> 1').message).toContain('write !=');
    expect(parseError('metrics.rmse < 1 && metrics.mae < 1').message).toContain('write AND');
    expect(parseError('metrics.rmse < 1 || metrics.mae < 1').message).toContain('write OR');
    expect(parseError('metrics.f1-score > 1').detail.position).toBe(10);
    expect(parseError('metrics.f1-score > 1').message).toContain('backticks');
  });

  it('IN lists, IS, NOT, run statuses and dangling keywords', () => {
    expect(parseError("params.model IN 'mlp'").message).toContain("Expected '(' after params.model IN at position 16");
    expect(parseError('params.model IN ()').message).toContain('An IN list holds one or more quoted strings');
    expect(parseError("params.model IN ('a' 'b')").message).toBe("Expected ',' or ')' at position 21 to close the IN list opened at position 16: found the string 'b'.");
    expect(parseError("params.model IN ('a', 1)").message).toContain('found the number 1');
    expect(parseError('params.model IS 1').message).toContain('Expected NULL or NOT NULL after IS at position 16');
    expect(parseError("params.model NOT LIKE 'a'").message).toContain('Expected IN after NOT at position 17');
    expect(parseError("NOT params.model = 'a'").message).toContain('NOT is only part of NOT IN and IS NOT NULL');
    expect(parseError("metrics.rmse < 1 AND").message).toBe("Expected a key such as metrics.rmse, params.model, tags.team, attributes.status or datasets.digest, or '(' at position 20: found the end of the filter.");
    const status = parseError("attributes.status = 'DONE'");
    expect(status.message).toBe("Unknown run status 'DONE' at position 20. Statuses: RUNNING, FINISHED, FAILED, KILLED.");
    expect(parseError("status IN ('FINISHED', 'finished')").detail.position).toBe(23);
    expect(parseError('metrics.').message).toContain("Expected a key name after 'metrics.' at position 8");
    expect(parseError('metrics.rmse < 1 # note').message).toContain("Unexpected '#' at position 17");
  });

  it('the excerpt shows the line around a position far into a long filter', () => {
    const text = `${Array.from({ length: 20 }, (_, i) => `metrics.m${i} > ${i}`).join(' AND ')} AND metrics.x LIKE 'a'`;
    const e = parseError(text);
    const [line, carets] = (e.detail.excerpt as string).split('\n');
    expect(line.startsWith('…')).toBe(true);
    expect(line.slice(carets.indexOf('^'), carets.length)).toBe('LIKE');
    expect(e.detail.position).toBe(text.indexOf('LIKE'));
  });

  it('the excerpt of a multi-line filter shows the offending line', () => {
    const e = parseError("metrics.a < 1\n  AND metrics.b LIKE 'x'");
    expect(e.detail.position).toBe(30);
    expect(e.detail.excerpt).toBe("  AND metrics.b LIKE 'x'\n                ^^^^");
  });

  it('limits nesting and length', () => {
    expect(parseFilter(`${'('.repeat(100)}metrics.a < 1${')'.repeat(100)}`).where).toMatchObject({ kind: 'compare' });
    const deep = parseError(`${'('.repeat(101)}metrics.a < 1${')'.repeat(101)}`);
    expect(deep.message).toBe('Too many nested parentheses at position 100: the limit is 100.');
    const long = parseError(`params.p IN (${Array.from({ length: 20_000 }, (_, i) => `'${i}'`).join(', ')})`);
    expect(long.message).toMatch(/^The filter is \d+ characters long: the limit is 100000/);
    expect(parseFilter(`attributes.run_id IN (${Array.from({ length: 2000 }, (_, i) => `'${i.toString(16).padStart(32, '0')}'`).join(', ')})`).where).toMatchObject({ kind: 'in' });
  });

  it('code and detail survive a worker boundary', () => {
    const info = errorInfo(toTransferableError(parseError('metrics.rmse <')));
    expect(info.code).toBe('BAD_FILTER');
    expect(info.detail).toMatchObject({ position: 14, length: 1 });
  });
});

describe('ORDER BY', () => {
  it('without an order, runs come newest first, ties by id', () => {
    expect(names('')).toEqual(['b', 'c', 'd', 'a']);
  });

  it('inline at the end of the filter, with ASC and DESC', () => {
    expect(parseFilter('metrics.rmse > 0 ORDER BY metrics.rmse DESC, params.alpha').orderBy).toEqual([
      { key: { kind: 'metric', name: 'rmse' }, descending: true },
      { key: { kind: 'param', name: 'alpha' }, descending: false },
    ]);
    expect(names('metrics.rmse > 0 ORDER BY metrics.rmse DESC')).toEqual(['b', 'c', 'a']);
    expect(names('metrics.rmse > 0 ORDER BY metrics.rmse ASC')).toEqual(['a', 'c', 'b']);
    expect(names('ORDER BY attributes.start_time')).toEqual(['a', 'c', 'd', 'b']);
  });

  it('missing values sort last in both directions', () => {
    expect(names('ORDER BY metrics.rmse')).toEqual(['a', 'c', 'b', 'd']);
    expect(names('ORDER BY metrics.rmse DESC')).toEqual(['b', 'c', 'a', 'd']);
    expect(names('ORDER BY tags.team DESC')).toEqual(['a', 'd', 'b', 'c']); // by code unit: 'xray' > 'x_ray' > 'Xenon'
    expect(names('ORDER BY attributes.end_time')).toEqual(['a', 'c', 'd', 'b']);
    const nan = [makeRun({ id: 'n', metrics: { m: NaN } }), makeRun({ id: 'o', metrics: { m: 1 } })];
    expect([...nan].sort(compareRuns(['metrics.m DESC'])).map((r) => r.id)).toEqual(['o', 'n']);
    expect([...nan].sort(compareRuns(['metrics.m'])).map((r) => r.id)).toEqual(['o', 'n']);
  });

  it('params sort as strings; ties fall back to start time desc, then id', () => {
    expect(names("params.alpha IS NOT NULL ORDER BY params.alpha")).toEqual(['a', 'b', 'c']); // '0.1' < '10' < '9'
    expect(names("ORDER BY params.model")).toEqual(['d', 'b', 'c', 'a']); // forest, linear, mlp (c newer than a)
    expect(names("ORDER BY attributes.status")).toEqual(['c', 'a', 'd', 'b']);
  });

  it("takes MLflow's order_by list, after the filter's own ORDER BY", () => {
    expect(names('', ['metrics.rmse DESC'])).toEqual(['b', 'c', 'a', 'd']);
    expect(names('', ['attributes.status', 'attributes.start_time ASC'])).toEqual(['a', 'c', 'd', 'b']);
    expect(names('ORDER BY params.model', ['metrics.rmse'])).toEqual(['d', 'b', 'a', 'c']);
    expect(parseOrderBy('metrics.`f1 score` desc')).toEqual({ key: { kind: 'metric', name: 'f1 score' }, descending: true });
  });

  it('order-by errors', () => {
    expect(parseError('metrics.rmse < 1 ORDER metrics.rmse').message).toContain('Expected BY after ORDER at position 23');
    expect(parseError('ORDER BY datasets.digest').message).toContain('Runs cannot be ordered by datasets.digest at position 9');
    expect(parseError('ORDER BY metrics.rmse DESC metrics.mae').message).toContain("Expected ',' or the end of the filter after an ORDER BY key at position 27");
    expect(parseError('ORDER BY metrics.rmse AND metrics.x < 1').detail.position).toBe(22);
    expect(parseError('ORDER BY').message).toContain('to order by at position 8');
    expect(() => searchRuns(RUNS, '', { orderBy: ['metrics.rmse', 'metrics.rmse sideways'] })).toThrowError(/^In order_by\[1\] "metrics.rmse sideways": Expected ASC, DESC or the end of the order-by entry at position 13/);
    expect(() => compareRuns([{ key: { kind: 'dataset', name: 'digest' }, descending: false }])).toThrow(FilterError);
  });
});

describe('formatFilter', () => {
  it('writes canonical text', () => {
    expect(formatFilter(parseFilter("metric.rmse<0.5 and param.model='mlp' or (tag.team like \"x%\" or run_name ilike 'A%') order by metrics.rmse asc, params.`learning rate` desc")))
      .toBe("metrics.rmse < 0.5 AND params.model = 'mlp' OR tags.team LIKE 'x%' OR attributes.run_name ILIKE 'A%' ORDER BY metrics.rmse, params.`learning rate` DESC");
    expect(formatFilter(parseFilter("(metrics.a < 1 OR metrics.b < 1) AND metrics.c < 1"))).toBe('(metrics.a < 1 OR metrics.b < 1) AND metrics.c < 1');
    expect(formatFilter(parseFilter(''))).toBe('');
    expect(formatFilter(parseFilter('ORDER BY created DESC'))).toBe('ORDER BY attributes.start_time DESC');
  });

  it('round-trips through parseFilter', () => {
    const texts = [
      '', 'metrics.rmse < 0.5', "metrics.rmse < 0.5 AND params.model = 'mlp' AND tags.team LIKE 'x%' AND attributes.status = 'FINISHED'",
      'metrics.`a b` = 1', "datasets.digest = 'abc' OR (datasets.context IN ('test', 'training') AND metrics.x >= -0)",
      "tags.`it's \\`odd\\`` NOT IN ('a\\'b', 'c\\\\d', '50\\%') OR params.x IS NULL OR metrics.y IS NOT NULL",
      'metrics.big < 1e999 AND metrics.small > -1e999 AND metrics.tiny > 1e-300', "((metrics.a < 1 OR metrics.b < 2) AND (metrics.c < 3 OR metrics.d < 4)) OR metrics.e < 5 ORDER BY metrics.a DESC, tags.t",
      "tags.mlflow.source.type = 'x' AND metrics.`0lead` > 1 AND attributes.end_time IS NULL",
    ];
    for (const text of texts) {
      const f = parseFilter(text);
      const again = parseFilter(formatFilter(f));
      expect(again).toEqual(f);
      expect(formatFilter(again)).toBe(formatFilter(f));
    }
  });
});

describe('compileFilter', () => {
  it('rejects a hand-built filter that breaks the rules', () => {
    const bad = (where: Expr): Filter => ({ where, orderBy: [] });
    expect(() => compileFilter(bad({ kind: 'compare', key: { kind: 'metric', name: 'rmse' }, op: 'LIKE', value: 'x' }))).toThrow(/LIKE does not apply/);
    expect(() => compileFilter(bad({ kind: 'compare', key: { kind: 'metric', name: 'rmse' }, op: '<', value: '1' }))).toThrow(FilterError);
    expect(() => compileFilter(bad({ kind: 'compare', key: { kind: 'attribute', name: 'user' }, op: '=', value: 'x' }))).toThrow(/Unknown attribute key user/);
    expect(() => compileFilter(bad({ kind: 'in', key: { kind: 'param', name: 'p' }, not: false, values: [] }))).toThrow(/one or more/);
    expect(() => compileFilter(bad({ kind: 'and', args: [] }))).toThrow(FilterError);
  });

  it('a run with no inputs matches no datasets clause', () => {
    expect(matching("datasets.digest != 'zzz'")).toBe('ac');
  });
});

describe('speed (a figure, not an assertion)', () => {
  it('searches 10,000 runs with 20 params and 10 metrics', () => {
    const runs: RunRecord[] = [];
    const models = ['mlp', 'linear', 'forest', 'knn'];
    for (let i = 0; i < 10_000; i++) {
      const params: Record<string, string> = {}, metrics: Record<string, number> = {};
      for (let p = 0; p < 20; p++) params[`p${p}`] = String((i * (p + 1)) % 97);
      params.model = models[i % 4];
      for (let m = 0; m < 10; m++) metrics[`m${m}`] = ((i * 7919 + m * 104729) % 10_000) / 10_000;
      metrics.rmse = (i % 1000) / 1000;
      runs.push(makeRun({ id: i.toString(16).padStart(32, '0'), start: 1_700_000_000_000 + i, params, metrics, tags: { team: i % 3 === 0 ? 'xray' : 'yak' } }));
    }
    const text = "metrics.rmse < 0.5 AND params.model = 'mlp' AND tags.team LIKE 'x%' ORDER BY metrics.rmse DESC";
    const expected = runs.filter((r) => r.metrics.rmse < 0.5 && r.params.model === 'mlp' && r.tags.team.startsWith('x')).length;
    let found: RunRecord[] = [];
    const times: number[] = [];
    for (let k = 0; k < 6; k++) { // the first call warms up
      const t0 = performance.now();
      found = searchRuns(runs, text);
      if (k > 0) times.push(performance.now() - t0);
    }
    const median = times.sort((x, y) => x - y)[2];
    console.log(`searchRuns over 10,000 runs (3 clauses + ORDER BY): median ${median.toFixed(1)} ms of 5, ${found.length} matches`);
    expect(found).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
    for (let k = 1; k < found.length; k++) expect(found[k - 1].metrics.rmse).toBeGreaterThanOrEqual(found[k].metrics.rmse);

    const broad = "metrics.m0 >= 0.1 OR params.p3 IN ('1', '2') ORDER BY metrics.m3 DESC, params.p1";
    const t1 = performance.now();
    const all = searchRuns(runs, broad);
    console.log(`searchRuns over 10,000 runs (OR filter, ${all.length} matches sorted by 2 keys): ${(performance.now() - t1).toFixed(1)} ms`);
    expect(all).toHaveLength(runs.filter((r) => r.metrics.m0 >= 0.1 || r.params.p3 === '1' || r.params.p3 === '2').length);
  });
});
