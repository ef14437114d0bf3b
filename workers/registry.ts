/// <reference lib="webworker" />
/**
 * Registry worker: registered models and versions, registering runs, aliases, stages, the
 * promotion gate (it scores holdout data, so it runs here), history, lineage, model cards, and
 * bundle export/import. Lists return versions without weights; one version comes whole.
 * Every change is announced on the 'benchtop-registry' channel by src/lib/registry itself.
 */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import type { Task } from '../src/lib/ml/model';
import { workerDB } from '../src/lib/store';
import {
  cardMarkdown, createModel, defaultChecks, deleteModel, deleteModelTag, deleteVersion, deleteVersionTag, editCard, getModel, getVersion, listModels,
  listTransitions, listVersions, registerRun, registryLineage, removeAlias, runGate, setAlias, setModelDescription, setModelTag, setStage,
  setVersionDescription, setVersionTag, summarizeVersion, versionLineage, versionsOfRun,
  type AliasOptions, type CardText, type GateRequest, type RegisterRequest, type Stage, type StageOptions,
} from '../src/lib/registry';
import { exportBundle, importBundle, usageSnippet } from '../src/lib/registry/bundle';
import { BenchtopError } from '../src/lib/errors';

const db = workerDB();

async function version(name: string, n: number) {
  const v = await getVersion(await db(), name, n);
  if (!v) throw new BenchtopError('UNKNOWN_MODEL', `Model "${name}" has no version ${n}.`, { name, version: n });
  return v;
}

const api = {
  listModels: transferErrors(async () => listModels(await db())),
  model: transferErrors(async (name: string) => (await getModel(await db(), name)) ?? null),
  createModel: transferErrors(async (name: string, description?: string, tags?: Record<string, string>) => createModel(await db(), name, description, tags)),
  setModelDescription: transferErrors(async (name: string, description: string) => setModelDescription(await db(), name, description)),
  setModelTag: transferErrors(async (name: string, key: string, value: string) => setModelTag(await db(), name, key, value)),
  deleteModelTag: transferErrors(async (name: string, key: string) => deleteModelTag(await db(), name, key)),
  deleteModel: transferErrors(async (name: string, reason?: string) => deleteModel(await db(), name, reason)),
  /** A model's versions, newest first, without weights and fitted recipes. */
  listVersions: transferErrors(async (name: string) => (await listVersions(await db(), name)).map(summarizeVersion)),
  /** One version, whole (model weights and recipes included); null when it does not exist. */
  version: transferErrors(async (name: string, n: number) => (await getVersion(await db(), name, n)) ?? null),
  versionsOfRun: transferErrors(async (runId: string) => (await versionsOfRun(await db(), runId)).map(summarizeVersion)),
  setVersionDescription: transferErrors(async (name: string, n: number, description: string) => summarizeVersion(await setVersionDescription(await db(), name, n, description))),
  setVersionTag: transferErrors(async (name: string, n: number, key: string, value: string) => summarizeVersion(await setVersionTag(await db(), name, n, key, value))),
  deleteVersionTag: transferErrors(async (name: string, n: number, key: string) => summarizeVersion(await deleteVersionTag(await db(), name, n, key))),
  editCard: transferErrors(async (name: string, n: number, text: Partial<CardText>) => summarizeVersion(await editCard(await db(), name, n, text))),
  deleteVersion: transferErrors(async (name: string, n: number, reason?: string) => deleteVersion(await db(), name, n, reason)),
  registerRun: transferErrors(async (req: RegisterRequest) => summarizeVersion(await registerRun(await db(), req))),
  setAlias: transferErrors(async (name: string, alias: string, n: number, opts?: AliasOptions) => setAlias(await db(), name, alias, n, opts)),
  removeAlias: transferErrors(async (name: string, alias: string, reason?: string) => removeAlias(await db(), name, alias, reason)),
  setStage: transferErrors(async (name: string, n: number, stage: Stage, opts?: StageOptions) => {
    const r = await setStage(await db(), name, n, stage, opts);
    return { version: summarizeVersion(r.version), archived: r.archived };
  }),
  runGate: transferErrors(async (req: GateRequest) => runGate(await db(), req)),
  defaultChecks: transferErrors(async (task: Task) => defaultChecks(task)),
  transitions: transferErrors(async (name: string, limit?: number) => listTransitions(await db(), name, limit)),
  registryLineage: transferErrors(async (datasetId: string) => registryLineage(await db(), datasetId)),
  versionLineage: transferErrors(async (name: string, n: number) => versionLineage(await db(), name, n)),
  cardMarkdown: transferErrors(async (name: string, n: number) => cardMarkdown(await version(name, n))),
  /** The version as a bundle file (zip), transferred. */
  exportBundle: transferErrors(async (name: string, n: number) => {
    const bytes = await exportBundle(await version(name, n));
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  }),
  /** Imports a bundle as the next version of `name` (default: the name it was exported under). */
  importBundle: transferErrors(async (bytes: Uint8Array, fileName: string, name?: string) => summarizeVersion(await importBundle(await db(), bytes, { fileName, name }))),
  /** Code that uses the exported bundle elsewhere (the "use it elsewhere" panel). */
  usageSnippet: transferErrors(async (name: string, n: number, fileName: string) => usageSnippet(await version(name, n), fileName)),
};

export type RegistryApi = typeof api;
Comlink.expose(api);
