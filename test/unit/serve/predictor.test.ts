/**
 * The serving predictor on registered versions trained here (fixtures.ts): predictions through the
 * raw path (records → signature → recipe chain → imputation → model) equal predicting the
 * recipe-transformed table directly; refused rows do not disturb the others; soft violations are
 * predicted and reported; the plain-JS MLP forward pass equals the tfjs predictions.
 */
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src/lib/ml/backend';
import type { Task } from '../../../src/lib/ml/model';
import { applyRecipe } from '../../../src/lib/recipe/recipe';
import { tableFromRecords } from '../../../src/lib/recipe/table';
import { loadPredictor } from '../../../src/lib/serve/predictor';
import { features, makeVersion, records, type Made } from './fixtures';

beforeAll(async () => { await setBackend('cpu'); });

/** What the model says for records, computed directly from the recipe and the model def. */
async function direct(made: Made, recs: Record<string, unknown>[]): Promise<{ pred: Float64Array; proba: Float64Array | null }> {
  const t = applyRecipe(made.fitted, tableFromRecords(made.fitted.input, recs), { live: true });
  const v = made.version.model;
  const { X } = features(t, v.features, [0, v.imputed[0].value, 0, 0, 0].map((m, j) => (j === 1 ? m : 0)));
  const pred = await made.def.predict(made.model, X, t.rows);
  const proba = made.def.predictProba && v.task !== 'regression' ? await made.def.predictProba(made.model, X, t.rows) : null;
  return { pred, proba };
}

const CASES: [string, Task][] = [
  ['logistic-regression', 'binary'], ['logistic-regression', 'multiclass'], ['linear-regression', 'regression'], ['ridge', 'regression'],
  ['linear-svc', 'binary'], ['decision-tree', 'multiclass'], ['random-forest', 'regression'],
];

describe('raw path = recipe-transformed table predicted directly', () => {
  for (const [id, task] of CASES) {
    it(`${id} (${task})`, async () => {
      const made = await makeVersion(id, task, id === 'random-forest' ? { params: { n_estimators: 10 } } : {});
      const p = await loadPredictor(made.version);
      const recs = records(60);
      const got = await p.predictRecords(recs);
      const want = await direct(made, recs);
      const k = made.version.model.classes?.length ?? 0;
      got.forEach((g, i) => {
        expect(g.output).not.toBeNull();
        if (task === 'regression') expect(g.output as number).toBeCloseTo(want.pred[i], 10);
        else expect(g.output).toBe(made.version.model.classes![want.pred[i]]);
        if (want.proba) g.proba!.forEach((q, c) => expect(q).toBeCloseTo(want.proba![i * k + c], 12));
        else expect(g.proba).toBeNull();
        expect(g.violations).toEqual([]);
      });
      // Columnar paths: the raw training table, and the transformed table (features already there).
      const raw = await p.predictRaw(made.raw), feat = await p.predictFeatures(made.transformed);
      const all = await made.def.predict(made.model, features(made.transformed, made.version.model.features, [0, made.version.model.imputed[0].value, 0, 0, 0]).X, made.raw.rows);
      expect(Array.from(raw.yPred)).toEqual(Array.from(all));
      expect(Array.from(feat.yPred)).toEqual(Array.from(all));
      expect(raw.refused).toEqual([]);
    });
  }
});

describe('violations', () => {
  it('refuses rows with hard violations without disturbing the others; predicts and reports soft ones', async () => {
    const made = await makeVersion('logistic-regression', 'multiclass');
    const p = await loadPredictor(made.version);
    const good = records(6);
    const bad: Record<string, unknown>[] = [
      { ...good[0], x1: 'abc' },             // type: refused
      { x2: 1, color: 'red' },               // x1 missing: refused
      { ...good[1], color: null },           // required colour null: refused
      { ...good[2], x1: 100 },               // out of range: predicted
      { ...good[3], color: 'purple' },       // unseen category: predicted (one-hot all zeros)
      { ...good[4], extra: 1 },              // unknown column: predicted
      { ...good[5], x2: 'NA' },              // optional x2 missing marker: imputed, no violation
    ];
    const recs = [good[0], ...bad, good[1]];
    const got = await p.predictRecords(recs);
    const ok = await direct(made, [good[0], good[1]]);
    expect(got[0].output).toBe(made.version.model.classes![ok.pred[0]]);
    expect(got[8].output).toBe(made.version.model.classes![ok.pred[1]]);
    expect(got.slice(1, 4).map((g) => [g.output, g.violations.map((v) => `${v.kind}:${v.column}`)])).toEqual([
      [null, ['type:x1']], [null, ['missing:x1']], [null, ['missing:color']],
    ]);
    expect(got[1].violations[0].message).toBe(`'x1' must be a number; got "abc".`);
    expect(got[2].violations[0].message).toContain('is absent');
    expect(got[4].violations.map((v) => v.kind)).toEqual(['range']);
    expect(got[4].violations[0].message).toMatch(/'x1' = 100 is outside the training range \[-1\.9\d*, 1\.9\d*\]/);
    expect(got[5].violations.map((v) => v.kind)).toEqual(['category']);
    expect(got[5].violations[0].message).toContain(`known categories: 'blue', 'green', 'red'`);
    expect(got[6].violations.map((v) => v.kind)).toEqual(['unknown-column']);
    expect(got[7].violations).toEqual([]);
    for (const i of [4, 5, 6, 7]) expect(got[i].output).not.toBeNull();
    // The soft rows predict what the model says for them.
    const soft = await direct(made, [bad[3], { ...good[3], color: null }, good[4], { x1: good[5].x1, color: good[5].color }]);
    expect([4, 5, 6, 7].map((i) => got[i].output)).toEqual(Array.from(soft.pred, (c) => made.version.model.classes![c]));
  });

  it('a recipe step that refuses a row (one-hot handle_unknown error) refuses that row only', async () => {
    const made = await makeVersion('logistic-regression', 'binary');
    const v = structuredClone(made.version);
    v.recipes[0].steps[0].params = { ...v.recipes[0].steps[0].params, handle_unknown: 'error' };
    const p = await loadPredictor(v);
    const recs = records(4);
    recs[2].color = 'purple';
    const got = await p.predictRecords(recs);
    expect(got[2].output).toBeNull();
    expect(got[2].violations.map((x) => x.kind)).toEqual(['category', 'recipe']);
    expect(got[2].violations[1].message).toMatch(/one-hot/);
    const want = await direct(made, [recs[0], recs[1], recs[3]]);
    expect([0, 1, 3].map((i) => got[i].output)).toEqual(Array.from(want.pred, (c) => made.version.model.classes![c]));
  });

  it('a table missing a required column refuses every row, with the column named', async () => {
    const made = await makeVersion('linear-regression', 'regression');
    const p = await loadPredictor(made.version);
    const t = { rows: made.raw.rows, columns: made.raw.columns.filter((c) => c.name !== 'color') };
    const out = await p.predictRaw(t);
    expect(out.refused).toHaveLength(made.raw.rows);
    expect(out.refused[0].violations[0]).toMatchObject({ column: 'color', kind: 'missing' });
    expect(Number.isNaN(out.yPred[0])).toBe(true);
  });
});

describe('MLP: the plain-JS forward pass equals tfjs', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as Task[]) {
    it(task, async () => {
      const made = await makeVersion('mlp', task, { params: { hidden_layer_sizes: '16,8', max_iter: 40, activation: task === 'multiclass' ? 'tanh' : task === 'regression' ? 'logistic' : 'relu' } });
      const p = await loadPredictor(made.version);
      const { X } = features(made.transformed, made.version.model.features, [0, made.version.model.imputed[0].value, 0, 0, 0]);
      const n = made.raw.rows;
      const tfPred = await made.def.predict(made.model, X, n);
      const out = await p.predictFeatures(made.transformed);
      if (task === 'regression') {
        const scale = Math.max(...tfPred.map(Math.abs));
        for (let i = 0; i < n; i++) expect(Math.abs(out.yPred[i] - tfPred[i]) / scale).toBeLessThan(1e-5);
      } else {
        const tfProba = await made.def.predictProba!(made.model, X, n);
        for (let i = 0; i < tfProba.length; i++) expect(Math.abs(out.proba![i] - tfProba[i])).toBeLessThan(1e-5);
        expect(Array.from(out.yPred)).toEqual(Array.from(tfPred));
      }
      made.def.dispose?.(made.model);
    });
  }
});

describe('algorithms', () => {
  it('serving runs every algorithm of models/registry.ts (its own table avoids loading tfjs)', async () => {
    const { MODELS } = await import('../../../src/lib/ml/models/registry');
    const { SERVED } = await import('../../../src/lib/serve/model-runner');
    expect([...SERVED].sort()).toEqual(MODELS.map((m) => m.id).sort());
  });
});
