import { prepBridge } from '../bridge/prep';
import { errorInfo } from '../lib/errors';
import type { SplitSpec } from '../lib/data/split';
import type { ColumnSchema } from '../lib/data/types';
import type { Progress } from '../lib/protocol';
import { stepDef } from '../lib/recipe/registry';
import { normalizeParams, type ParamValue, type Params } from '../lib/recipe/step';
import { recipeFromYaml, recipeToYaml } from '../lib/recipe/yaml';
import type { Recipe } from '../lib/recipe/recipe';
import type { PrepOutcome, RecipePreview } from '../lib/store/prep';
import { datasets } from './datasets.svelte';
import { storage } from './storage.svelte';

export interface DraftStep {
  key: number;
  type: string;
  params: Record<string, ParamValue | undefined>;
}

export { stepDef };

let nextKey = 1;

/**
 * The recipe being written for one dataset version: its steps, the split, the live preview
 * (computed in the worker on the first rows) and the run that stores the result as a new version.
 */
export class PrepState {
  #versionId = $state<string | null>(null);
  #schema = $state.raw<ColumnSchema[]>([]);
  steps = $state<DraftStep[]>([]);
  split = $state<SplitSpec>({ method: 'random', test: 0.2, validation: 0, seed: 42 });
  name = $state('recipe');
  #preview = $state.raw<RecipePreview | null>(null);
  #previewError = $state<string | null>(null);
  #previewing = $state(false);
  #progress = $state.raw<Extract<Progress, { kind: 'progress' }> | null>(null);
  #error = $state<string | null>(null);
  #outcome = $state.raw<PrepOutcome | null>(null);
  #job: string | null = null;
  #previewSeq = 0;

  get versionId() { return this.#versionId; }
  get schema() { return this.#schema; }
  get preview() { return this.#preview; }
  get previewError() { return this.#previewError; }
  get previewing() { return this.#previewing; }
  get progress() { return this.#progress; }
  get running() { return this.#job !== null; }
  get error() { return this.#error; }
  get outcome() { return this.#outcome; }

  /** The recipe document the draft stands for (parameters normalised, defaults filled). */
  readonly recipe = $derived.by((): Recipe => ({
    version: 1,
    steps: this.steps.map((s) => {
      const def = stepDef(s.type);
      const raw = Object.fromEntries(Object.entries(s.params).filter(([, v]) => v !== undefined));
      return { type: s.type, params: def ? normalizeParams(def, raw).params : (raw as Params) };
    }),
  }));

  /** Per step: what is wrong with it, given the columns the steps before it leave. */
  readonly problems = $derived.by((): string[][] => {
    let schema: ColumnSchema[] | null = this.#schema;
    return this.steps.map((s) => {
      const def = stepDef(s.type);
      if (!def) return [`unknown step type "${s.type}"`];
      const raw = Object.fromEntries(Object.entries(s.params).filter(([, v]) => v !== undefined));
      const { params, problems } = normalizeParams(def, raw);
      const out = problems.map((p) => p.message);
      if (schema && out.length === 0) {
        out.push(...def.validate(params, schema));
        schema = out.length === 0 ? def.outputSchema(schema, params, undefined) : null;
      }
      return out;
    });
  });

  readonly valid = $derived(this.problems.every((p) => p.length === 0));

  open(versionId: string, schema: ColumnSchema[]): void {
    if (this.#versionId === versionId) return;
    this.#versionId = versionId;
    this.#schema = schema;
    this.#previewSeq++; // a preview still running for the previous version is dropped
    this.#preview = null;
    this.#outcome = null;
    this.#error = null;
    const target = schema.find((c) => c.role === 'target');
    if (target && (target.type === 'categorical' || target.type === 'boolean')) this.split = { ...this.split, method: 'stratified', column: target.name };
  }

  /** Columns available before step `i` (as far as they can be known before fitting). */
  columnsBefore(i: number): readonly ColumnSchema[] {
    let schema: ColumnSchema[] = this.#schema;
    for (const s of this.steps.slice(0, i)) {
      const def = stepDef(s.type);
      if (!def) break;
      const raw = Object.fromEntries(Object.entries(s.params).filter(([, v]) => v !== undefined));
      const next = def.outputSchema(schema, normalizeParams(def, raw).params, undefined);
      if (!next) break;
      schema = next;
    }
    return schema;
  }

  add(type: string): void {
    const def = stepDef(type);
    if (!def) return;
    const params: DraftStep['params'] = {};
    for (const p of def.params) if (p.default !== undefined) params[p.name] = Array.isArray(p.default) ? [...p.default] : p.default;
    this.steps.push({ key: nextKey++, type, params });
  }

  remove(i: number): void {
    this.steps.splice(i, 1);
  }

  move(i: number, by: number): void {
    const j = i + by;
    if (j < 0 || j >= this.steps.length) return;
    const [s] = this.steps.splice(i, 1);
    this.steps.splice(j, 0, s);
  }

  setParam(i: number, name: string, value: ParamValue | undefined): void {
    this.steps[i].params[name] = value;
  }

  /** Recomputes the preview in the worker; a newer request supersedes an older one. */
  async refreshPreview(): Promise<void> {
    const id = this.#versionId;
    if (!id) return;
    const seq = ++this.#previewSeq;
    if (!this.valid) { this.#previewError = null; this.#previewing = false; return; }
    this.#previewing = true;
    try {
      const p = await prepBridge.preview(id, $state.snapshot(this.recipe) as Recipe, $state.snapshot(this.split) as SplitSpec);
      if (seq !== this.#previewSeq) return;
      this.#preview = p;
      this.#previewError = null;
    } catch (e) {
      if (seq === this.#previewSeq) this.#previewError = errorInfo(e).message;
    } finally {
      if (seq === this.#previewSeq) this.#previewing = false;
    }
  }

  async apply(): Promise<PrepOutcome | null> {
    const id = this.#versionId;
    if (!id || !this.valid || this.#job) return null;
    const job = crypto.randomUUID();
    this.#job = job;
    this.#error = null;
    this.#outcome = null;
    this.#progress = { kind: 'progress', phase: 'read', done: 0, total: 1 };
    try {
      const out = await prepBridge.apply(job, id, $state.snapshot(this.recipe) as Recipe, this.name.trim() || 'recipe', $state.snapshot(this.split) as SplitSpec, (p) => {
        if (p.kind === 'progress') this.#progress = p;
      });
      await Promise.all([datasets.refresh(), storage.refresh()]);
      this.#outcome = out;
      return out;
    } catch (e) {
      const info = errorInfo(e);
      this.#error = info.code === 'CANCELLED' ? 'Cancelled: nothing was saved.' : info.message;
      return null;
    } finally {
      this.#job = null;
      this.#progress = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.#job) await prepBridge.cancel(this.#job);
  }

  toYaml(): string {
    return recipeToYaml($state.snapshot(this.recipe) as Recipe);
  }

  /** Replaces the draft with a recipe read from YAML; returns an error message or null. */
  fromYaml(text: string): string | null {
    try {
      const r = recipeFromYaml(text);
      this.steps = r.steps.map((s) => ({ key: nextKey++, type: s.type, params: { ...(s.params as DraftStep['params']) } }));
      return null;
    } catch (e) {
      return errorInfo(e).message;
    }
  }
}

export const prep = new PrepState();
