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
const problem = (e: unknown): Problem => { const i = errorInfo(e); return { code: i.code, message: i.message }; };

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

/**
 * One model version as its page shows it: the version (without weights), its lineage chain,
 * the "use it elsewhere" code, the last gate result; and the writes on it (aliases, stage,
 * gate, promotion, card, export). After each write the model view is read again.
 */
export class VersionViewState {
  #version = $state.raw<VersionSummary | null>(null);
  #lineage = $state.raw<LineageLink[]>([]);
  #usage = $state.raw<UsageSnippet[]>([]);
  #usageError = $state<string | null>(null);
  #gate = $state.raw<GateResult | null>(null);
  #gateBusy = $state(false);
  #gateError = $state<string | null>(null);
  #error = $state<Problem | null>(null);
  #notice = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #seq = 0;

  get version() { return this.#version; }
  get lineage() { return this.#lineage; }
  get usage() { return this.#usage; }
  get usageError() { return this.#usageError; }
  get gate() { return this.#gate; }
  get gateBusy() { return this.#gateBusy; }
  get gateError() { return this.#gateError; }
  get error() { return this.#error; }
  get notice() { return this.#notice; }
  get busy() { return this.#busy; }

  async open(name: string, version: number): Promise<void> {
    const seq = ++this.#seq;
    const same = this.#version?.name === name && this.#version.version === version;
    if (!same) { this.#gate = null; this.#gateError = null; this.#notice = null; this.#error = null; }
    try {
      const [versions, lineage, usage] = await Promise.all([
        registryBridge.listVersions(name), registryBridge.versionLineage(name, version),
        // The page stays useful when the code cannot be written: the panel says why.
        registryBridge.usageSnippet(name, version, bundleName(name, version)).catch((e: unknown) => problem(e)),
      ]);
      if (seq !== this.#seq) return;
      const v = versions.find((x) => x.version === version) ?? null;
      if (!v) throw Object.assign(new Error(`Model "${name}" has no version ${version}.`), { code: 'UNKNOWN_MODEL' });
      this.#version = v;
      this.#lineage = lineage;
      this.#usage = Array.isArray(usage) ? usage : [];
      this.#usageError = Array.isArray(usage) ? null : usage.message;
    } catch (e) {
      if (seq === this.#seq) { this.#version = null; this.#error = problem(e); }
    }
  }

  async #act(label: string, fn: (v: VersionSummary) => Promise<unknown>, done?: string): Promise<boolean> {
    const v = this.#version;
    if (!v) return false;
    this.#busy = label;
    this.#error = null;
    this.#notice = null;
    try {
      await fn(v);
      if (done) this.#notice = done;
      return true;
    } catch (e) {
      this.#error = problem(e);
      return false;
    } finally {
      this.#busy = null;
      await Promise.all([this.open(v.name, v.version), modelView.open(v.name)]);
    }
  }

  setAlias(alias: string) {
    return this.#act('Saving', (v) => registryBridge.setAlias(v.name, alias, v.version), `@${alias} now points at version ${this.#version?.version}.`);
  }
  removeAlias(alias: string) { return this.#act('Saving', (v) => registryBridge.removeAlias(v.name, alias)); }
  setStage(stage: Stage, archiveExisting: boolean) {
    return this.#act('Saving', async (v) => {
      const r = await registryBridge.setStage(v.name, v.version, stage, { archiveExisting });
      this.#notice = `Version ${v.version} is now ${stage}${r.archived.length ? `; archived version${r.archived.length > 1 ? 's' : ''} ${r.archived.join(', ')}` : ''}.`;
    });
  }

  /** Scores this version and the champion on the holdout version; the result is recorded in the history. */
  async runGate(holdoutVersion: string, checks: CheckSpec[]): Promise<void> {
    const v = this.#version;
    if (!v) return;
    this.#gateBusy = true;
    this.#gateError = null;
    try {
      const r = await registryBridge.runGate({ name: v.name, candidate: v.version, holdoutVersion, checks });
      if (this.#version?.name === v.name && this.#version.version === v.version) this.#gate = r;
    } catch (e) {
      this.#gateError = problem(e).message;
    } finally {
      this.#gateBusy = false;
      await modelView.open(v.name);
    }
  }

  /** Makes this version champion or moves it to Production, with the last gate or an override reason. */
  promote(target: 'champion' | 'Production', opts: { reason?: string; archiveExisting?: boolean }) {
    const gate = this.#gate ?? undefined;
    const reason = opts.reason?.trim() || undefined;
    return this.#act('Promoting', async (v) => {
      if (target === 'champion') await registryBridge.setAlias(v.name, 'champion', v.version, { gate, reason });
      else await registryBridge.setStage(v.name, v.version, 'Production', { gate, reason, archiveExisting: opts.archiveExisting });
    }, `Version ${this.#version?.version} is now ${target === 'champion' ? '@champion' : 'in Production'}${reason ? ' (gate overridden; the reason is in the history)' : ''}.`);
  }

  editCard(text: { intendedUse: string; limitations: string; ethics: string; notes: string }) {
    return this.#act('Saving', (v) => registryBridge.editCard(v.name, v.version, text), 'Model card saved.');
  }

  /** The bundle's bytes and file name, or null (the error is shown). */
  async exportBundle(): Promise<{ bytes: Uint8Array; fileName: string } | null> {
    const v = this.#version;
    if (!v) return null;
    this.#busy = 'Exporting';
    this.#error = null;
    try {
      return { bytes: await registryBridge.exportBundle(v.name, v.version), fileName: bundleName(v.name, v.version) };
    } catch (e) {
      this.#error = problem(e);
      return null;
    } finally {
      this.#busy = null;
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
export const versionView = new VersionViewState();
export const runRegistration = new RunRegistrationState();
export type { GateResult, CheckSpec, LineageLink, Stage, UsageSnippet };
