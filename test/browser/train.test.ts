import { afterAll, describe, expect, it } from 'vitest';
import { IngestBridge } from '../../src/bridge/ingest';
import { TrackBridge } from '../../src/bridge/track';
import { TrainBridge } from '../../src/bridge/train';
import { errorInfo } from '../../src/lib/errors';
import type { TrainSpec } from '../../src/lib/ml/spec';
import type { TrainProgress } from '../../src/lib/protocol';

const ingest = new IngestBridge();
const train = new TrainBridge();
const track = new TrackBridge();
afterAll(() => { ingest.dispose(); train.dispose(); track.dispose(); });

async function importCsv(text: string, name: string) {
  const file = new File([text], `${name}.csv`, { type: 'text/csv' });
  const p = await ingest.preview(file);
  return ingest.importFile(crypto.randomUUID(), file, { name, format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: false }, { fileName: p.fileName, size: p.size, sourceSample: p.sourceSample }, () => {});
}

/** Two informative features, one noise feature, a category and a binary label that follows x1 + x2. */
function data(rows: number, seed = 1): string {
  let s = seed;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = ['x1,x2,noise,group,label'];
  for (let i = 0; i < rows; i++) {
    const x1 = r() * 4 - 2, x2 = r() * 4 - 2, noise = r();
    out.push(`${x1.toFixed(4)},${x2.toFixed(4)},${noise.toFixed(4)},${['a', 'b', 'c'][i % 3]},${x1 + 0.5 * x2 + (r() - 0.5) > 0 ? 'yes' : 'no'}`);
  }
  return out.join('\n');
}

const spec = (versionId: string, datasetId: string, over: Partial<TrainSpec> = {}): TrainSpec => ({
  datasetId, versionId, target: 'label', features: ['x1', 'x2', 'noise'], task: 'binary', model: 'logistic-regression', params: {},
  holdOut: { kind: 'split', method: 'stratified', test: 0.25, seed: 3 }, missing: 'error', seed: 7, backend: 'cpu',
  sliceColumn: 'group', experiment: 'browser-tests', ...over,
});

describe('training in workers, recorded as runs', () => {
  it('trains, evaluates beside the baseline and stores the run with its model; the same seed gives the same metrics', async () => {
    const src = await importCsv(data(1200), 'train-basic');
    const progress: TrainProgress[] = [];
    let runId = '';
    const out = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId), (p) => progress.push(p), (id) => (runId = id));
    expect(out.runId).toBe(runId);
    expect(out.metrics.accuracy).toBeGreaterThan(0.8);
    expect(out.metrics.baseline_accuracy).toBeLessThan(out.metrics.accuracy);
    expect(progress.some((p) => p.phase === 'fit')).toBe(true);
    const run = await track.run(runId);
    expect(run?.status).toBe('FINISHED');
    expect(run?.params).toMatchObject({ model: 'logistic-regression', target: 'label', C: '1', seed: '7' });
    expect(run?.inputs.map((i) => i.context)).toEqual(['training', 'test']);
    expect(run?.env.cores).toBeGreaterThan(0);
    const paths = (await track.artifacts(runId)).map((a) => a.path);
    expect(paths).toEqual(expect.arrayContaining(['model/model.json', 'evaluation.json']));
    const ev = (await track.json(runId, 'evaluation.json')) as { slices: unknown[]; importance: { features: { feature: string }[] }; classification: { confusion: number[][] } };
    expect(ev.slices).toHaveLength(3);
    expect(ev.importance.features[0].feature).toBe('x1');
    expect(ev.classification.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    const again = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId), () => {}, () => {});
    expect(again.metrics.accuracy).toBe(out.metrics.accuracy);
    expect(again.metrics.log_loss).toBe(out.metrics.log_loss);
  });

  it('refuses bad input before any run is written', async () => {
    const one = await importCsv('a,b,label\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n', 'train-one-class');
    const before = (await track.recentRuns({})).length;
    const e1 = await train.train(crypto.randomUUID(), spec(one.versionId, one.datasetId, { features: ['a', 'b'], sliceColumn: undefined, holdOut: { kind: 'split', method: 'random', test: 0.25, seed: 1 } }), () => {}, () => {}).catch(errorInfo);
    expect(e1).toMatchObject({ code: 'BAD_TRAINING_INPUT' });
    expect((e1 as { message: string }).message).toMatch(/one class/);
    const src = await importCsv(data(200), 'train-bad');
    const e2 = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId, { features: ['x1', 'group'] }), () => {}, () => {}).catch(errorInfo);
    expect((e2 as { message: string }).message).toMatch(/group/);
    const e3 = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId, { search: { mode: 'grid', space: { C: [] }, folds: 3, scoring: 'accuracy', parallelism: 2 } }), () => {}, () => {}).catch(errorInfo);
    expect(e3).toMatchObject({ code: 'BAD_TRAINING_INPUT' });
    const big = Array.from({ length: 100 }, (_, i) => i + 1);
    const e4 = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId, { model: 'random-forest', search: { mode: 'grid', space: { n_estimators: big, max_depth: big }, folds: 3, scoring: 'accuracy', parallelism: 2 } }), () => {}, () => {}).catch(errorInfo);
    expect((e4 as { message: string }).message).toMatch(/10,000|9,999/);
    expect((await track.recentRuns({})).length).toBe(before);
  });

  it('a grid search writes a parent run and a child per candidate, and refits the best', async () => {
    const src = await importCsv(data(600, 5), 'train-search');
    let runId = '';
    const progress: TrainProgress[] = [];
    const out = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId, { search: { mode: 'grid', space: { C: [0.001, 0.1, 10] }, folds: 3, scoring: 'accuracy', parallelism: 2 } }), (p) => progress.push(p), (id) => (runId = id));
    expect(out.childRunIds).toHaveLength(3);
    const children = await track.children(runId);
    expect(children.map((c) => c.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED']);
    expect(children.every((c) => Number.isFinite(c.metrics.mean_test_score))).toBe(true);
    const cv = (await track.json(runId, 'cv_results.json')) as { candidates: { rank: number; params: { C: number } }[] };
    expect(cv.candidates.find((c) => c.rank === 1)?.params.C).not.toBe(0.001);
    expect(out.metrics.accuracy).toBeGreaterThan(0.8);
    expect(progress.filter((p) => p.phase === 'search').at(-1)).toMatchObject({ done: 3, total: 3, unit: 'candidate' });
  });

  it('a forest trains its trees on helper threads; cancel stops the worker and the run ends KILLED', async () => {
    const src = await importCsv(data(3000, 9), 'train-forest');
    const out = await train.train(crypto.randomUUID(), spec(src.versionId, src.datasetId, { model: 'random-forest', params: { n_estimators: 20 } }), () => {}, () => {});
    expect(out.metrics.accuracy).toBeGreaterThan(0.75);
    // A per-tree curve: each tree's score on the rows its bootstrap left out, one step per tree.
    const oob = (await track.histories([out.runId], ['tree_oob_accuracy']))[out.runId].tree_oob_accuracy;
    expect(oob.map((p) => p.step).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(oob.every((p) => p.value > 0.6 && p.value <= 1)).toBe(true);
    const job = crypto.randomUUID();
    let runId = '';
    let resolveStarted!: () => void;
    const started = new Promise<void>((r) => (resolveStarted = r));
    const pending = train.train(job, spec(src.versionId, src.datasetId, { model: 'random-forest', params: { n_estimators: 2000 } }), (p) => { if (p.phase === 'fit' && p.done > 0) resolveStarted(); }, (id) => (runId = id)).catch(errorInfo);
    await started;
    train.cancel(job);
    const err = await pending;
    expect(err).toMatchObject({ code: 'CANCELLED' });
    expect(await track.kill(runId, 'Cancelled by the user.', 'KILLED')).toBe(true);
    const run = await track.run(runId);
    expect(run?.status).toBe('KILLED');
    expect(run?.error?.message).toBe('Cancelled by the user.');
  });
});
