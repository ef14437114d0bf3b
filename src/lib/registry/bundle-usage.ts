/**
 * The "use it elsewhere" code for a version's bundle, paths as in the unzipped bundle:
 * - MLP and linear models: a web page that loads tfjs/model.json with plain
 *   `tf.loadLayersModel` (TensorFlow.js from a CDN) and predicts;
 * - linear models and trees: a plain JavaScript module over model/model.json (bundle-usage-js.ts).
 * The model's inputs are its features in its order, which are the output of the fitted recipe
 * chain (recipe/recipes.json), not the raw columns; the code says so, names the recipe steps and
 * the features, and carries an example: the version's first input example run through the recipe
 * chain here, as serving would (omitted when that fails).
 */
import { applyRecipe } from '../recipe';
import { hasLayersForm } from '../ml/models/mlp-layers';
import { compileRaw, recordsToTable } from '../serve/inputs';
import { plainJsPredictor } from './bundle-usage-js';
import type { ModelVersionRecord } from './types';

export interface UsageSnippet { language: 'html' | 'javascript'; title: string; code: string }

/** JSON inside a <script>: '<' escaped so no value can close the script element. */
const js = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');
/** Text inside a one-line comment: no line breaks, no '</' (which would end a script) or '-->'. */
const comment = (s: string): string => s.replace(/[\r\n]+/g, ' ').replace(/<\//g, '<\\/').replace(/-->/g, '--\\>');

/** The first input example as the model's features (after the recipe chain, missing ones imputed), or null. */
export function exampleFeatures(v: ModelVersionRecord): Record<string, number> | null {
  const row = v.inputExample[0];
  if (!row) return null;
  try {
    let t = recordsToTable(compileRaw(v.signature, v.recipes[0]), [row]).table;
    for (const r of v.recipes) t = applyRecipe(r, t, { live: true });
    const fill = new Map(v.model.imputed.map((m) => [m.feature, m.value]));
    const out: Record<string, number> = {};
    for (const f of v.model.features) {
      const c = t.columns.find((x) => x.name === f);
      const x = c && 'values' in c ? c.values[0] : NaN;
      const value = Number.isFinite(x) ? x : fill.get(f);
      if (value === undefined) return null;
      out[f] = value;
    }
    return out;
  } catch {
    return null;
  }
}

/** Comment lines explaining the inputs: the recipe chain (or raw columns) and the features in order. */
function inputNotes(v: ModelVersionRecord): string[] {
  const raw = v.signature.inputs.map((i) => i.name).join(', ');
  const steps = v.recipes.flatMap((r) => r.steps.map((s) => s.type));
  const lines = v.recipes.length
    ? [
      `The model's inputs are NOT the raw columns (${raw}): they are the output of the fitted recipe chain in`,
      `recipe/recipes.json (${v.recipes.length} recipe${v.recipes.length > 1 ? 's' : ''}, steps: ${steps.join(' → ') || 'none'}). Apply those steps with the fitted`,
      `values stored there (means, categories, bounds…) before predicting: this code does not; Benchtop's serving does.`,
    ]
    : [`The model was trained on the raw columns (no recipe): send them as numbers.`];
  const f = v.model.features;
  lines.push(`Features, in the model's order (${f.length}): ${f.length > 40 ? `${f.slice(0, 40).join(', ')}, … (see model/model.json "features")` : f.join(', ')}.`);
  if (v.model.imputed.length) lines.push(`Missing features take their training mean (model/model.json "imputed").`);
  return lines;
}

function tfjsPage(v: ModelVersionRecord, fileName: string, example: Record<string, number> | null): UsageSnippet {
  const doc = v.model, w = doc.weights as { classes: string[] | null; labels: number[] | null };
  const labels = w.labels && w.classes ? w.labels.map((c) => w.classes![c]) : null;
  const scores = doc.model === 'linear-svc';
  const read = !labels ? '({ value: v[0] })'
    : labels.length === 2 && scores ? `({ label: v[0] > 0 ? LABELS[1] : LABELS[0], score: v[0] })`
      : labels.length === 2 ? `({ label: v[0] > 0.5 ? LABELS[1] : LABELS[0], probabilities: { [LABELS[0]]: 1 - v[0], [LABELS[1]]: v[0] } })`
        : `({ label: LABELS[v.indexOf(Math.max(...v))], ${scores ? 'scores: v' : 'probabilities: Object.fromEntries(LABELS.map((c, j) => [c, v[j]]))'} })`;
  const notes = inputNotes(v).map((l) => `  // ${comment(l)}`).join('\n');
  const code = `<!doctype html>
<!--
  ${v.name} v${v.version} (${doc.model}, ${doc.task}) as a TensorFlow.js layers model.
  Unzip ${comment(fileName)} and serve this page from the unzipped folder (e.g. python3 -m http.server):
  browsers do not load models into file:// pages. In a bundler: import * as tf from '@tensorflow/tfjs'.
-->
<meta charset="utf-8">
<title>${v.name} v${v.version}</title>
<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/dist/tf.min.js"></script>
<script type="module">
${notes}
  const FEATURES = ${js(doc.features)};
  const IMPUTED = ${js(Object.fromEntries(doc.imputed.map((m) => [m.feature, m.value])))};
  const LABELS = ${js(labels)};

  const model = await tf.loadLayersModel('tfjs/model.json');

  function toVector(features) {
    return FEATURES.map((name) => {
      const x = features[name];
      if (typeof x === 'number' && Number.isFinite(x)) return x;
      if (name in IMPUTED && (x === null || x === undefined)) return IMPUTED[name];
      throw new Error('feature "' + name + '" is missing or not a finite number');
    });
  }

  /** rows: objects of feature values (after the recipe). */
  async function predict(rows) {
    const x = tf.tensor2d(rows.map(toVector), [rows.length, FEATURES.length]);
    const y = model.predict(x);
    const out = await y.array();
    tf.dispose([x, y]);
    return out.map((v) => ${read});
  }

${example ? `  // The version's first input example, after the recipe:\n  console.log(await predict([${js(example)}]));` : `  // console.log(await predict([{ ${comment(doc.features.slice(0, 3).map((f) => `${JSON.stringify(f)}: 0`).join(', '))}, … }]));`}
</script>
`;
  return { language: 'html', title: 'TensorFlow.js in a web page (tfjs/model.json)', code };
}

function plainJs(v: ModelVersionRecord, fileName: string, example: Record<string, number> | null): UsageSnippet | null {
  const body = plainJsPredictor((v.model.weights as { format?: unknown }).format);
  if (!body) return null;
  const head = [
    `${v.name} v${v.version} (${v.model.model}, ${v.model.task}) in plain JavaScript, no library.`,
    `Unzip ${fileName}; model/model.json is the model document (format: Benchtop's docs/bundle-format.md). In a page:`,
    `  const doc = await (await fetch('model/model.json')).json();`,
    `  console.log(predict(doc, ${example ? JSON.stringify(example) : '{ /* feature: value, … */ }'}));`,
    `In Node: const doc = JSON.parse(fs.readFileSync('model/model.json', 'utf8'));`,
    ...inputNotes(v),
  ];
  return { language: 'javascript', title: 'Plain JavaScript (model/model.json)', code: `${head.map((l) => `// ${comment(l)}`).join('\n')}\n\n${body}` };
}

/** Working code that loads the exported model elsewhere: a TensorFlow.js page and/or plain JavaScript. */
export function usageSnippet(v: ModelVersionRecord, fileName: string): UsageSnippet[] {
  const example = exampleFeatures(v);
  const out: UsageSnippet[] = [];
  if (hasLayersForm(v.model.model)) out.push(tfjsPage(v, fileName, example));
  const plain = plainJs(v, fileName, example);
  if (plain) out.push(plain);
  return out;
}
