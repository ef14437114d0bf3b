import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../src/lib/errors';
import { openBenchtopDB } from '../../src/lib/store';
import { childRuns, getRun, killStaleRuns, metricHistory, listArtifacts, getArtifact, runLockName, startRun } from '../../src/lib/track';

const fresh = () => openBenchtopDB({}, `track-${crypto.randomUUID()}`);

describe('the tracking API on real IndexedDB', () => {
  it('writes a run with params, batched metrics, tags and artifacts, and ends it', async () => {
    const db = await fresh();
    const run = await startRun(db, { experiment: 'exp-a', params: { C: 1, fit_intercept: true }, tags: { team: 'x' } });
    expect((await getRun(db, run.id))?.status).toBe('RUNNING');
    expect((await getRun(db, run.id))?.params).toEqual({ C: '1', fit_intercept: 'True' });
    for (let step = 0; step < 5000; step++) run.logMetric('loss', 1 / (step + 1), step);
    run.logMetrics({ accuracy: 0.9 });
    await run.logParams({ model: 'mlp', C: 1 });
    await run.logArtifact('evaluation.json', '{"a":1}', 'application/json');
    await run.end('FINISHED');
    const rec = await getRun(db, run.id);
    expect(rec?.status).toBe('FINISHED');
    expect(rec?.end).toBeGreaterThanOrEqual(rec!.start);
    expect(rec?.metrics).toEqual({ loss: 1 / 5000, accuracy: 0.9 });
    expect(rec?.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    const hist = await metricHistory(db, run.id, 'loss');
    expect(hist).toHaveLength(5000);
    expect(hist[9].value).toBe(0.1);
    expect(await listArtifacts(db, run.id)).toEqual([{ path: 'evaluation.json', mediaType: 'application/json', size: 7 }]);
    expect((await getArtifact(db, run.id, 'evaluation.json'))?.data).toBe('{"a":1}');
    db.close();
  });

  it('refuses a param rewritten with another value and a key with forbidden characters, changing nothing', async () => {
    const db = await fresh();
    const run = await startRun(db, { experiment: 'exp-b', params: { C: 1 } });
    const e1 = await run.logParams({ C: 2, other: 'x' }).catch((e) => errorInfo(e));
    expect(e1).toMatchObject({ code: 'BAD_TRACKING' });
    expect(String((e1 as { message: string }).message)).toContain("'C' is already logged as '1'");
    expect((await getRun(db, run.id))?.params).toEqual({ C: '1' });
    expect(() => run.logMetric('bad:key', 1)).toThrow(/not allowed/);
    await run.end('FINISHED');
    db.close();
  });

  it('children are found by parent; a RUNNING run without its lock is marked KILLED, a live one is left alone', async () => {
    const db = await fresh();
    const parent = await startRun(db, { experiment: 'exp-c' });
    const child = await startRun(db, { experiment: 'exp-c', parentId: parent.id });
    expect((await childRuns(db, parent.id)).map((r) => r.id)).toEqual([child.id]);
    // A run left RUNNING by a closed tab: the record exists but no lock is held.
    const orphan = { ...(await getRun(db, child.id))!, id: 'f'.repeat(32), parentId: null };
    await db.put('runs', orphan);
    const held = (await navigator.locks.query()).held?.map((l) => l.name) ?? [];
    expect(held).toContain(runLockName(parent.id));
    expect(await killStaleRuns(db)).toBe(1);
    expect((await getRun(db, orphan.id))?.status).toBe('KILLED');
    expect((await getRun(db, parent.id))?.status).toBe('RUNNING');
    await child.end('FINISHED');
    await parent.end('FINISHED');
    expect((await navigator.locks.query()).held?.map((l) => l.name)).not.toContain(runLockName(parent.id));
    db.close();
  });
});
