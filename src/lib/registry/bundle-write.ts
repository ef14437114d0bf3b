/**
 * Writing a bundle: the files of a model version (the format is described in bundle.ts), their
 * sizes and SHA-256 checksums in MANIFEST.json, all in one zip (fflate, deflate level 6). The
 * TensorFlow.js layers model is produced for the MLP and the linear models (ml/models/mlp-layers.ts,
 * which loads TensorFlow.js on first use); trees have only their model document (JSON).
 */
import { zipSync, type Zippable } from 'fflate';
import { tfjsArtifacts, TFJS_WEIGHTS_FILE } from '../ml/models/mlp-layers';
import { cardMarkdown } from './card';
import { BUNDLE_FORMAT, encodeJson, FILES, MANIFEST, sha256Hex, type BundleManifest } from './bundle-format';
import type { ModelVersionRecord } from './types';

export interface ExportOptions {
  /** The Benchtop version writing the bundle (recorded in MANIFEST.json). */
  appVersion?: string;
  /** The time of writing, ms since 1970 (default now). */
  now?: number;
}

/** JSON cannot hold non-finite metrics (none are logged); they are left out rather than written as null. */
const finiteMetrics = (m: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

/** Every file of the bundle but the manifest, by path. */
export async function bundleFiles(v: ModelVersionRecord): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {
    [FILES.model]: encodeJson(v.model, false),
    [FILES.recipes]: encodeJson(v.recipes, false),
    [FILES.signature]: encodeJson(v.signature),
    [FILES.inputExample]: encodeJson(v.inputExample),
    [FILES.cardMarkdown]: new TextEncoder().encode(cardMarkdown(v)),
    [FILES.card]: encodeJson(v.card),
    [FILES.metrics]: encodeJson(finiteMetrics(v.metrics)),
    [FILES.lineage]: encodeJson({ lineage: v.lineage, source: v.source }),
    [FILES.version]: encodeJson({ name: v.name, version: v.version, description: v.description, tags: v.tags, stage: v.stage, created: v.created, updated: v.updated }),
  };
  const doc = v.model;
  const tfjs = await tfjsArtifacts(doc.model, doc.weights, doc.target, {
    name: v.name, version: v.version, algorithm: doc.model, task: doc.task, target: doc.target, imputed: doc.imputed,
  });
  if (tfjs) {
    files[FILES.tfjsModel] = encodeJson(tfjs.modelJson, false);
    files[`tfjs/${TFJS_WEIGHTS_FILE}`] = tfjs.weights;
  }
  return files;
}

/** The version as one zip file: MANIFEST.json first, then the files it lists. */
export async function exportBundle(v: ModelVersionRecord, opts: ExportOptions = {}): Promise<Uint8Array> {
  const now = opts.now ?? Date.now();
  const files = await bundleFiles(v);
  const list = await Promise.all(Object.entries(files).map(async ([path, data]) => ({ path, bytes: data.length, sha256: await sha256Hex(data) })));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT, created: new Date(now).toISOString(), ...(opts.appVersion ? { appVersion: opts.appVersion } : {}),
    name: v.name, version: v.version, algorithm: v.model.model, task: v.model.task, files: list,
  };
  const zippable: Zippable = { [MANIFEST]: encodeJson(manifest) };
  for (const [path, data] of Object.entries(files)) zippable[path] = data;
  // Zip times are local DOS times from 1980 on; the bundle's own time is in the manifest.
  return zipSync(zippable, { level: 6, mtime: Math.max(now, Date.UTC(1980, 1, 1)) });
}
