/**
 * The registry's UI state, one class per concern: the model list (RegistryState), one model
 * (ModelViewState), one version with its gate, card and bundle (VersionViewState), and a run's
 * registrations (RunRegistrationState). Everything goes through the registry worker's bridge;
 * failures keep the worker's error code and message for the page to show.
 */
import { registryBridge } from '../bridge/registry';
import { errorInfo, type ErrorInfo } from '../lib/errors';
import type { CheckSpec, GateResult, LineageLink, ModelSummary, RegisteredModelRecord, Stage, TransitionRecord, VersionSummary } from '../lib/registry';
import type { UsageSnippet } from '../lib/registry/bundle';
import { REGISTRY_CHANNEL } from '../lib/registry/tx';
import type { LineageEdge, LineageNode } from '../lib/store';

export type { VersionSummary } from '../lib/registry';

/** What a failed registry call left for the page: the worker's code and message. */
export type Problem = Pick<ErrorInfo, 'code' | 'message'>;
export const problem = (e: unknown): Problem => { const i = errorInfo(e); return { code: i.code, message: i.message }; };

/** The file name of a version's bundle. */
export const bundleName = (name: string, version: number): string => `${name}-v${version}.benchtop.zip`;

/**
 * The Registry page's model list: registered models with their latest and Production versions,
 * creating a model and importing a bundle. Registry changes made anywhere (this tab's worker,
 * another tab, serving) arrive on the 'benchtop-registry' channel and refresh what is shown.
 */
export class RegistryState {
  #models = $state.raw<ModelSummary[]>([]);
  #loaded = $state(false);
  #error = $state<Problem | null>(null);
  #busy = $state<string | null>(null);
  #channel: BroadcastChannel | null = null;
  #listeners = new Set<(model: string) => void>();

  get models() { return this.#models; }
  get loaded() { return this.#loaded; }
  get error() { return this.#error; }
  get busy() { return this.#busy; }

  /** Calls `fn` with the model's name whenever the registry changes it (any tab); returns the unsubscribe. */
  onChange(fn: (model: string) => void): () => void {
    if (!this.#channel && typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(REGISTRY_CHANNEL);
      this.#channel.onmessage = (ev: MessageEvent<{ model?: string }>) => { for (const l of this.#listeners) l(ev.data?.model ?? ''); };
    }
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  async refresh(): Promise<void> {
    try {
      this.#models = await registryBridge.listModels();
    } catch (e) {
      this.#error = problem(e);
    } finally {
      this.#loaded = true;
    }
  }

  async #act<T>(label: string, fn: () => Promise<T>): Promise<T | null> {
    this.#busy = label;
    this.#error = null;
    try {
      return await fn();
    } catch (e) {
      this.#error = problem(e);
      return null;
    } finally {
      this.#busy = null;
      await this.refresh();
    }
  }

  create(name: string, description: string): Promise<RegisteredModelRecord | null> {
    return this.#act('Creating', () => registryBridge.createModel(name.trim(), description.trim()));
  }

  /** Verifies and imports a bundle file as the next version of `name` (default: its own name). */
  importBundle(file: File, name: string | null): Promise<VersionSummary | null> {
    return this.#act('Importing', async () => registryBridge.importBundle(new Uint8Array(await file.arrayBuffer()), file.name, name ?? undefined));
  }

  destroy(): void {
    this.#channel?.close();
    this.#channel = null;
    this.#listeners.clear();
  }
}

/** One registered model as its page shows it: the record, its versions and its history. */
export class ModelViewState {
  #model = $state.raw<RegisteredModelRecord | null>(null);
  #versions = $state.raw<VersionSummary[]>([]);
  #transitions = $state.raw<TransitionRecord[]>([]);
  #error = $state<Problem | null>(null);
  #missing = $state(false);
  #seq = 0;

  get model() { return this.#model; }
  get versions() { return this.#versions; }
  get transitions() { return this.#transitions; }
  get error() { return this.#error; }
  /** True when the name shown has no registered model (deleted, or a wrong link). */
  get missing() { return this.#missing; }

  async open(name: string): Promise<void> {
    const seq = ++this.#seq;
    try {
      const [model, versions, transitions] = await Promise.all([registryBridge.model(name), registryBridge.listVersions(name), registryBridge.transitions(name)]);
      if (seq !== this.#seq) return;
      this.#model = model;
      this.#missing = model === null;
      this.#versions = versions;
      this.#transitions = transitions;
      this.#error = null;
    } catch (e) {
      if (seq === this.#seq) this.#error = problem(e);
    }
  }

  async #edit(fn: (name: string) => Promise<unknown>): Promise<boolean> {
    const name = this.#model?.name;
    if (!name) return false;
    try {
      await fn(name);
      this.#error = null;
      return true;
    } catch (e) {
      this.#error = problem(e);
      return false;
    } finally {
      await this.open(name);
    }
  }

  describe(text: string) { return this.#edit((n) => registryBridge.setModelDescription(n, text)); }
  setTag(key: string, value: string) { return this.#edit((n) => registryBridge.setModelTag(n, key.trim(), value)); }
  deleteTag(key: string) { return this.#edit((n) => registryBridge.deleteModelTag(n, key)); }

  /** Deletes the model and every version; its history stays readable under the name. */
  async remove(reason: string): Promise<boolean> {
    const name = this.#model?.name;
    if (!name) return false;
    try {
      await registryBridge.deleteModel(name, reason);
      this.#model = null;
      this.#versions = [];
      return true;
    } catch (e) {
      this.#error = problem(e);
      return false;
    }
  }
}

/** The run page's part: the versions a run was registered as, and registering it. */
export class RunRegistrationState {
  #runId = $state<string | null>(null);
  #versions = $state.raw<VersionSummary[]>([]);
  #error = $state<Problem | null>(null);
  #busy = $state(false);

  get versions() { return this.#versions; }
  get error() { return this.#error; }
  get busy() { return this.#busy; }

  async open(runId: string): Promise<void> {
    this.#runId = runId;
    this.#error = null;
    try {
      const vs = await registryBridge.versionsOfRun(runId);
      if (this.#runId === runId) this.#versions = vs;
    } catch (e) {
      if (this.#runId === runId) this.#error = problem(e);
    }
  }

  /** Registers the run's model as the next version of `name` (created when new). */
  async register(name: string, description: string): Promise<VersionSummary | null> {
    const runId = this.#runId;
    if (!runId) return null;
    this.#busy = true;
    this.#error = null;
    try {
      return await registryBridge.registerRun({ runId, name: name.trim(), description: description.trim() || undefined });
    } catch (e) {
      this.#error = problem(e);
      return null;
    } finally {
      this.#busy = false;
      await Promise.all([this.open(runId), registry.refresh()]);
    }
  }
}

/** The registry's nodes and edges for a dataset's lineage graph (runs and model versions). */
export function registryGraph(datasetId: string): Promise<{ nodes: LineageNode[]; edges: LineageEdge[] }> {
  return registryBridge.registryLineage(datasetId);
}

export const registry = new RegistryState();
export const modelView = new ModelViewState();
export const runRegistration = new RunRegistrationState();
export type { GateResult, CheckSpec, LineageLink, Stage, UsageSnippet };
