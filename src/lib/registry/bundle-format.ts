/**
 * The model bundle's constants and building blocks (the format itself is described in bundle.ts
 * and docs/bundle-format.md): file names, size limit, the manifest and contents types, the one
 * BAD_BUNDLE error helper, SHA-256 in hex, and JSON that keeps non-finite numbers.
 *
 * JSON files in a bundle are UTF-8: the small ones indented for people to read, the model, recipe
 * and TensorFlow.js documents (large arrays) on one line. JSON has no NaN or ±Infinity,
 * so such a number (a fitted recipe may hold one, e.g. the mean of an all-missing column) is
 * written as the object {"$number": "NaN" | "Infinity" | "-Infinity"} and read back as the number.
 */
import { strToU8 } from 'fflate';
import { BenchtopError } from '../errors';
import { sha256, toHex } from '../data/hash';
import type { Task } from '../ml/model';
import type { ModelVersionRecord } from './types';

export const BUNDLE_FORMAT = 'benchtop-bundle-v1';
/** Largest bundle accepted: the zip, the files it holds uncompressed, and the sizes MANIFEST.json declares. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;
/** A bundle holds about a dozen files; a zip with far more is not one. */
export const MAX_BUNDLE_FILES = 64;

export const MANIFEST = 'MANIFEST.json';
export const FILES = {
  model: 'model/model.json',
  recipes: 'recipe/recipes.json',
  signature: 'signature.json',
  inputExample: 'input_example.json',
  cardMarkdown: 'card.md',
  card: 'card.json',
  metrics: 'metrics.json',
  lineage: 'lineage.json',
  version: 'version.json',
  tfjsModel: 'tfjs/model.json',
} as const;
/** Files every bundle has (the tfjs ones only models with a layers form: the MLP and linear models). */
export const REQUIRED_FILES: readonly string[] = Object.values(FILES).filter((f) => f !== FILES.tfjsModel);

export interface BundleFileEntry {
  /** Path inside the zip, '/'-separated. */
  path: string;
  /** Uncompressed size. */
  bytes: number;
  /** SHA-256 of the uncompressed bytes, lower-case hex. */
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  /** When the bundle was written (ISO 8601). */
  created: string;
  /** The Benchtop version that wrote it, when the caller knew it. */
  appVersion?: string;
  name: string;
  version: number;
  algorithm: string;
  task: Task;
  /** Every other file of the zip. */
  files: BundleFileEntry[];
}

/** What readBundle returns: a verified bundle, nothing written anywhere. */
export interface BundleContents {
  manifest: BundleManifest;
  /** The version as it was exported: every field of the registry record (stage and times as on the exporting device). */
  record: ModelVersionRecord;
  /** card.md as rendered at export. */
  cardMarkdown: string;
  /** The TensorFlow.js layers model (tfjs/model.json parsed, and its weight file), when the bundle has one. */
  tfjs: { modelJson: Record<string, unknown>; weights: Uint8Array } | null;
}

/** A BAD_BUNDLE error naming the file and what is wrong with it. */
export function badBundle(file: string | null, what: string, detail: Record<string, unknown> = {}): BenchtopError {
  return new BenchtopError('BAD_BUNDLE', file ? `Refused bundle: ${file}: ${what}` : `Refused bundle: ${what}`, { ...(file ? { file } : {}), ...detail });
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** JSON bytes (indented when `pretty`); non-finite numbers as {"$number": …}. */
export function encodeJson(value: unknown, pretty = true): Uint8Array {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v), pretty ? 2 : undefined);
  return strToU8(text + '\n');
}

/** A text file of the bundle (UTF-8, strictly). */
export function decodeText(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badBundle(file, 'is not UTF-8 text.');
  }
}

/** Parses a bundle JSON file (UTF-8), restoring {"$number": …}; a BAD_BUNDLE error naming the file when it is not JSON. */
export function decodeJson(file: string, bytes: Uint8Array): unknown {
  const text = decodeText(file, bytes);
  try {
    return JSON.parse(text, (_k, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        const n = (v as { $number?: unknown }).$number;
        if (keys.length === 1 && typeof n === 'string' && NON_FINITE.has(n)) return Number(n);
      }
      return v;
    });
  } catch (e) {
    throw badBundle(file, `is not valid JSON (${(e as Error).message}).`);
  }
}
