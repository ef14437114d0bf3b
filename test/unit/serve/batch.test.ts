/**
 * Batch scoring of CSV text in chunks: the predictions equal predicting the records one request
 * at a time, refused rows in any chunk are reported (result and the CSV's error column), soft
 * violations counted, progress per chunk, cancel between chunks. (Dataset versions and the
 * worker: test/browser/serve-worker.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { batchScore, type BatchProgress } from '../../../src/lib/serve/batch';
import { csvToTable } from '../../../src/lib/serve/batch-csv';
import { loadPredictor } from '../../../src/lib/serve/predictor';
import type { DB } from '../../../src/lib/store/db';
import { makeVersion, records } from './fixtures';

const csvOf = (recs: Record<string, unknown>[]) => ['x1,x2,color,id', ...recs.map((r, i) => `${r.x1 ?? ''},${r.x2 ?? 'NA'},${r.color ?? ''},row${i}`)].join('\r\n');
const noDb = {} as DB;

describe('batch scoring a CSV', () => {
  it('predicts every chunk as single requests would, reporting refused rows wherever they are', async () => {
    const made = await makeVersion('logistic-regression', 'multiclass');
    const p = await loadPredictor(made.version);
    const recs = records(30);
    recs[15] = { x1: 'oops', x2: 2, color: 'red' };
    recs[22] = { x2: 1, color: 'blue' };
    recs[9] = { x1: 50, x2: 1, color: 'green' };
    const progress: BatchProgress[] = [];
    const out = await batchScore(noDb, { model: 'm', version: 1, source: { kind: 'csv', text: csvOf(recs) }, chunkRows: 7 }, { progress: (x) => progress.push(x) }, async () => p, null);
    expect(out).toMatchObject({ path: 'raw', rows: 30, predicted: 28, refusedCount: 2, warnings: 1, logged: null });
    expect(out.refused.map((r) => [r.row, r.violations.map((v) => `${v.kind}:${v.column}`)])).toEqual([[15, ['type:x1']], [22, ['missing:x1']]]);
    expect(progress.filter((x) => x.phase === 'score').map((x) => x.done)).toEqual([7, 14, 21, 28, 30]);
    const lines = (await out.csv.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(`x1,x2,color,id,prediction,${p.classes!.map((c) => `proba_${c}`).join(',')},error`);
    const want = await Promise.all(recs.map(async (r, i) => (i === 15 || i === 22 ? null : (await p.predictRecords([{ ...r, x1: Number(r.x1) }]))[0])));
    lines.slice(1).forEach((l, i) => {
      const f = l.split(',');
      expect(f[3]).toBe(`row${i}`);
      if (!want[i]) { expect(f[4]).toBe(''); expect(f.at(-1)).not.toBe(''); return; }
      expect(f[4]).toBe(want[i]!.output);
      want[i]!.proba!.forEach((q, c) => expect(Number(f[5 + c])).toBeCloseTo(q, 12));
      expect(f.at(-1)).toBe('');
    });
  });

  it('stops between chunks when cancelled', async () => {
    const made = await makeVersion('linear-regression', 'regression');
    const p = await loadPredictor(made.version);
    let chunks = 0;
    const e = await batchScore(noDb, { model: 'm', version: 1, source: { kind: 'csv', text: csvOf(records(100)) }, chunkRows: 10 }, { progress: () => chunks++, cancelled: () => chunks >= 4 }, async () => p, null).catch((x: unknown) => x);
    expect(errorInfo(e).code).toBe('CANCELLED');
    expect(chunks).toBe(4);
  });

  it('reads quoted fields, other delimiters and missing markers; refuses ragged rows with the line', () => {
    const t = csvToTable('a;b\n"x;1";NA\n2;"say ""hi"""\n');
    expect(t.rows).toBe(2);
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(t.columns[0]).toMatchObject({ dictionary: ['x;1', '2'] });
    expect(Array.from((t.columns[1] as { codes: Int32Array }).codes)).toEqual([-1, 0]);
    expect((t.columns[1] as { dictionary: string[] }).dictionary).toEqual(['say "hi"']);
    expect(() => csvToTable('a,b\n1,2\n3\n')).toThrow(/Line 3 has 1 fields; the header has 2/);
  });
});
