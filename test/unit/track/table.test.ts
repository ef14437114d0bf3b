import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../../src/lib/track/manage';
import { RunTable } from '../../../src/lib/track/table';

function run(i: number, over: Partial<RunRow> = {}): RunRow {
  return {
    id: i.toString(16).padStart(32, '0'), experimentId: 'e', parentId: i % 3 === 0 ? null : '0'.repeat(32), name: `run-${i}`,
    status: i % 4 === 0 ? 'FAILED' : 'FINISHED', start: 1000 + i, end: 2000 + i * 10, params: { C: String(i % 3), model: i % 2 ? 'mlp' : 'ridge' },
    tags: { team: i % 2 ? 'a' : 'b' }, inputs: [{ datasetId: 'd', versionId: 'v', digest: 'abc', context: 'training', recipeId: null, rows: 10 }],
    metrics: { acc: i / 10 }, metricRange: { acc: [0, i / 10] }, lifecycle: 'active', ...over,
  };
}
const runs = Array.from({ length: 10 }, (_, i) => run(i));
const q = (filter = '', sort = { key: 'attributes.start_time', desc: true }, groupBy = '') => ({ filter, sort, groupBy });

describe('the runs table kept in the tracking worker', () => {
  it('filters, sorts by a column and returns only the asked rows and cells', () => {
    const t = new RunTable(runs);
    expect(t.query(q("params.model = 'mlp' AND metrics.acc > 0.2", { key: 'metrics.acc', desc: false }))).toEqual({ total: 4, matched: 4, all: 10, error: null });
    const rows = t.slice(0, 2, ['metrics.acc', 'metrics_max.acc', 'attributes.duration']);
    expect(rows.map((r) => (r.kind === 'run' ? r.name : r.value))).toEqual(['run-3', 'run-5']);
    expect(rows[0]).toMatchObject({ kind: 'run', child: false, dataset: { datasetId: 'd', versionId: 'v' }, cells: { 'metrics.acc': 0.3, 'metrics_max.acc': 0.3, 'attributes.duration': 1.027 } });
    expect(t.matchedIds()).toEqual([run(3).id, run(5).id, run(7).id, run(9).id]);
  });

  it("an ORDER BY in the filter wins; grouping adds a header row per value", () => {
    const t = new RunTable(runs);
    t.query(q('ORDER BY metrics.acc DESC'));
    expect(t.slice(0, 1, [])[0]).toMatchObject({ name: 'run-9' });
    expect(t.query(q('', undefined, 'params.model')).total).toBe(12);
    // Newest first: run-9 (mlp) opens the first group.
    expect(t.slice(0, 1, [])[0]).toEqual({ kind: 'group', value: 'mlp', count: 5 });
  });

  it('a syntax error keeps the last result and says where', () => {
    const t = new RunTable(runs);
    t.query(q("tags.team = 'a'"));
    const r = t.query(q('metrics.acc >'));
    expect(r.error?.position).toBe(13);
    expect(r.matched).toBe(5);
  });

  it('offers every column and picks defaults from the common metrics', () => {
    const t = new RunTable(runs);
    expect(t.available().map((c) => c.key)).toEqual(expect.arrayContaining(['params.C', 'metrics.acc', 'metrics_min.acc', 'tags.team', 'attributes.status']));
    expect(t.defaultColumns()).toContain('metrics.acc');
  });
});
