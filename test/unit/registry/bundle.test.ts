/**
 * Model bundles in Node: the export → readBundle round trip gives back the version record exactly
 * (a logistic regression with a TensorFlow.js form, a random forest without), the reloaded models
 * predict identically, and a bundle that is tampered with, damaged, incomplete, padded or too large
 * is refused with a BAD_BUNDLE error that names the file and the problem.
 */
import '@tensorflow/tfjs-backend-cpu';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { logisticRegression } from '../../../src/lib/ml/models/logistic-regression';
import { randomForest } from '../../../src/lib/ml/models/random-forest';
import { modelDef } from '../../../src/lib/ml/models/registry';
import { exportBundle, readBundle } from '../../../src/lib/registry/bundle';
import { cardMarkdown } from '../../../src/lib/registry/card';
import type { ModelVersionRecord } from '../../../src/lib/registry/types';
import { versionRecord } from './bundle-fixture';

let logistic: Awaited<ReturnType<typeof versionRecord>>;
let forest: Awaited<ReturnType<typeof versionRecord>>;
let bundle: Uint8Array;

beforeAll(async () => {
  logistic = await versionRecord(logisticRegression, 'binary', { C: 1 });
  forest = await versionRecord(randomForest, 'multiclass', { n_estimators: 5, max_depth: 4 });
  bundle = await exportBundle(logistic.v, { appVersion: '0.1.0', now: Date.UTC(2025, 0, 2) });
});

/** The bundle's files, changed by `edit`, zipped again; with `manifest` the manifest is rewritten to match (sizes, checksums). */
async function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void, manifest = false): Promise<Uint8Array> {
  const files = unzipSync(bytes);
  edit(files);
  if (manifest) {
    const m = JSON.parse(strFromU8(files['MANIFEST.json'])) as { files: { path: string; bytes: number; sha256: string }[] };
    m.files = await Promise.all(Object.keys(files).filter((p) => p !== 'MANIFEST.json').map(async (path) => {
      const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', files[path]));
      return { path, bytes: files[path].length, sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('') };
    }));
    files['MANIFEST.json'] = strToU8(JSON.stringify(m));
  }
  return zipSync(files as Zippable);
}

/** Edits one JSON file of the bundle and fixes the manifest, so only the content checks can refuse it. */
const editJson = (path: string, edit: (doc: any) => void) => rezip(bundle, (files) => {
  const doc = JSON.parse(strFromU8(files[path]));
  edit(doc);
  files[path] = strToU8(JSON.stringify(doc));
}, true);

/** Sets the uncompressed size the zip's central directory declares for `name`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice(), view = new DataView(out.buffer);
  for (let p = 0; p + 46 < out.length; p++) {
    if (view.getUint32(p, true) !== 0x02014b50) continue;
    const len = view.getUint16(p + 28, true);
    if (strFromU8(out.subarray(p + 46, p + 46 + len)) === name) { view.setUint32(p + 24, size, true); return out; }
  }
  throw new Error(`no central directory entry for ${name}`);
}

async function refusal(bytes: Uint8Array): Promise<{ code: string; message: string }> {
  try {
    await readBundle(bytes);
  } catch (e) {
    return errorInfo(e);
  }
  throw new Error('the bundle was accepted');
}

describe('bundle round trip', () => {
  it('gives back the logistic regression version exactly, with its manifest, card and TensorFlow.js model', async () => {
    const c = await readBundle(bundle);
    expect(c.record).toEqual(logistic.v);
    expect(c.cardMarkdown).toBe(cardMarkdown(logistic.v));
    expect(c.manifest).toMatchObject({ format: 'benchtop-bundle-v1', created: '2025-01-02T00:00:00.000Z', appVersion: '0.1.0', name: 'toy-model', version: 3, algorithm: 'logistic-regression', task: 'binary' });
    expect(c.manifest.files.map((f) => f.path).sort()).toEqual([
      'card.json', 'card.md', 'input_example.json', 'lineage.json', 'metrics.json', 'model/model.json', 'recipe/recipes.json', 'signature.json',
      'tfjs/group1-shard1of1.bin', 'tfjs/model.json', 'version.json',
    ]);
    expect(c.tfjs?.modelJson.format).toBe('layers-model');
    expect(c.tfjs?.weights.length).toBe((logistic.data.d + 1) * 4);
  });

  it('gives back the random forest version exactly, without a TensorFlow.js model, and it predicts the same', async () => {
    const c = await readBundle(await exportBundle(forest.v));
    expect(c.record).toEqual(forest.v);
    expect(c.tfjs).toBeNull();
    expect(c.manifest.appVersion).toBeUndefined();
    const def = modelDef('random-forest')!, { X, n } = forest.data;
    expect(Array.from(def.predictProba!(def.fromJSON(c.record.model.weights), X, n) as Float64Array)).toEqual(Array.from(randomForest.predictProba!(forest.model as never, X, n)));
  });

  it('keeps non-finite numbers (a fitted recipe may hold NaN or Infinity) and leaves non-finite metrics out', async () => {
    const v: ModelVersionRecord = structuredClone(logistic.v);
    (v.recipes[0].steps[0] as { fitted: unknown }).fitted = { fills: [{ column: 'x1', value: NaN }, { column: 'x2', value: Infinity }] };
    v.metrics = { ...v.metrics, odd: NaN };
    const c = await readBundle(await exportBundle(v));
    expect(c.record.recipes[0].steps[0].fitted).toEqual({ fills: [{ column: 'x1', value: NaN }, { column: 'x2', value: Infinity }] });
    expect(c.record.metrics).toEqual(logistic.v.metrics);
  });
});

describe('bundle verification refuses', () => {
  const cases: [string, () => Promise<Uint8Array>, RegExp][] = [
    ['a flipped byte in model/model.json', () => rezip(bundle, (f) => { f['model/model.json'][40] ^= 1; }), /model\/model\.json: checksum mismatch/],
    ['a missing file', () => rezip(bundle, (f) => { delete f['signature.json']; }), /signature\.json: is listed in MANIFEST\.json but missing from the zip/],
    ['an unlisted file', () => rezip(bundle, (f) => { f['extra.txt'] = strToU8('hello'); }), /extra\.txt: is in the zip but not listed in MANIFEST\.json/],
    ['a listed file the format does not have', () => rezip(bundle, (f) => { f['extra.txt'] = strToU8('hello'); }, true), /extra\.txt: is not a file of the benchtop-bundle-v1 format/],
    ['a file that is not a zip', async () => strToU8('{"format": "benchtop-bundle-v1"}'.repeat(4)), /not a zip file/],
    ['a truncated zip', async () => bundle.slice(0, bundle.length - 30), /not a zip file/],
    ['a zip without a manifest', async () => zipSync({ 'model/model.json': strToU8('{}') }), /MANIFEST\.json: is missing/],
    ['an unknown manifest format', () => rezip(bundle, (f) => { f['MANIFEST.json'] = strToU8(strFromU8(f['MANIFEST.json']).replace('benchtop-bundle-v1', 'benchtop-bundle-v9')); }), /MANIFEST\.json: unknown format "benchtop-bundle-v9"/],
    ['a manifest that is not JSON', () => rezip(bundle, (f) => { f['MANIFEST.json'] = strToU8('{"format": '); }), /MANIFEST\.json: is not valid JSON/],
    ['a file larger than the manifest says', () => rezip(bundle, (f) => {
      const m = JSON.parse(strFromU8(f['MANIFEST.json']));
      m.files.find((x: { path: string }) => x.path === 'metrics.json').bytes -= 1;
      f['MANIFEST.json'] = strToU8(JSON.stringify(m));
    }), /metrics\.json: MANIFEST\.json declares \d+ bytes but the file holds \d+/],
    ['files declared larger than 512 MB in the zip', async () => declareSize(bundle, 'card.md', 600 * 1024 * 1024), /would take 6\d\d\.\d MB uncompressed; the limit is 512 MB/],
    ['a manifest declaring more than 512 MB', () => rezip(bundle, (f) => {
      const m = JSON.parse(strFromU8(f['MANIFEST.json']));
      m.files[0].bytes = 513 * 1024 * 1024;
      f['MANIFEST.json'] = strToU8(JSON.stringify(m));
    }), /MANIFEST\.json: declares 513\.\d MB of files; the limit is 512 MB/],
    ['a zip entry smaller than its declared size', async () => declareSize(bundle, 'card.md', strToU8(cardMarkdown(logistic.v)).length + 10), /card\.md: the zip declares \d+ bytes but the file holds \d+/],
    ['an unsafe path', () => rezip(bundle, (f) => { f['../evil.json'] = strToU8('{}'); }, true), /\.\.\/evil\.json: is not a safe relative path/],
    ['a model that does not load', () => editJson('model/model.json', (d) => { d.weights.coef[0].pop(); }), /model\/model\.json: the logistic-regression model does not load \(.*coef must be 1 row\(s\) of 5/],
    ['an unknown algorithm', () => editJson('model/model.json', (d) => { d.model = 'gradient-boosting'; }), /unknown algorithm "gradient-boosting"; this Benchtop knows .*random-forest/],
    ['weights fitted on other features', () => editJson('model/model.json', (d) => { d.features = [...d.features].reverse(); }), /model\/model\.json: the weights were fitted on other features/],
    ['a recipe with an unknown step', () => editJson('recipe/recipes.json', (d) => { d[0].steps[1].type = 'embed'; }), /recipe\/recipes\.json: recipe 1 of 1: Step 2 \(embed\): unknown step type "embed"/],
    ['a recipe step without its fitted state', () => editJson('recipe/recipes.json', (d) => { delete d[0].steps[0].fitted; }), /recipe\/recipes\.json: recipe 1 of 1: step 1 \(impute\) is not fitted/],
    ['a recipe that does not produce the features', () => editJson('recipe/recipes.json', (d) => { d[0].output = d[0].output.filter((c: { name: string }) => c.name !== 'x2'); }), /the last recipe does not produce the model's feature "x2"/],
    ['a signature for another target', () => editJson('signature.json', (d) => { d.output.name = 'z'; }), /signature\.json: output\.name is "z" but the model predicts "y"/],
    ['a signature input without a type', () => editJson('signature.json', (d) => { delete d.inputs[1].type; }), /signature\.json: inputs\[1\] must be/],
    ['a bad stage', () => editJson('version.json', (d) => { d.stage = 'Live'; }), /version\.json: stage must be one of None, Staging, Production, Archived/],
    ['a manifest naming another model', () => editJson('MANIFEST.json', (d) => { d.name = 'other'; }), /MANIFEST\.json: name is "other" but the bundle's files say "toy-model"/],
    ['a TensorFlow.js model whose weights are short', () => rezip(bundle, (f) => { f['tfjs/group1-shard1of1.bin'] = f['tfjs/group1-shard1of1.bin'].slice(4); }, true), /tfjs\/model\.json: its weights manifest describes 24 bytes but the weight files hold 20/],
  ];
  for (const [what, make, message] of cases) {
    it(what, async () => {
      const { code, message: got } = await refusal(await make());
      expect(code).toBe('BAD_BUNDLE');
      expect(got).toMatch(message);
    });
  }

  it('accepts the untouched bundle zipped again by another tool (directory entries are ignored)', async () => {
    const files = unzipSync(bundle);
    const again = zipSync({ ...files, 'model/': new Uint8Array(0) } as Zippable);
    await expect(readBundle(again)).resolves.toMatchObject({ record: { name: 'toy-model' } });
  });
});
