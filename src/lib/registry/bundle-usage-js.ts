/**
 * "Use it elsewhere", without any library: the plain JavaScript that predicts from a bundle's
 * model/model.json for linear models ('benchtop-linear-v1') and trees ('benchtop-tree-v1',
 * 'benchtop-forest-v1'). The functions do the same arithmetic in the same order as Benchtop
 * (linalg/linear-model.ts, tree/structure.ts), so they give the same numbers; the tests run them.
 * The code is an ES module of plain functions (no imports, no top-level await).
 */

/** Shared by both: the feature vector in the model's order, missing features imputed as in training. */
const FEATURE_VECTOR = `/** The model's inputs in its order (doc.features); a missing one takes its training mean (doc.imputed). */
export function featureVector(doc, features) {
  return doc.features.map((name) => {
    const v = features[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    const fill = doc.imputed.find((m) => m.feature === name);
    if (fill && (v === null || v === undefined || Number.isNaN(v))) return fill.value;
    throw new Error('feature "' + name + '" is missing or not a finite number');
  });
}`;

const LINEAR = `/**
 * Scores s = coef · x + intercept (one row per class, or one row for regression and two classes).
 * Regression: the value. Logistic regression: σ(s) for the second label, or the softmax of the
 * scores; the label is the highest (s > 0 with two labels). Linear SVM: the label and its scores.
 */
export function predict(doc, features) {
  const m = doc.weights, x = featureVector(doc, features);
  const scores = m.coef.map((row, r) => row.reduce((s, c, j) => s + c * x[j], m.intercept[r]));
  if (m.task === 'regression') return { value: scores[0] };
  const labels = m.labels.map((c) => m.classes[c]);
  const best = scores.length === 1 ? (scores[0] > 0 ? 1 : 0) : scores.indexOf(Math.max(...scores));
  if (m.model !== 'logistic-regression') return { label: labels[best], scores };
  let p;
  if (scores.length === 1) {
    const z = scores[0], q = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    p = [1 - q, q];
  } else {
    const top = Math.max(...scores), e = scores.map((s) => Math.exp(s - top)), sum = e.reduce((a, b) => a + b, 0);
    p = e.map((v) => v / sum);
  }
  return { label: labels[best], probabilities: Object.fromEntries(labels.map((c, j) => [c, p[j]])) };
}`;

const TREES = `/**
 * Each tree sends the row left when x[feature] <= threshold, down to a leaf; the leaf's value is
 * the class counts (normalised to probabilities) or the mean target. A forest averages its trees.
 * The label is the first class of highest probability.
 */
export function predict(doc, features) {
  const m = doc.weights, x = featureVector(doc, features), k = m.nOutputs;
  const trees = m.format === 'benchtop-forest-v1' ? m.trees : [m];
  const out = new Array(k).fill(0);
  for (const t of trees) {
    let node = 0;
    while (t.left[node] >= 0) node = x[t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
    const v = t.value.slice(node * k, node * k + k);
    const total = m.task === 'regression' ? 1 : v.reduce((a, b) => a + b, 0);
    for (let j = 0; j < k; j++) out[j] += total > 0 ? v[j] / total : 0;
  }
  if (trees.length > 1) for (let j = 0; j < k; j++) out[j] /= trees.length;
  if (m.task === 'regression') return { value: out[0] };
  let best = 0;
  for (let j = 1; j < k; j++) if (out[j] > out[best]) best = j;
  return { label: m.classes[best], probabilities: Object.fromEntries(m.classes.map((c, j) => [c, out[j]])) };
}`;

const FORMATS: Record<string, string> = { 'benchtop-linear-v1': LINEAR, 'benchtop-tree-v1': TREES, 'benchtop-forest-v1': TREES };

/** The plain-JavaScript predictor for a model JSON format, or null when there is none (the MLP: use TensorFlow.js). */
export function plainJsPredictor(format: unknown): string | null {
  const body = typeof format === 'string' ? FORMATS[format] : undefined;
  return body ? `${FEATURE_VECTOR}\n\n${body}\n` : null;
}
