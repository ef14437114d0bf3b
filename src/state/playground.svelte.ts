/**
 * The playground: one endpoint `model@alias`, a form generated from the signature of the version
 * the alias points to (prefilled with its input example), one prediction at a time through the
 * serving worker; a refused request shows its violations. Random request streams: traffic.svelte.ts.
 */
import { registryBridge } from '../bridge/registry';
import { serveBridge } from '../bridge/serve';
import { errorInfo } from '../lib/errors';
import type { ModelVersionRecord } from '../lib/registry/types';
import type { ServeResult } from '../lib/serve/contract';
import type { Violation } from '../lib/serve/types';
import { formFields, recordFrom, valuesFrom, type FormField, type FormValues } from './serve-form';
import { traffic } from './traffic.svelte';

export class PlaygroundState {
  #endpoint = $state.raw<{ model: string; alias: string } | null>(null);
  #version = $state.raw<ModelVersionRecord | null>(null);
  #fields = $state.raw<FormField[]>([]);
  #values = $state<FormValues>({});
  #result = $state.raw<ServeResult | null>(null);
  #error = $state<string | null>(null);
  /** The violations of a refused request (SIGNATURE_VIOLATION), one per broken value. */
  #refusal = $state.raw<Violation[]>([]);
  #busy = $state(false);
  #seq = 0;

  get endpoint() { return this.#endpoint; }
  get version() { return this.#version; }
  get fields() { return this.#fields; }
  get values() { return this.#values; }
  get result() { return this.#result; }
  get error() { return this.#error; }
  get refusal() { return this.#refusal; }
  get busy() { return this.#busy; }

  /** Chooses the endpoint; the form follows the signature of the version its alias points to. */
  async select(model: string, alias: string, version: number): Promise<void> {
    const same = this.#endpoint?.model === model && this.#endpoint.alias === alias && this.#version?.version === version;
    if (same) return;
    const seq = ++this.#seq;
    if (this.#endpoint?.model !== model || this.#endpoint.alias !== alias) traffic.clear();
    this.#endpoint = { model, alias };
    this.#result = null;
    this.#error = null;
    try {
      const v = await registryBridge.version(model, version);
      if (seq !== this.#seq) return;
      if (!v) throw new Error(`Version ${version} of ${model} is not in the registry any more.`);
      this.#version = v;
      this.#fields = formFields(v.signature);
      this.#values = valuesFrom(this.#fields, v.inputExample[0]);
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    }
  }

  set(name: string, value: string | boolean): void {
    this.#values[name] = value;
  }

  /** Back to the input example's row `i`. */
  useExample(i = 0): void {
    const v = this.#version;
    if (v) this.#values = valuesFrom(this.#fields, v.inputExample[i % Math.max(1, v.inputExample.length)]);
  }

  async predict(): Promise<void> {
    const ep = this.#endpoint;
    if (!ep) return;
    this.#busy = true;
    this.#error = null;
    this.#refusal = [];
    try {
      this.#result = await serveBridge.predict(ep.model, ep.alias, [recordFrom(this.#fields, $state.snapshot(this.#values))]);
    } catch (e) {
      const info = errorInfo(e);
      this.#result = null;
      this.#error = `${info.message}${info.code !== 'UNKNOWN' ? ` (${info.code})` : ''}`;
      if (Array.isArray(info.detail.violations)) this.#refusal = info.detail.violations as Violation[];
    } finally {
      this.#busy = false;
    }
  }
}

export const playground = new PlaygroundState();
