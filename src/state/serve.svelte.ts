/**
 * The Serve page's overview: what is served (every registered model's aliases as endpoints
 * `name@alias`), the deployments that route those endpoints, and creating a deployment. The
 * serving worker owns the records and every rule; this class holds what the page shows.
 */
import { serveBridge } from '../bridge/serve';
import { prepBridge } from '../bridge/prep';
import { errorInfo } from '../lib/errors';
import { REGISTRY_CHANNEL } from '../lib/registry/tx';
import type { Signature } from '../lib/registry/types';
import type { ServedModel } from '../lib/serve/contract';
import type { DeploymentInput } from '../lib/serve/deployments';
import { refText as arm } from '../lib/serve/routing';
import type { DeploymentRecord, Strategy, VersionRef } from '../lib/serve/types';

export interface Endpoint {
  model: string;
  alias: string;
  /** The version the alias points to now. */
  version: number;
  /** The active deployment answering this endpoint, if any. */
  deployment: { id: string; name: string; strategy: Strategy } | null;
}

/** What the create form sends: the serving worker's DeploymentInput (it checks every rule). */
export type DeploymentDraft = DeploymentInput;

export const endpointName = (model: string, alias: string) => `${model}@${alias}`;
export const refText = (r: VersionRef | null) => (r ? arm(r) : '–');

export class ServeState {
  #models = $state.raw<ServedModel[]>([]);
  #deployments = $state.raw<DeploymentRecord[]>([]);
  #suites = $state.raw<{ id: string; version: number; name: string }[]>([]);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  #createError = $state<string | null>(null);
  #creating = $state(false);
  #current = $state.raw<{ model: string; alias: string } | null>(null);
  #channel: BroadcastChannel | null = null;
  #pending: ReturnType<typeof setTimeout> | null = null;

  /** Registry and deployment changes made anywhere (another page, tab or worker) refresh the lists. */
  listen(): void {
    if (this.#channel || typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(REGISTRY_CHANNEL);
    this.#channel.onmessage = () => {
      if (this.#pending) clearTimeout(this.#pending);
      this.#pending = setTimeout(() => void this.refresh(), 150);
    };
  }

  destroy(): void {
    this.#channel?.close();
    this.#channel = null;
    if (this.#pending) clearTimeout(this.#pending);
  }

  get models() { return this.#models; }
  get deployments() { return this.#deployments; }
  get suites() { return this.#suites; }
  get loaded() { return this.#loaded; }
  get error() { return this.#error; }
  get createError() { return this.#createError; }
  get creating() { return this.#creating; }

  choose(model: string, alias: string): void {
    this.#current = { model, alias };
  }

  readonly endpoints: Endpoint[] = $derived(this.#models.flatMap((m) => Object.entries(m.aliases).sort(([a], [b]) => a.localeCompare(b)).map(([alias, version]) => {
    const d = m.deployments.find((x) => x.alias === alias);
    return { model: m.name, alias, version, deployment: d ? { id: d.id, name: d.name, strategy: d.strategy } : null };
  })));

  /** The endpoint the playground, batch scoring and the API note are about (until one is chosen: a champion, or the first). */
  readonly current: Endpoint | null = $derived(
    this.endpoints.find((e) => e.model === this.#current?.model && e.alias === this.#current.alias) ?? this.endpoints.find((e) => e.alias === 'champion') ?? this.endpoints[0] ?? null,
  );

  model(name: string): ServedModel | undefined {
    return this.#models.find((m) => m.name === name);
  }

  /** The signature of a version (or of the version an alias points to). */
  signature(model: string, ref: VersionRef | number): Signature | null {
    const m = this.model(model);
    if (!m) return null;
    const v = typeof ref === 'number' ? ref : 'alias' in ref ? m.aliases[ref.alias] : ref.version;
    return m.versions.find((x) => x.version === v)?.signature ?? null;
  }

  deployment(id: string): DeploymentRecord | undefined {
    return this.#deployments.find((d) => d.id === id);
  }

  async refresh(): Promise<void> {
    try {
      const [models, deployments] = await Promise.all([serveBridge.listModels(), serveBridge.deployments()]);
      this.#models = models;
      this.#deployments = deployments.sort((a, b) => b.created - a.created);
      this.#error = null;
    } catch (e) {
      this.#error = errorInfo(e).message;
    } finally {
      this.#loaded = true;
    }
    try {
      this.#suites = (await prepBridge.suites()).map((s) => ({ id: s.id, version: s.version, name: s.name }));
    } catch {
      /* suites are optional here: the form simply offers none */
    }
  }

  /** Creates a deployment; answers its id, or null with `createError` set to the worker's reason. */
  async create(draft: DeploymentDraft): Promise<string | null> {
    this.#creating = true;
    this.#createError = null;
    try {
      const d = await serveBridge.createDeployment(draft);
      await this.refresh();
      return d.id;
    } catch (e) {
      const info = errorInfo(e);
      this.#createError = info.message;
      return null;
    } finally {
      this.#creating = false;
    }
  }

  clearCreateError(): void {
    this.#createError = null;
  }

  /** Replaces one deployment after an edit made elsewhere (the deployment view). */
  updated(d: DeploymentRecord): void {
    this.#deployments = this.#deployments.map((x) => (x.id === d.id ? d : x));
    void this.refresh();
  }
}

export const serve = new ServeState();
