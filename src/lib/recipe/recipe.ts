/**
 * Recipes: ordered steps fitted on training rows and applied, unchanged, to anything else.
 *
 * - fitRecipe fits step i on the output of steps 0..i-1 over the training rows only, and stores what
 *   each step learned (plain JSON) in the returned FittedRecipe with the parameters normalised
 *   (defaults filled), the input schema it was fitted on and the output schema it produces.
 * - applyRecipe never learns: validation rows, test rows and live prediction inputs all go through
 *   the same stored state. With `live`, steps that drop rows keep every row (each input gets an
 *   answer), and label/ignored columns (roles target and ignore) need not be present.
 * Every error is a RecipeError whose message starts with the step ("Step 3 (impute): …") and whose
 * detail has stepIndex (0-based) and type.
 */
import { BenchtopError } from '../errors';
import { formatExpression, parseExpression } from '../data/expr';
import { sha256, toHex } from '../data/hash';
import { storageOf, type ColumnSchema } from '../data/types';
import { STEP_TYPES, stepDef } from './registry';
import { normalizeParams, RecipeError, type AnyStep, type Params } from './step';
import { schemaOf, type Column, type Table } from './table';

export interface RecipeStep {
  type: string;
  params: Params;
  /** What the step learned from the training rows (absent for steps that learn nothing, or before fitting). */
  fitted?: unknown;
}

export interface Recipe {
  version: 1;
  steps: RecipeStep[];
}

export interface FittedRecipe extends Recipe {
  /** The columns the recipe was fitted on (the training table's schema). */
  input: ColumnSchema[];
  /** The columns it produces. */
  output: ColumnSchema[];
}

export interface ApplyOptions {
  /** Live prediction inputs: keep every row, allow target/ignored columns to be absent, drop them from the output. */
  live?: boolean;
}

const where = (i: number, type: string) => `Step ${i + 1} (${type})`;

function stepError(i: number, type: string, e: unknown): RecipeError {
  const detail = e instanceof BenchtopError ? e.detail : {};
  const message = e instanceof Error ? e.message : String(e);
  return new RecipeError(`${where(i, type)}: ${message}`, { ...detail, stepIndex: i, type });
}

/** The step's definition and normalised parameters, or a RecipeError naming the step. */
export function resolveStep(step: RecipeStep, i: number): { def: AnyStep; params: Params } {
  const def = stepDef(step.type);
  if (!def) throw new RecipeError(`${where(i, String(step.type))}: unknown step type "${step.type}": valid types are ${STEP_TYPES.join(', ')}`, { stepIndex: i, type: step.type });
  const { params, problems } = normalizeParams(def, step.params ?? {});
  if (problems.length) throw new RecipeError(`${where(i, step.type)}: ${problems.map((p) => p.message).join('; ')}`, { stepIndex: i, type: step.type, param: problems[0].param });
  return { def, params };
}

function checkVersion(recipe: Recipe): void {
  if (recipe.version !== 1) throw new RecipeError(`Unsupported recipe version ${JSON.stringify(recipe.version)}: this Benchtop reads version 1.`, { version: recipe.version });
}

function validateOn(def: AnyStep, params: Params, table: Table, i: number): void {
  const problems = def.validate(params, schemaOf(table));
  if (problems.length) throw new RecipeError(`${where(i, def.type)}: ${problems.join('; ')}`, { stepIndex: i, type: def.type });
}

/** Fits step i on `table` and applies it. */
function fitStep(step: RecipeStep, i: number, table: Table): { step: RecipeStep; table: Table } {
  const { def, params } = resolveStep(step, i);
  validateOn(def, params, table, i);
  try {
    const fitted = def.fit?.(table, params);
    const out = def.apply(table, params, fitted);
    return { step: fitted === undefined ? { type: def.type, params } : { type: def.type, params, fitted }, table: out };
  } catch (e) {
    throw stepError(i, def.type, e);
  }
}

/** Fits every step on the training rows and returns the fitted recipe and the transformed training table. */
export function fitTransform(recipe: Recipe, train: Table): { fitted: FittedRecipe; table: Table } {
  checkVersion(recipe);
  let table = train;
  const steps = recipe.steps.map((step, i) => {
    const r = fitStep(step, i, table);
    table = r.table;
    return r.step;
  });
  return { fitted: { version: 1, steps, input: schemaOf(train), output: schemaOf(table) }, table };
}

/** Fits every step on the training rows (each on the output of the steps before it). */
export function fitRecipe(recipe: Recipe, train: Table): FittedRecipe {
  return fitTransform(recipe, train).fitted;
}

/** Applies a fitted recipe without learning anything. */
export function applyRecipe(recipe: Recipe | FittedRecipe, table: Table, opts: ApplyOptions = {}): Table {
  checkVersion(recipe);
  const input = 'input' in recipe ? recipe.input : [];
  if (opts.live) table = withAbsentColumns(table, input);
  recipe.steps.forEach((step, i) => {
    const { def, params } = resolveStep(step, i);
    if (def.fit && step.fitted === undefined) {
      throw new RecipeError(`${where(i, def.type)} is not fitted: fit the recipe on training rows (fitRecipe) before applying it.`, { stepIndex: i, type: def.type });
    }
    if (opts.live && def.removesRows) return;
    validateOn(def, params, table, i);
    try {
      table = def.apply(table, params, step.fitted);
    } catch (e) {
      throw stepError(i, def.type, e);
    }
  });
  if (opts.live) table = { rows: table.rows, columns: table.columns.filter((c) => c.role !== 'target' && c.role !== 'ignore') };
  return table;
}

/** Adds the target and ignored input columns a live table lacks, all missing. */
function withAbsentColumns(table: Table, input: readonly ColumnSchema[]): Table {
  const have = new Set(table.columns.map((c) => c.name));
  const added = input.filter((c) => (c.role === 'target' || c.role === 'ignore') && !have.has(c.name)).map((c): Column =>
    storageOf(c.type) === 'codes'
      ? { name: c.name, type: c.type, role: c.role, codes: new Int32Array(table.rows).fill(-1), dictionary: [] }
      : { name: c.name, type: c.type, role: c.role, values: new Float64Array(table.rows).fill(NaN) });
  return added.length ? { rows: table.rows, columns: [...table.columns, ...added] } : table;
}

/**
 * What is wrong with each step given the columns before it, without data: one list per step.
 * After a step whose output columns depend on fitting (one-hot), later column checks are skipped.
 */
export function recipeProblems(recipe: Recipe, schema: readonly ColumnSchema[]): string[][] {
  let cols: ColumnSchema[] | null = [...schema];
  return recipe.steps.map((step, i) => {
    try {
      const { def, params } = resolveStep(step, i);
      if (!cols) return [];
      const problems = def.validate(params, cols).map((m) => `${where(i, def.type)}: ${m}`);
      cols = problems.length ? null : def.outputSchema(cols, params, step.fitted);
      return problems;
    } catch (e) {
      cols = null;
      return [(e as Error).message];
    }
  });
}

export interface StepPreview {
  type: string;
  rows: number;
  columns: number;
}

export interface RecipePreviewResult {
  /** The sample after the last step that ran. */
  table: Table;
  /** Rows and columns after each step that ran. */
  steps: StepPreview[];
  fitted?: FittedRecipe;
  /** The first failure, when one stopped the preview. */
  error?: { stepIndex: number; message: string };
}

/** Fits and applies the recipe on a sample, step by step, for the live preview; stops at the first error. */
export function previewRecipe(recipe: Recipe, sample: Table): RecipePreviewResult {
  checkVersion(recipe);
  const previews: StepPreview[] = [], fittedSteps: RecipeStep[] = [];
  let table = sample;
  for (let i = 0; i < recipe.steps.length; i++) {
    try {
      const r = fitStep(recipe.steps[i], i, table);
      table = r.table;
      fittedSteps.push(r.step);
      previews.push({ type: r.step.type, rows: table.rows, columns: table.columns.length });
    } catch (e) {
      return { table, steps: previews, error: { stepIndex: i, message: (e as Error).message } };
    }
  }
  return { table, steps: previews, fitted: { version: 1, steps: fittedSteps, input: schemaOf(sample), output: schemaOf(table) } };
}

/** Parameters with defaults filled and expressions in canonical form, so equal recipes hash equal. */
function canonicalStep(step: RecipeStep): Record<string, unknown> {
  const def = stepDef(step.type);
  let params: Record<string, unknown> = step.params ?? {};
  if (def) {
    const n = normalizeParams(def, params);
    if (n.problems.length === 0) params = n.params;
    params = { ...params };
    for (const spec of def.params) {
      const v = params[spec.name];
      if (spec.kind === 'expression' && typeof v === 'string') {
        try { params[spec.name] = formatExpression(parseExpression(v)); } catch { /* hashed as written */ }
      }
    }
  }
  return step.fitted === undefined ? { type: step.type, params } : { type: step.type, params, fitted: step.fitted };
}

/** JSON with object keys sorted at every level; non-finite numbers as strings. */
export function canonicalJson(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (ArrayBuffer.isView(v)) return canonicalJson(Array.from(v as unknown as ArrayLike<number>));
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

/** SHA-256 (hex) of the recipe's canonical JSON: stable under key order and omitted defaults. */
export async function recipeHash(recipe: Recipe | FittedRecipe): Promise<string> {
  const doc: Record<string, unknown> = { ...recipe, steps: recipe.steps.map(canonicalStep) };
  return toHex(await sha256(new TextEncoder().encode(canonicalJson(doc))));
}
