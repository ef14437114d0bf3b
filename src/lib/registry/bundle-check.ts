/**
 * The second half of verifying a bundle: its contents, once the zip, manifest and checksums are
 * sound (bundle-unzip.ts). The bundle holds exactly the known files; the model document loads
 * with its algorithm's fromJSON; the fitted recipes have no problems, every fitted step carries
 * its state, each recipe's input columns come out of the one before, and the model's features
 * come out of the last; the signature, input example, metrics, lineage, version and card have
 * their shapes; the TensorFlow.js model, when present, is a layers model whose weight files are in
 * the bundle with the sizes its manifest gives; and MANIFEST.json agrees with the files.
 */
import { modelDef, MODELS } from '../ml/models/registry';
import { recipeProblems, stepDef, type FittedRecipe } from '../recipe';
import { badBundle, decodeJson, decodeText, FILES, MANIFEST, REQUIRED_FILES, type BundleContents, type BundleManifest } from './bundle-format';
import { checkCard, checkColumns, checkInputExample, checkLineage, checkMetrics, checkSignature, checkVersionInfo, ensure, isObject, isStrings, TASKS } from './bundle-shape';
import type { ModelDoc } from './types';

export function checkModelDoc(v: unknown): ModelDoc {
  const f = FILES.model;
  ensure(isObject(v) && v.format === 'benchtop-model-v1', f, `must be a model document of format benchtop-model-v1${isObject(v) ? `, not ${JSON.stringify(v.format)}` : ''}.`);
  const def = typeof v.model === 'string' ? modelDef(v.model) : undefined;
  ensure(def, f, `unknown algorithm ${JSON.stringify(v.model)}; this Benchtop knows ${MODELS.map((m) => m.id).join(', ')}.`);
  ensure(TASKS.includes(v.task as never) && def.tasks.includes(v.task as never), f, `task ${JSON.stringify(v.task)} is not one ${def.id} does (${def.tasks.join(', ')}).`);
  ensure(typeof v.target === 'string' && typeof v.datasetVersion === 'string', f, 'target and datasetVersion must be text.');
  ensure(isStrings(v.features) && v.features.length > 0 && new Set(v.features).size === v.features.length, f, 'features must be a non-empty list of distinct names.');
  const classes = v.classes;
  ensure(v.task === 'regression' ? classes === null : isStrings(classes) && classes.length >= 2, f, v.task === 'regression' ? 'a regression model has classes null.' : 'a classifier needs at least two classes.');
  const features = v.features;
  ensure(Array.isArray(v.imputed) && v.imputed.every((m) => isObject(m) && features.includes(m.feature as string) && typeof m.value === 'number' && typeof m.count === 'number'), f, 'imputed must list {feature, value, count} for features of the model.');
  ensure(isObject(v.params) && Object.values(v.params).every((p) => ['number', 'string', 'boolean'].includes(typeof p)), f, 'params must be an object of numbers, text and booleans.');
  let model: unknown;
  try {
    model = def.fromJSON(v.weights);
  } catch (e) {
    throw badBundle(f, `the ${def.id} model does not load (${(e as Error).message})`);
  }
  def.dispose?.(model);
  const names = (v.weights as { featureNames?: unknown }).featureNames;
  ensure(names === undefined || JSON.stringify(names) === JSON.stringify(features), f, 'the weights were fitted on other features than the document lists.');
  return v as unknown as ModelDoc;
}

export function checkRecipes(v: unknown, features: readonly string[]): FittedRecipe[] {
  const f = FILES.recipes;
  ensure(Array.isArray(v), f, 'must be a list of fitted recipes.');
  let before: Set<string> | null = null;
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i], at = `recipe ${i + 1} of ${v.length}`;
    ensure(isObject(r) && r.version === 1 && Array.isArray(r.steps), f, `${at} must be {version: 1, steps, input, output}.`);
    const input = checkColumns(f, `${at}: input`, r.input), output = checkColumns(f, `${at}: output`, r.output);
    const problems = recipeProblems(r as unknown as FittedRecipe, input).flat();
    ensure(problems.length === 0, f, `${at}: ${problems[0]}`);
    (r.steps as { type: string; fitted?: unknown }[]).forEach((s, j) => ensure(!stepDef(s.type)?.fit || s.fitted !== undefined, f, `${at}: step ${j + 1} (${s.type}) is not fitted.`));
    const have = before;
    const missing = have ? input.map((c) => c.name).filter((n) => !have.has(n)) : [];
    ensure(missing.length === 0, f, `${at} reads ${missing.map((n) => JSON.stringify(n)).join(', ')}, which the recipe before it does not produce.`);
    before = new Set(output.map((c) => c.name));
  }
  const last = before;
  const absent = last ? features.filter((n) => !last.has(n)) : [];
  ensure(absent.length === 0, f, `the last recipe does not produce the model's feature${absent.length > 1 ? 's' : ''} ${absent.map((n) => JSON.stringify(n)).join(', ')}.`);
  return v as FittedRecipe[];
}

const WEIGHT_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** tfjs/model.json and its weight files: a layers model whose weights manifest the bundle's files fill exactly. */
function checkTfjs(files: Map<string, Uint8Array>): BundleContents['tfjs'] {
  const f = FILES.tfjsModel, bytes = files.get(f);
  if (!bytes) return null;
  const m = decodeJson(f, bytes);
  ensure(isObject(m) && m.format === 'layers-model' && isObject(m.modelTopology) && Array.isArray(m.weightsManifest), f, 'must be a TensorFlow.js layers model (format "layers-model", modelTopology, weightsManifest).');
  const parts: Uint8Array[] = [];
  let expected = 0;
  for (const group of m.weightsManifest as { paths?: unknown; weights?: unknown }[]) {
    ensure(isObject(group) && isStrings(group.paths) && Array.isArray(group.weights), f, 'each weightsManifest group must have paths and weights.');
    for (const w of group.weights as { shape?: unknown; dtype?: unknown }[]) {
      ensure(isObject(w) && Array.isArray(w.shape) && w.shape.every((d) => Number.isInteger(d) && d >= 0) && WEIGHT_BYTES[w.dtype as string], f, 'each weight must have a shape and a dtype (float32, int32 or bool).');
      expected += (w.shape as number[]).reduce((a, b) => a * b, 1) * WEIGHT_BYTES[w.dtype as string];
    }
    for (const p of group.paths as string[]) {
      const data = files.get(`tfjs/${p.replace(/^\.\//, '')}`);
      ensure(data, f, `its weights manifest names ${p}, which is not in the bundle's tfjs/ folder.`);
      parts.push(data);
    }
  }
  const weights = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  parts.reduce((o, p) => (weights.set(p, o), o + p.length), 0);
  ensure(weights.length === expected, f, `its weights manifest describes ${expected} bytes but the weight files hold ${weights.length}.`);
  return { modelJson: m, weights };
}

/** Checks every file of an unzipped, checksum-verified bundle and assembles what it holds. */
export function checkContents(manifest: BundleManifest, files: Map<string, Uint8Array>): BundleContents {
  for (const path of REQUIRED_FILES) if (!files.has(path)) throw badBundle(path, 'is missing: every Benchtop bundle has it.');
  const json = (path: string) => decodeJson(path, files.get(path)!);
  const model = checkModelDoc(json(FILES.model));
  const recipes = checkRecipes(json(FILES.recipes), model.features);
  const signature = checkSignature(json(FILES.signature), model.task, model.target, model.classes);
  const { lineage, source } = checkLineage(json(FILES.lineage));
  const info = checkVersionInfo(json(FILES.version));
  const card = checkCard(json(FILES.card), model.task);
  const record = {
    name: info.name, version: info.version, description: info.description, tags: info.tags, stage: info.stage, source, lineage, model, recipes, signature,
    inputExample: checkInputExample(json(FILES.inputExample)), metrics: checkMetrics(json(FILES.metrics)), card, created: info.created, updated: info.updated,
  };
  const tfjs = checkTfjs(files);
  const known = new Set([...REQUIRED_FILES, ...(tfjs ? [FILES.tfjsModel, ...(tfjs.modelJson.weightsManifest as { paths: string[] }[]).flatMap((g) => g.paths.map((p) => `tfjs/${p.replace(/^\.\//, '')}`))] : [])]);
  for (const path of files.keys()) if (!known.has(path)) throw badBundle(path, `is not a file of the ${manifest.format} format.`);
  const said = { name: manifest.name, version: manifest.version, algorithm: manifest.algorithm, task: manifest.task };
  const is = { name: info.name, version: info.version, algorithm: model.model, task: model.task };
  for (const k of Object.keys(said) as (keyof typeof said)[]) {
    ensure(said[k] === is[k], MANIFEST, `${k} is ${JSON.stringify(said[k])} but the bundle's files say ${JSON.stringify(is[k])}.`);
  }
  return { manifest, record, cardMarkdown: decodeText(FILES.cardMarkdown, files.get(FILES.cardMarkdown)!), tfjs };
}
