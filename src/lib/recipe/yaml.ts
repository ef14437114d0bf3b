/**
 * Recipes as YAML, for people and diffs: one list item per step with `type:` first, then its
 * parameters, then `fitted:` (what the step learned) when the recipe is fitted; a fitted recipe also
 * lists its input and output columns. Reading checks every step against the registry and throws a
 * RecipeError (code BAD_SCHEMA) whose message starts with the line: `Line 7: unknown step type …`.
 *
 *   version: 1
 *   steps:
 *     - type: impute
 *       columns: [age, fare]
 *       strategy: median
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { COLUMN_ROLES, COLUMN_TYPES, type ColumnSchema } from '../data/types';
import type { FittedRecipe, Recipe, RecipeStep } from './recipe';
import { STEP_TYPES, stepDef } from './registry';
import { normalizeParams, RecipeError } from './step';

const HEADER = ' Benchtop recipe: the steps run in order. `fitted` holds what a step learned from the training rows.';
const TOP_KEYS = ['version', 'steps', 'input', 'output'];

/** The recipe as YAML text. */
export function recipeToYaml(recipe: Recipe | FittedRecipe): string {
  const steps = recipe.steps.map((s: RecipeStep) => {
    const item: Record<string, unknown> = { type: s.type };
    for (const [k, v] of Object.entries(s.params ?? {})) if (v !== undefined) item[k] = v;
    if (s.fitted !== undefined) item.fitted = s.fitted;
    return item;
  });
  const body: Record<string, unknown> = { version: recipe.version, steps };
  if ('input' in recipe) { body.input = recipe.input; body.output = recipe.output; }
  const doc = new Document(body);
  doc.commentBefore = HEADER;
  compact(doc.contents as Node, false);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** Short lists of scalars go on one line; so do small maps of scalars inside fitted state and column lists. */
function compact(node: Node, inData: boolean): void {
  if (isSeq(node)) {
    const items = node.items as Node[];
    const size = items.reduce((s, x) => s + (isScalar(x) ? String(x.value).length + 2 : Infinity), 0);
    if (items.length > 0 && size <= 72) node.flow = true;
    for (const x of items) compact(x, inData);
  } else if (isMap(node)) {
    const pairs = node.items as Pair<Node, Node>[];
    if (inData && pairs.every((p) => isScalar(p.value)) && pairs.length <= 6) node.flow = true;
    for (const p of pairs) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (p.value) compact(p.value, inData || key === 'fitted' || key === 'input' || key === 'output');
    }
  }
}

/** Reads a recipe from YAML; every problem is reported with its line. */
export function recipeFromYaml(text: string): Recipe | FittedRecipe {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const fail = (node: Node | null | undefined, message: string, detail: Record<string, unknown> = {}): never => {
    const line = lineOf(node);
    throw new RecipeError(`Line ${line}: ${message}`, { ...detail, line });
  };
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0].line ?? lineCounter.linePos(err.pos[0]).line;
    throw new RecipeError(`Line ${line}: ${err.message.split('\n')[0]}`, { line, yaml: err.code });
  }
  const root = doc.contents as Node | null;
  if (!isMap(root)) return fail(root, 'a recipe is a mapping with `version: 1` and `steps:` (a list of steps)');
  const get = (map: YAMLMap, key: string) => (map.items as Pair<Node, Node>[]).find((p) => isScalar(p.key) && p.key.value === key);
  for (const p of root.items as Pair<Node, Node>[]) {
    const key = isScalar(p.key) ? String(p.key.value) : '';
    if (!TOP_KEYS.includes(key)) fail(p.key, `unknown key "${key}": a recipe has ${TOP_KEYS.join(', ')}`);
  }
  const version = get(root, 'version');
  if (!version) fail(root, 'the recipe has no `version:`; add `version: 1`');
  if (!isScalar(version!.value) || version!.value.value !== 1) fail(version!.value, `unsupported recipe version ${JSON.stringify(version!.value?.toJSON())}: this Benchtop reads version 1`);
  const stepsPair = get(root, 'steps');
  if (!stepsPair) fail(root, 'the recipe has no `steps:`; add a list of steps (or `steps: []`)');
  const stepsNode = stepsPair!.value;
  if (!isSeq(stepsNode)) return fail(stepsNode ?? stepsPair!.key, '`steps:` must be a list, one item per step starting with `- type:`');
  const steps = (stepsNode.items as Node[]).map((item, i) => readStep(item, i, fail));
  const recipe: Recipe = { version: 1, steps };
  const input = get(root, 'input'), output = get(root, 'output');
  if (!input && !output) return recipe;
  if (!input || !output) fail((input ?? output)!.key, 'a fitted recipe lists both `input:` and `output:` columns');
  return { ...recipe, input: readColumns(input!, fail), output: readColumns(output!, fail) };
}

type Fail = (node: Node | null | undefined, message: string, detail?: Record<string, unknown>) => never;

function readStep(item: Node, i: number, fail: Fail): RecipeStep {
  const n = i + 1;
  if (!isMap(item)) return fail(item, `step ${n} must be a mapping starting with \`type:\`, e.g. \`- type: standardize\``, { stepIndex: i });
  const pairs = item.items as Pair<Node, Node>[];
  const typePair = pairs.find((p) => isScalar(p.key) && p.key.value === 'type');
  if (!typePair) return fail(item, `step ${n} has no \`type:\`; valid types are ${STEP_TYPES.join(', ')}`, { stepIndex: i });
  const type = isScalar(typePair.value) ? typePair.value.value : undefined;
  const def = typeof type === 'string' ? stepDef(type) : undefined;
  if (!def) {
    const near = typeof type === 'string' ? closest(type, STEP_TYPES) : undefined;
    return fail(typePair.value ?? typePair.key, `unknown step type ${JSON.stringify(typePair.value?.toJSON() ?? null)}${near ? ` (did you mean "${near}"?)` : ''}: valid types are ${STEP_TYPES.join(', ')}`, { stepIndex: i, type });
  }
  const raw: Record<string, unknown> = {};
  const keyNode = new Map<string, Pair<Node, Node>>();
  let fitted: unknown;
  for (const p of pairs) {
    const key = isScalar(p.key) ? String(p.key.value) : String(p.key?.toJSON());
    if (key === 'type') continue;
    if (key === 'fitted') { fitted = p.value?.toJSON(); continue; }
    raw[key] = p.value === null ? null : p.value.toJSON();
    keyNode.set(key, p);
  }
  const { problems } = normalizeParams(def, raw);
  if (problems.length) {
    const at = problems[0].param ? keyNode.get(problems[0].param) : undefined;
    fail(at ? (at.value ?? at.key) : item, problems[0].message, { stepIndex: i, type: def.type, param: problems[0].param });
  }
  if (fitted !== undefined) {
    const at = pairs.find((p) => isScalar(p.key) && p.key.value === 'fitted')!;
    if (!def.fit) fail(at.key, `${def.type} learns nothing from the training rows, so it takes no \`fitted:\`; remove it`, { stepIndex: i, type: def.type });
    if (fitted === null || typeof fitted !== 'object' || Array.isArray(fitted)) fail(at.value ?? at.key, `${def.type}.fitted must be a mapping (what the step learned)`, { stepIndex: i, type: def.type });
  }
  for (const k of Object.keys(raw)) if (raw[k] === null) delete raw[k];
  return fitted === undefined ? { type: def.type, params: raw as RecipeStep['params'] } : { type: def.type, params: raw as RecipeStep['params'], fitted };
}

function readColumns(pair: Pair<Node, Node>, fail: Fail): ColumnSchema[] {
  const key = String((pair.key as Node).toJSON());
  if (!isSeq(pair.value)) return fail(pair.value ?? pair.key, `\`${key}:\` must be a list of columns like { name: age, type: float, role: feature }`);
  return (pair.value.items as Node[]).map((node) => {
    const c = node.toJSON() as Record<string, unknown> | null;
    if (!c || typeof c !== 'object' || typeof c.name !== 'string') return fail(node, `each ${key} column needs a name, e.g. { name: age, type: float, role: feature }`);
    if (!COLUMN_TYPES.includes(c.type as never)) fail(node, `${key} column "${c.name}": type must be one of ${COLUMN_TYPES.join(', ')}`);
    if (!COLUMN_ROLES.includes(c.role as never)) fail(node, `${key} column "${c.name}": role must be one of ${COLUMN_ROLES.join(', ')}`);
    return { name: c.name, type: c.type, role: c.role } as ColumnSchema;
  });
}

/** The choice within edit distance 2 of `word`, if any. */
function closest(word: string, choices: readonly string[]): string | undefined {
  let best: string | undefined, bestD = 3;
  for (const c of choices) {
    const d = distance(word.toLowerCase(), c);
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
