import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../src/lib/errors';
import { openBenchtopDB } from '../../src/lib/store';
import {
  createExperiment, ensureExperiment, experimentsOverview, getRun, listArtifacts, listRuns, metricHistory, purgeRuns, renameExperiment,
  setExperimentLifecycle, setRunNote, setRunTag, setRunsLifecycle, startRun,
} from '../../src/lib/track';

const fresh = () => openBenchtopDB({}, `manage-${crypto.randomUUID()}`);

async function run(db: Awaited<ReturnType<typeof fresh>>, experiment: string, steps = 3) {
  const r = await startRun(db, { experiment, params: { C: 1 } });
  for (let s = 0; s < steps; s++) r.logMetric('loss', 1 / (s + 1), s);
  await r.logArtifact('a.txt', 'hello', 'text/plain');
  await r.end('FINISHED');
  return r.id;
}

describe('managing experiments and runs on real IndexedDB', () => {
  it('keeps experiment names unique across create and rename; delete and restore keep everything', async () => {
    const db = await fresh();
    const a = await createExperiment(db, 'alpha');
    await createExperiment(db, 'beta');
    expect(errorInfo(await createExperiment(db, 'alpha').catch((e) => e))).toMatchObject({ code: 'BAD_TRACKING' });
    expect(errorInfo(await renameExperiment(db, a.id, 'beta').catch((e) => e)).message).toMatch(/exists already/);
    expect((await renameExperiment(db, a.id, 'gamma')).name).toBe('gamma');
    const id = await run(db, 'gamma');
    await setExperimentLifecycle(db, a.id, 'deleted');
    const s = (await experimentsOverview(db)).summaries.find((x) => x.experiment.id === a.id)!;
    expect(s.experiment.lifecycle).toBe('deleted');
    expect(s.runs).toBe(1);
    await setExperimentLifecycle(db, a.id, 'active');
    expect((await ensureExperiment(db, 'gamma')).id).toBe(a.id);
    expect((await getRun(db, id))?.lifecycle).toBe('active');
    db.close();
  });

  it('edits tags and notes but never params; a run is purged only once deleted, with its history and artifacts', async () => {
    const db = await fresh();
    const id = await run(db, 'e');
    await setRunTag(db, id, 'team', 'vision');
    await setRunNote(db, id, '# Why\nbest so far');
    expect((await getRun(db, id))?.tags.team).toBe('vision');
    await setRunTag(db, id, 'team', null);
    expect((await getRun(db, id))?.tags.team).toBeUndefined();
    expect((await getRun(db, id))?.note).toBe('# Why\nbest so far');
    expect(() => setRunTag(db, id, 'bad:key', 'x')).toThrow(/not allowed/);
    expect(errorInfo(await purgeRuns(db, [id]).catch((e) => e)).message).toMatch(/is not deleted/);
    await setRunsLifecycle(db, [id], 'deleted');
    expect((await listRuns(db)).map((r) => r.id)).not.toContain(id);
    expect((await listRuns(db, { lifecycle: 'deleted' })).map((r) => r.id)).toEqual([id]);
    await setRunsLifecycle(db, [id], 'active');
    await setRunsLifecycle(db, [id], 'deleted');
    expect(await purgeRuns(db, [id])).toBe(1);
    expect(await getRun(db, id)).toBeUndefined();
    expect(await metricHistory(db, id, 'loss')).toEqual([]);
    expect(await listArtifacts(db, id)).toEqual([]);
    db.close();
  });

  it('keeps each metric\'s min and max beside its latest value', async () => {
    const db = await fresh();
    const r = await startRun(db, { experiment: 'm' });
    [3, 1, 2].forEach((v, s) => r.logMetric('loss', v, s));
    await r.end('FINISHED');
    const rec = await getRun(db, r.id);
    expect(rec?.metrics.loss).toBe(2);
    expect(rec?.metricRange?.loss).toEqual([1, 3]);
    db.close();
  });
});
