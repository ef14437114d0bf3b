/**
 * The Registry page's version view: aliases, stage, the promotion gate, the model card, lineage,
 * the bundle and its usage code. After each write the model view is read again.
 */
import { registryBridge } from '../bridge/registry';
import type { GateResult, LineageLink, Stage } from '../lib/registry';
import type { UsageSnippet } from '../lib/registry/bundle';
import { bundleName, modelView, problem, type CheckSpec, type Problem, type VersionSummary } from './registry.svelte';

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

export const versionView = new VersionViewState();
