/**
 * Model bundles: one zip file that carries a registry version to any device or app
 * (docs/bundle-format.md has the full description). Format 'benchtop-bundle-v1':
 *
 *   MANIFEST.json           { format: 'benchtop-bundle-v1', created (ISO 8601), appVersion?, name, version,
 *                             algorithm, task, files: [{ path, bytes, sha256 }] }: every other file, with its
 *                             uncompressed size and SHA-256 (hex)
 *   model/model.json        the model document (ModelDoc, 'benchtop-model-v1'); `weights` is the algorithm's
 *                             documented JSON: benchtop-linear-v1, benchtop-tree-v1, benchtop-forest-v1, benchtop-mlp-v1
 *   tfjs/model.json         MLP and linear models only: a TensorFlow.js LAYERS model (tf.sequential of Dense
 *   tfjs/group1-shard1of1.bin  layers, input scaling folded in) for plain tf.loadLayersModel; see ml/models/mlp-layers.ts
 *   recipe/recipes.json     the fitted recipe chain, applied first to last to raw inputs (may be [])
 *   signature.json          raw inputs (names, types, categories, ranges) and the output
 *   input_example.json      a few raw input rows
 *   card.md / card.json     the model card, as Markdown and as the registry's ModelCard
 *   metrics.json            the run's test metrics { id: number }
 *   lineage.json            { lineage, source }: run, experiment, dataset, dataset version, recipe ids
 *   version.json            { name, version, description, tags, stage (at export), created, updated }
 *
 * JSON files are UTF-8; non-finite numbers are written {"$number": "NaN" | "Infinity" | "-Infinity"}.
 * readBundle verifies everything (bundle-unzip.ts, then bundle-check.ts) and writes nothing;
 * importBundle adds the verified version as the next version of a model, in one transaction, so a
 * refused bundle writes nothing.
 */
import type { DB } from '../store/db';
import type { BundleContents } from './bundle-format';
import { checkContents } from './bundle-check';
import { unzipBundle } from './bundle-unzip';
import type { ModelVersionRecord } from './types';
import { addVersion } from './versions';

export { BUNDLE_FORMAT, MAX_BUNDLE_BYTES, type BundleContents, type BundleManifest } from './bundle-format';
export { exportBundle, type ExportOptions } from './bundle-write';
export { usageSnippet, type UsageSnippet } from './bundle-usage';

/** Verifies a bundle's structure, sizes, checksums and contents; a BAD_BUNDLE error names the file and the problem. */
export async function readBundle(bytes: Uint8Array): Promise<BundleContents> {
  const { manifest, files } = await unzipBundle(bytes);
  return checkContents(manifest, files);
}

export interface ImportOptions {
  /** The bundle's file name (recorded as the version's source). */
  fileName: string;
  /** Register under this model name instead of the one the bundle carries. */
  name?: string;
}

/**
 * Verifies the bundle fully, then stores it as the next version of `name` (default: the bundle's
 * model name): description, tags, model, recipes, signature, example, metrics, card and lineage as
 * exported; stage None; source { kind: 'bundle', fileName, runId and experimentId as declared }.
 */
export async function importBundle(db: DB, bytes: Uint8Array, opts: ImportOptions): Promise<ModelVersionRecord> {
  const { record: r } = await readBundle(bytes);
  return addVersion(db, opts.name ?? r.name, {
    description: r.description, tags: r.tags,
    source: { kind: 'bundle', runId: r.source.runId, experimentId: r.source.experimentId, fileName: opts.fileName },
    lineage: r.lineage, model: r.model, recipes: r.recipes, signature: r.signature, inputExample: r.inputExample, metrics: r.metrics, card: r.card,
  }, 'import');
}
