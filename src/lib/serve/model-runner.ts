/**
 * The model of a registered version, rebuilt once from its 'benchtop-model-v1' document and kept.
 * Classical models run through their ModelDef (fromJSON, predict, predictProba); the MLP through
 * the plain-JavaScript forward pass (mlp-forward.ts) over its JSON. Nothing here reaches
 * TensorFlow.js, not even lazily: the service worker bundles every dynamic import inline, and
 * models/registry.ts (through mlp.ts) would pull in tfjs and its backends. So SERVED lists the
 * classical defs directly (a unit test checks it covers every algorithm of models/registry.ts).
 *
 * Large MLP batches (≥ TENSOR_MIN_ROWS rows) go through tfjs instead when a context that already
 * runs it hands its MLP functions over (enableTensorMlp: the batch worker does, after starting the
 * WASM backend) and its backend is an accelerated one (wasm, webgl, webgpu): about 5× the JS pass
 * on 1M rows on a CPU. Both paths agree to ~1e-6.
 */
import { BenchtopError } from '../errors';
import type { ModelDef } from '../ml/model';
import { decisionTree } from '../ml/models/decision-tree';
import { linearRegression, ridge } from '../ml/models/linear-regression';
import { linearSvc } from '../ml/models/linear-svc';
import { logisticRegression } from '../ml/models/logistic-regression';
import { fromMlpJSON } from '../ml/models/mlp-json';
import type { MlpModel } from '../ml/models/mlp-model';
import { randomForest } from '../ml/models/random-forest';
import type { ModelDoc } from '../registry/types';
import { MlpForward, type MlpOutput } from './mlp-forward';
import { argmaxRows } from '../ml/tree/fit';
import { LINEAR_KINDS, type LinearKind, type LinearModel } from '../ml/linalg/linear-model';

/** Every algorithm serving runs: the classical defs, and 'mlp' (forward pass over its JSON). */
const CLASSICAL: readonly ModelDef[] = [linearRegression, ridge, logisticRegression, linearSvc, decisionTree, randomForest] as readonly ModelDef[];
const BY_ID = new Map(CLASSICAL.map((d) => [d.id, d]));
export const SERVED: readonly string[] = [...BY_ID.keys(), 'mlp'];

export const TENSOR_MIN_ROWS = 4096;
const ACCELERATED = new Set(['wasm', 'webgl', 'webgpu']);

/** The tfjs MLP functions (src/lib/ml/models/mlp-model.ts), handed over by a context that runs tfjs. */
export interface TensorMlp {
  predictMlp(m: MlpModel, X: Float64Array, n: number): Promise<Float64Array>;
  probaMlp(m: MlpModel, X: Float64Array, n: number): Promise<Float64Array>;
}
let tensorMlp: TensorMlp | null = null;

/** Lets large MLP batches in this context run on tfjs (call after choosing an accelerated backend). */
export function enableTensorMlp(impl: TensorMlp | null): void {
  tensorMlp = impl;
}

/** The tfjs backend active in this context if tfjs was loaded here (read from its global engine, never loading it). */
export function activeTensorBackend(): string | null {
  const engine = (globalThis as { _tfengine?: { backendName?: string | null } })._tfengine;
  return engine?.backendName ?? null;
}

export interface ModelRunner {
  readonly d: number;
  readonly classes: string[] | null;
  /** The linear model itself (linear/ridge/logistic/SVC), for scoring straight from columns (linear-columns.ts). */
  readonly linear?: LinearModel;
  /** Predictions (class codes for classifiers) and, when asked and the model has them, probabilities. */
  run(X: Float64Array, n: number, wantProba: boolean): MlpOutput | Promise<MlpOutput>;
}

function checkDoc(doc: ModelDoc, name: string): void {
  if (!doc || doc.format !== 'benchtop-model-v1') throw new BenchtopError('BAD_REGISTRY', `${name}: the model is not a benchtop-model-v1 document (format ${JSON.stringify(doc?.format)}).`, { name });
  if (!Array.isArray(doc.features) || doc.features.length === 0) throw new BenchtopError('BAD_REGISTRY', `${name}: the model lists no features.`, { name });
  if (doc.task !== 'regression' && (!Array.isArray(doc.classes) || doc.classes.length < 2)) {
    throw new BenchtopError('BAD_REGISTRY', `${name}: a ${doc.task} model needs its class labels.`, { name });
  }
}

/** The MLP on tfjs: probabilities once, the prediction read from them as predictMlp does (σ > 0.5; first largest). */
async function tensorRun(t: TensorMlp, m: MlpModel, X: Float64Array, n: number): Promise<MlpOutput> {
  if (!m.classes || !m.labels) return { pred: await t.predictMlp(m, X, n), proba: null };
  const proba = await t.probaMlp(m, X, n), labels = m.labels, k = m.classes.length, pred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (m.net.output === 'logistic') { pred[i] = proba[i * k + labels[1]] > 0.5 ? labels[1] : labels[0]; continue; }
    let best = labels[0];
    for (let r = 1; r < labels.length; r++) if (proba[i * k + labels[r]] > proba[i * k + best]) best = labels[r];
    pred[i] = best;
  }
  return { pred, proba };
}

function mlpRunner(doc: ModelDoc, name: string, classes: string[] | null): ModelRunner {
  const m = fromMlpJSON(doc.weights);
  if (m.d !== doc.features.length) throw new BenchtopError('BAD_REGISTRY', `${name}: the network takes ${m.d} features but the model lists ${doc.features.length}.`, { name });
  const f = new MlpForward(m);
  return {
    d: m.d, classes,
    run(X, n, wantProba) {
      const t = tensorMlp;
      if (t && n >= TENSOR_MIN_ROWS && ACCELERATED.has(activeTensorBackend() ?? '')) return tensorRun(t, m, X, n);
      return f.run(X, n, wantProba);
    },
  };
}

/** Rebuilds the model of `doc` (`name` is used in messages, e.g. "churn v3"). */
export function modelRunner(doc: ModelDoc, name: string): ModelRunner {
  checkDoc(doc, name);
  const classes = doc.task === 'regression' ? null : doc.classes;
  if (doc.model === 'mlp') return mlpRunner(doc, name, classes);
  const def = BY_ID.get(doc.model);
  if (!def) throw new BenchtopError('BAD_REGISTRY', `${name}: unknown algorithm "${doc.model}"; this Benchtop serves ${SERVED.join(', ')}.`, { name, model: doc.model });
  const model = def.fromJSON(doc.weights);
  const proba = classes && def.predictProba ? def.predictProba.bind(def) : null;
  return {
    d: doc.features.length, classes,
    ...(LINEAR_KINDS.includes(doc.model as LinearKind) ? { linear: model as LinearModel } : {}),
    run(X, n, wantProba) {
      // With probabilities the class is read from them (the first largest, as every classifier's
      // predict does), so the model runs once, not twice.
      const p = wantProba && proba ? proba(model, X, n) : null;
      if (p instanceof Promise) return p.then((q) => ({ pred: argmaxRows(q, n, classes!.length), proba: q }));
      if (p) return { pred: argmaxRows(p, n, classes!.length), proba: p };
      const pred = def.predict(model, X, n);
      return pred instanceof Promise ? pred.then((a) => ({ pred: a, proba: null })) : { pred, proba: null };
    },
  };
}
