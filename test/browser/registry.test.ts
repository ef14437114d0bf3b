import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestBridge } from '../../src/bridge/ingest';
import { PrepBridge } from '../../src/bridge/prep';
import { RegistryBridge } from '../../src/bridge/registry';
import { TrainBridge } from '../../src/bridge/train';
import { errorInfo, type ErrorInfo } from '../../src/lib/errors';
import type { TrainSpec } from '../../src/lib/ml/spec';
import type { Recipe } from '../../src/lib/recipe/recipe';
import { deleteDataset, openBenchtopDB } from '../../src/lib/store';

const ingest = new IngestBridge();
const prep = new PrepBridge();
const train = new TrainBridge();
const registry = new RegistryBridge();
afterAll(() => { ingest.dispose(); prep.dispose(); train.dispose(); registry.dispose(); });

async function importCsv(text: string, name: string) {
  const file = new File([text], `${name}.csv`, { type: 'text/csv' });
  const p = await ingest.preview(file);
  return ingest.importFile(crypto.randomUUID(), file, { name, format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: false }, { fileName: p.fileName, size: p.size, sourceSample: p.sourceSample }, () => {});
}

/** Two informative features, a noise feature, a category and a binary label that follows x1 + x2. */
function data(rows: number, seed = 11): string {
  let s = seed;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = ['x1,x2,noise,group,label'];
  for (let i = 0; i < rows; i++) {
    const x1 = r() * 4 - 2, x2 = r() * 4 - 2, noise = r();
    out.push(`${x1.toFixed(4)},${x2.toFixed(4)},${noise.toFixed(4)},${['a', 'b', 'c'][i % 3]},${x1 + 0.5 * x2 + (r() - 0.5) > 0 ? 'pos' : 'neg'}`);
  }
  return out.join('\n');
}

const recipe: Recipe = { version: 1, steps: [{ type: 'standardize', params: { columns: ['x1', 'x2'] } }, { type: 'one-hot', params: { columns: ['group'] } }] };

const spec = (datasetId: string, versionId: string, over: Partial<TrainSpec> = {}): TrainSpec => ({
  datasetId, versionId, target: 'label', features: ['x1', 'x2', 'noise', 'group=a', 'group=b', 'group=c'], task: 'binary', model: 'logistic-regression', params: {},
  holdOut: { kind: 'column' }, missing: 'error', seed: 7, backend: 'cpu', experiment: 'registry-tests', ...over,
});

const fails = (p: Promise<unknown>): Promise<ErrorInfo> => p.then(() => { throw new Error('expected a refusal'); }, errorInfo);

/** Shared set-up: raw data, a derived version (recipe + split), a good run on it and a weak run on the raw data. */
let src: { datasetId: string; versionId: string };
let derived: { versionId: string; recipeId: string };
let good = '', weak = '';
const messages: unknown[] = [];
const channel = new BroadcastChannel('benchtop-registry');
channel.onmessage = (e) => messages.push(e.data);

beforeAll(async () => {
  // Its own seed: versions are content-addressed, and another test importing the same rows would own them.
  src = await importCsv(data(800, 20261122), 'registry-source');
  derived = await prep.apply(crypto.randomUUID(), src.versionId, recipe, 'scale + one-hot', { method: 'random', test: 0.25, validation: 0, seed: 5 }, () => {});
  good = (await train.train(crypto.randomUUID(), spec(src.datasetId, derived.versionId), () => {}, () => {})).runId;
  weak = (await train.train(crypto.randomUUID(), spec(src.datasetId, src.versionId, { features: ['noise'], holdOut: { kind: 'split', method: 'random', test: 0.25, seed: 1 } }), () => {}, () => {})).runId;
}, 60_000);

describe('model registry on real IndexedDB through the registry worker', () => {
  it('registers a run as numbered versions with signature, input example, card and lineage', async () => {
    const v1 = await registry.registerRun({ runId: good, name: 'reg-lineage', description: 'first' });
    const v2 = await registry.registerRun({ runId: good, name: 'reg-lineage' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const full = (await registry.version('reg-lineage', 1))!;
    expect(full.signature.inputs.map((i) => i.name)).toEqual(['x1', 'x2', 'noise', 'group']);
    expect(full.signature.inputs.find((i) => i.name === 'group')).toMatchObject({ type: 'categorical', required: true, categories: ['a', 'b', 'c'] });
    expect(full.signature.inputs.find((i) => i.name === 'x1')!.min).toBeGreaterThanOrEqual(-2);
    expect(full.signature.output).toEqual({ name: 'label', task: 'binary', classes: ['neg', 'pos'] });
    expect(full.inputExample).toHaveLength(3);
    expect(Object.keys(full.inputExample[0])).toEqual(['x1', 'x2', 'noise', 'group']);
    expect(full.recipes).toHaveLength(1);
    expect(full.lineage).toMatchObject({ runId: good, datasetId: src.datasetId, datasetVersion: derived.versionId, recipeIds: [derived.recipeId] });
    expect(full.card.computed.trainingData).toMatchObject({ versionId: derived.versionId, rows: 800, trainRows: 600, testRows: 200, datasetName: 'registry-source' });
    expect(full.card.computed.metrics.find((m) => m.id === 'accuracy')!.value).toBeGreaterThan(0.8);
    expect(full.metrics.accuracy).toBe(full.card.computed.metrics.find((m) => m.id === 'accuracy')!.value);
    expect(full.card.intendedUse).toBe('');
    expect(await registry.cardMarkdown('reg-lineage', 1)).toContain('# Model card: reg-lineage v1');

    expect((await registry.versionsOfRun(good)).filter((v) => v.name === 'reg-lineage').map((v) => v.version)).toEqual([1, 2]);
    const chain = await registry.versionLineage('reg-lineage', 1);
    expect(chain.map((l) => [l.kind, l.id])).toEqual([['model', 'model:reg-lineage:1'], ['run', good], ['version', derived.versionId], ['recipe', derived.recipeId], ['version', src.versionId]]);
    expect(chain.every((l) => l.exists)).toBe(true);
    const graph = await registry.registryLineage(src.datasetId);
    expect(graph.edges).toEqual(expect.arrayContaining([
      { from: derived.versionId, to: `run:${good}`, label: 'trained', recipeId: null },
      { from: `run:${good}`, to: 'model:reg-lineage:2', label: 'registered', recipeId: null },
    ]));
    expect(graph.nodes.find((n) => n.id === 'model:reg-lineage:1')).toMatchObject({ kind: 'model', label: 'reg-lineage v1', depth: 3 });

    const list = (await registry.listModels()).find((m) => m.name === 'reg-lineage')!;
    expect(list).toMatchObject({ versionCount: 2, latestVersion: 2, latest: { version: 2 } });
    const summary = (await registry.listVersions('reg-lineage'))[0];
    expect('weights' in summary.model).toBe(false);
    expect(messages).toContainEqual({ model: 'reg-lineage' });
  });

  it('moves aliases, gates champion promotion, records overrides, archives on Production and never reuses numbers', async () => {
    const name = 'reg-promote';
    for (const runId of [good, good, weak]) await registry.registerRun({ runId, name });
    // v1, v2: the good model; v3: a model that sees only noise.
    await registry.setAlias(name, 'challenger', 1);
    expect((await registry.setAlias(name, 'challenger', 2)).aliases).toEqual({ challenger: 2 });
    expect((await registry.setAlias(name, 'champion', 1, { reason: 'first one' })).aliases).toEqual({ challenger: 2, champion: 1 });

    const noGate = await fails(registry.setAlias(name, 'champion', 3));
    expect(noGate.code).toBe('GATE_FAILED');
    expect(noGate.message).toMatch(/no gate has been run for version 3/);

    const checks = [{ metric: 'accuracy', kind: 'delta' as const, threshold: 0 }, { metric: 'accuracy', kind: 'min' as const, threshold: 0.8 }];
    const failed = await registry.runGate({ name, candidate: 3, holdoutVersion: derived.versionId, checks });
    expect(failed.passed).toBe(false);
    expect(failed.rows).toBe(200); // the split column's test rows only
    expect(failed.champion?.version).toBe(1);
    expect(failed.champion!.metrics.accuracy!).toBeGreaterThan(0.8);
    expect(failed.candidate.metrics.accuracy!).toBeLessThan(0.75);
    expect(failed.checks.map((c) => c.passed)).toEqual([false, false]);

    const refused = await fails(registry.setAlias(name, 'champion', 3, { gate: failed }));
    expect(refused.code).toBe('GATE_FAILED');
    expect(refused.message).toMatch(/accuracy improves on the champion by ≥ 0 failed .*; accuracy ≥ 0.8 failed/);
    expect((await fails(registry.setAlias(name, 'champion', 3, { reason: 'too short' }))).message).toMatch(/shorter than 10 characters/);

    const why = 'Testing the override path on purpose';
    expect((await registry.setAlias(name, 'champion', 3, { reason: why })).aliases.champion).toBe(3);
    const [set, override] = await registry.transitions(name, 2);
    expect(set).toMatchObject({ kind: 'alias-set', version: 3, detail: { alias: 'champion', from: 1, to: 3 }, reason: why });
    expect(override).toMatchObject({ kind: 'override', version: 3, reason: why, detail: { target: '@champion' } });

    // v2 beats the weak champion: the gate passes and the promotion needs no reason.
    const passed = await registry.runGate({ name, candidate: 2, holdoutVersion: derived.versionId, checks: [{ metric: 'accuracy', kind: 'delta', threshold: 0.1 }] });
    expect(passed.passed).toBe(true);
    expect(passed.checks[0].candidate! - passed.checks[0].champion!).toBeGreaterThan(0.1);
    expect((await registry.setAlias(name, 'champion', 2)).aliases.champion).toBe(2);

    // Stages: the first Production needs no gate; the next one archives it (v2 has a passing gate).
    await registry.setStage(name, 1, 'Production');
    const prod = await registry.setStage(name, 2, 'Production', { archiveExisting: true, reason: 'gate passed' });
    expect(prod.archived).toEqual([1]);
    expect((await registry.version(name, 1))!.stage).toBe('Archived');
    expect((await fails(registry.setStage(name, 3, 'Production'))).code).toBe('GATE_FAILED');

    const kinds = (await registry.transitions(name)).reverse().map((t) => `${t.kind}:${t.version ?? '-'}`);
    expect(kinds).toEqual([
      'create:-', 'create:1', 'create:2', 'create:3', 'alias-set:1', 'alias-set:2', 'alias-set:1', 'gate:3', 'override:3', 'alias-set:3',
      'gate:2', 'alias-set:2', 'stage:1', 'stage:2', 'stage:1',
    ]);

    // Deleting: refused while it serves, allowed otherwise; numbers are never given again.
    expect((await fails(registry.deleteVersion(name, 2))).message).toMatch(/Production/);
    await registry.removeAlias(name, 'challenger');
    await registry.deleteVersion(name, 3, 'weak model');
    expect((await registry.registerRun({ runId: weak, name })).version).toBe(4);
    expect((await registry.listVersions(name)).map((v) => v.version)).toEqual([4, 2, 1]);
    // Without a champion now, the next one is still gated: only the first champion ever is free.
    await registry.removeAlias(name, 'champion', 'retire it');
    expect((await fails(registry.setAlias(name, 'champion', 4))).message).toMatch(/no gate has been run for version 4/);
    expect((await fails(registry.deleteModel(name))).message).toMatch(/version 2 in Production: archive it before deleting the model/);
  });

  it('refuses what cannot be registered, with the reason, and writes nothing', async () => {
    expect((await fails(registry.registerRun({ runId: 'f'.repeat(32), name: 'reg-errors' }))).code).toBe('NOT_FOUND');
    expect((await fails(registry.registerRun({ runId: good, name: 'bad name' }))).message).toMatch(/not a valid model name/);
    const search = await train.train(crypto.randomUUID(), spec(src.datasetId, derived.versionId, { search: { mode: 'grid', space: { C: [0.1, 1] }, folds: 2, scoring: 'accuracy', parallelism: 1 } }), () => {}, () => {});
    const child = await fails(registry.registerRun({ runId: search.childRunIds[0], name: 'reg-errors' }));
    expect(child.code).toBe('BAD_REGISTRY');
    expect(child.message).toMatch(/no model artifact .*register the search run/);
    expect((await registry.registerRun({ runId: search.runId, name: 'reg-search' })).version).toBe(1);
    await registry.setAlias('reg-search', 'champion', 1);
    expect((await fails(registry.deleteModel('reg-search'))).message).toMatch(/has a champion \(version 1\)/);
    await registry.removeAlias('reg-search', 'champion');
    expect(await registry.deleteModel('reg-search', 'superseded')).toEqual({ versions: [1] });
    expect(await registry.model('reg-search')).toBeNull();
    // The name keeps its numbering: a model created again under it goes on from the last number.
    expect((await registry.registerRun({ runId: search.runId, name: 'reg-search' })).version).toBe(2);
    expect((await registry.transitions('reg-search', 3)).map((t) => t.kind)).toEqual(['create', 'create', 'delete']);

    const db = await openBenchtopDB();
    await db.put('runs', { ...(await db.get('runs', good))!, id: 'a'.repeat(32), status: 'RUNNING', end: null });
    expect((await fails(registry.registerRun({ runId: 'a'.repeat(32), name: 'reg-errors' }))).message).toMatch(/is RUNNING: only a FINISHED run/);
    await db.delete('runs', 'a'.repeat(32));

    const other = await importCsv(data(120, 3), 'registry-gone');
    const orphan = await train.train(crypto.randomUUID(), spec(other.datasetId, other.versionId, { features: ['x1', 'x2'], holdOut: { kind: 'split', method: 'random', test: 0.25, seed: 1 } }), () => {}, () => {});
    await deleteDataset(db, other.datasetId);
    db.close();
    expect((await fails(registry.registerRun({ runId: orphan.runId, name: 'reg-errors' }))).message).toMatch(/which was deleted/);
    expect(await registry.model('reg-errors')).toBeNull();
    expect(await registry.transitions('reg-errors')).toEqual([]);

    await registry.createModel('reg-empty', 'nothing yet');
    expect((await fails(registry.createModel('reg-empty'))).message).toMatch(/already exists/);
    expect((await fails(registry.setAlias('reg-empty', 'Champion', 1))).message).toMatch(/not a valid alias/);
    expect((await fails(registry.setAlias('reg-empty', 'champion', 1))).code).toBe('UNKNOWN_MODEL');
  });
});
