/**
 * The prediction log's group commit against a fake database that records each transaction and
 * lets the test decide when it commits or fails: one transaction per write, rows arriving during
 * a write go in the next one, flush waits for the commit, 'strict' only when asked, a failed write
 * keeps its rows. Plus the columnar batch shape. (Real IndexedDB: test/browser/serve.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { batchRanges, MAX_BATCH_ROWS, MAX_BATCH_SPAN_MS, PredictionLog, toBatch, type LogRow } from '../../../src/lib/serve/log';
import type { DB } from '../../../src/lib/store/db';
import type { PredictionBatchRecord } from '../../../src/lib/serve/types';

interface FakeTx { durability: string; records: PredictionBatchRecord[]; commit(): void; fail(e: Error): void }

function fakeDb() {
  const txs: FakeTx[] = [];
  const db = {
    transaction(_store: string, _mode: string, opts: { durability: string }) {
      let commit!: () => void, fail!: (e: Error) => void;
      const done = new Promise<void>((res, rej) => { commit = res; fail = rej; });
      const tx: FakeTx = { durability: opts.durability, records: [], commit, fail };
      txs.push(tx);
      return { objectStore: () => ({ put: (r: PredictionBatchRecord) => { tx.records.push(r); return Promise.resolve(); } }), done };
    },
  } as unknown as DB;
  return { db, txs };
}

const row = (i: number, over: Partial<LogRow> = {}): LogRow => ({
  id: `p${i}`, time: 1000 + i, arm: 'primary', version: 1, latency: 0.1, input: { a: i }, output: i, proba: null, classes: null, violations: [], shadowOf: null, ...over,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PredictionLog group commit', () => {
  it('writes what one task logged in one transaction; rows logged during a write wait for the next one', async () => {
    const { db, txs } = fakeDb();
    const log = new PredictionLog(async () => db);
    log.append('d1', 'm', [row(1), row(2)]);
    log.append('d2', 'm', [row(3)]);
    expect(txs).toHaveLength(0);
    await tick();
    expect(txs).toHaveLength(1);
    expect(txs[0].durability).toBe('relaxed');
    expect(txs[0].records.map((r) => [r.deployment, r.ids])).toEqual([['d1', ['p1', 'p2']], ['d2', ['p3']]]);
    for (let i = 4; i < 50; i++) { log.append('d1', 'm', [row(i)]); await tick(); }
    expect(txs).toHaveLength(1);
    expect(log.pending).toBe(49);
    let flushed = false;
    const f = log.flush().then(() => (flushed = true));
    txs[0].commit();
    await tick();
    expect(flushed).toBe(false);
    expect(txs).toHaveLength(2);
    expect(txs[1].records[0].ids).toHaveLength(46);
    txs[1].commit();
    await f;
    expect(log.pending).toBe(0);
    expect(log.stats).toEqual({ rows: 49, transactions: 2, failures: 0 });
  });

  it('flush({durable}) writes strict; a failed write keeps its rows and fails the flush', async () => {
    const { db, txs } = fakeDb();
    const errors: unknown[] = [];
    const log = new PredictionLog(async () => db, (e) => errors.push(e));
    log.append('d', 'm', [row(1)]);
    const first = log.flush({ durable: true });
    await tick();
    expect(txs[0].durability).toBe('strict');
    txs[0].fail(new Error('QuotaExceededError'));
    await expect(first).rejects.toThrow('QuotaExceededError');
    expect(errors).toHaveLength(1);
    expect(log.pending).toBe(1);
    await tick();
    expect(txs).toHaveLength(1); // no retry loop
    log.append('d', 'm', [row(2)]);
    const again = log.flush();
    await tick();
    expect(txs[1].records[0].ids).toEqual(['p1', 'p2']);
    txs[1].commit();
    await again;
    expect(log.pending).toBe(0);
  });

  it('flush with nothing pending resolves at once', async () => {
    const { db, txs } = fakeDb();
    await new PredictionLog(async () => db).flush();
    expect(txs).toHaveLength(0);
  });
});

describe('toBatch', () => {
  it('is columnar: typed arrays, input columns the union of keys (null where absent), arms as indices', () => {
    const b = toBatch('dep', 'm', [
      row(1, { input: { a: 1, b: 'x' }, output: 'yes', proba: [0.2, 0.8], classes: ['no', 'yes'] }),
      row(2, { arm: 'shadow', version: 2, input: { c: true, d: { nested: 1 }, e: NaN }, output: null, violations: [{ column: 'a', kind: 'missing', message: 'm' }], shadowOf: 'p1' }),
    ]);
    expect(b).toMatchObject({ deployment: 'dep', model: 'm', start: 1001, ids: ['p1', 'p2'], output: ['yes', null], shadowOf: [null, 'p1'] });
    expect(b.inputs).toEqual({ a: [1, null], b: ['x', null], c: [null, true], d: [null, '{"nested":1}'], e: [null, 'NaN'] });
    expect(Array.from(b.arm)).toEqual([0, 2]);
    expect(Array.from(b.version)).toEqual([1, 2]);
    expect(b.time).toBeInstanceOf(Float64Array);
    expect(b.latency).toBeInstanceOf(Float32Array);
    expect(b.violations[1][0].kind).toBe('missing');
  });
});

describe('batchRanges', () => {
  it('cuts a buffer at MAX_BATCH_ROWS rows and wherever a row lies more than MAX_BATCH_SPAN_MS from its batch start', () => {
    const many = Array.from({ length: MAX_BATCH_ROWS + 5 }, (_, i) => row(i));
    expect(batchRanges(many)).toEqual([[0, MAX_BATCH_ROWS], [MAX_BATCH_ROWS, MAX_BATCH_ROWS + 5]]);
    const t = 10 * MAX_BATCH_SPAN_MS;
    const spread = [row(0, { time: t }), row(1, { time: t + MAX_BATCH_SPAN_MS }), row(2, { time: t + MAX_BATCH_SPAN_MS + 1 }), row(3, { time: t + 5 }), row(4, { time: t })];
    // Row 3 lies within the span of row 2 (earlier, a clock step back); row 4 does not.
    expect(batchRanges(spread)).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(batchRanges([])).toEqual([]);
  });
});
