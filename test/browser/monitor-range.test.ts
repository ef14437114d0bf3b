/**
 * Guards found in review, on real IndexedDB: recomputing a monitor from the middle of its log
 * keeps every prediction in exactly one stored window; an alias an active deployment uses cannot
 * be removed; a shadow copy is judged by the label of the prediction it copies.
 */
import { expect, it } from 'vitest';
import { errorInfo } from '../../src/lib/errors';
import { logisticRegression } from '../../src/lib/ml/models/logistic-regression';
import { createMonitor, MonitorEngine, readResults } from '../../src/lib/monitor';
import { addVersion, removeAlias, setAlias } from '../../src/lib/registry';
import { attachLabels, createDeployment, predictionStats, ServingService } from '../../src/lib/serve';
import { openBenchtopDB, type DB } from '../../src/lib/store';

const d = 4, features = Array.from({ length: d }, (_, j) => `f${j}`);
let seed = 7;
const r = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const record = () => Object.fromEntries(features.map((f) => [f, r()]));

async function served(db: DB, name: string): Promise<void> {
  const n = 300, X = Float64Array.from({ length: n * d }, r), y = Int32Array.from({ length: n }, (_, i) => (X[i * d] > 0.5 ? 1 : 0));
  const model = logisticRegression.fit({ X, n, d, y, classes: ['0', '1'], featureNames: features }, 'binary', {}, {});
  for (let k = 0; k < 2; k++) {
    await addVersion(db, name, {
      description: '', tags: {}, source: { kind: 'run', runId: null, experimentId: null },
      lineage: { runId: null, experimentId: null, datasetId: null, datasetVersion: 'none', recipeIds: [] },
      model: { format: 'benchtop-model-v1', model: 'logistic-regression', task: 'binary', target: 'y', features, classes: ['0', '1'], imputed: [], params: {}, datasetVersion: 'none', weights: logisticRegression.toJSON(model) },
      recipes: [], signature: { inputs: features.map((f) => ({ name: f, type: 'float' as const, required: true })), output: { name: 'y', task: 'binary', classes: ['0', '1'] } },
      inputExample: [], metrics: {},
      card: { intendedUse: '', limitations: '', ethics: '', notes: '', computed: { algorithm: 'Logistic regression', task: 'binary', trainingData: { datasetId: null, datasetName: null, versionId: 'none', rows: 0, trainRows: null, testRows: null, recipeIds: [] }, metrics: [], slices: null, params: {} } },
    }, 'create');
  }
  await setAlias(db, name, 'champion', 1);
  await setAlias(db, name, 'challenger', 2);
}

it('a recompute from mid-log keeps every prediction in exactly one window', async () => {
  const db = await openBenchtopDB(), name = `range-${crypto.randomUUID().slice(0, 8)}`;
  await served(db, name);
  const s = new ServingService(async () => db);
  for (let i = 0; i < 300; i++) {
    await s.predict(name, 'champion', [record()]);
    if (i % 7 === 0) await new Promise((res) => setTimeout(res, 1)); // spread over several milliseconds
  }
  await s.flush();
  const m = await createMonitor(db, { deployment: `endpoint:${name}@champion`, reference: { kind: 'log', from: 0, to: Date.now() }, window: { kind: 'last', n: 100 } });
  const engine = new MonitorEngine(async () => db);
  const all = await engine.compute(m.id);
  const mid = all[1].start + 1;
  await engine.compute(m.id, { from: mid, to: mid + 5 });
  const stored = await readResults(db, m.id);
  expect(stored.reduce((t, w) => t + w.rows, 0)).toBe(300);
  expect(stored.map((w) => w.start)).toEqual(all.map((w) => w.start));
  engine.dispose();
  s.dispose();
});

it('an alias an active deployment uses cannot be removed; a shadow copy takes the primary\'s label', async () => {
  const db = await openBenchtopDB(), name = `alias-${crypto.randomUUID().slice(0, 8)}`;
  await served(db, name);
  const dep = await createDeployment(db, { model: name, alias: 'champion', strategy: 'shadow', primary: { alias: 'champion' }, candidate: { alias: 'challenger' } });
  const refused = await removeAlias(db, name, 'challenger').then(() => null, errorInfo);
  expect(refused?.code).toBe('BAD_REGISTRY');
  expect(refused?.message).toContain(dep.name);
  const s = new ServingService(async () => db);
  const out = await s.predict(name, 'champion', [record(), record()]);
  await s.flush();
  await attachLabels(db, out.ids.map((id, i) => ({ id, label: out.predictions[i].output as string })));
  const stats = await predictionStats(db, { deployment: dep.id });
  const shadow = stats.arms.find((a) => a.arm === 'shadow');
  expect(shadow?.labelled).toBe(2);
  s.dispose();
});
