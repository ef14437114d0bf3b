/**
 * The multilayer perceptron's forward pass in plain JavaScript, from its 'benchtop-mlp-v1' JSON
 * (see src/lib/ml/models/mlp-model.ts for the semantics it reproduces), so serving needs no
 * TensorFlow.js (a service worker cannot load it lazily, and one row through tfjs costs more than
 * the whole pass here). Inputs are standardized with the stored scaler and rounded to float32 as
 * the tensor path does; layers run in doubles over the float32 weights, so results equal the tfjs
 * predictions to about 1e-6 relative. Rows run in blocks so a layer's weights stay in cache.
 *
 * Output: regression target.mean + target.scale · out (or out); binary σ(out) = P(labels[1]),
 * predicted when > 0.5; multiclass softmax over labels, the first largest wins. Classes never seen
 * in training get probability 0.
 */
import type { Activation } from '../ml/models/mlp-params';
import type { MlpModel } from '../ml/models/mlp-model';

const BLOCK = 64;

export interface MlpOutput {
  /** Regression: values; classification: class codes (as numbers). */
  pred: Float64Array;
  /** Classification: n × classes row-major probabilities. */
  proba: Float64Array | null;
}

const ACT: Record<Activation, number> = { relu: 0, tanh: 1, logistic: 2, identity: 3 };

function act(s: number, a: number): number {
  return a === 0 ? (s < 0 ? 0 : s) : a === 1 ? Math.tanh(s) : a === 2 ? 1 / (1 + Math.exp(-s)) : s;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** A reusable evaluator of one model (transposed weights and scratch buffers made once). */
export class MlpForward {
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  /** Per layer: out × in weights (the transpose of the JSON's in × out), as doubles. */
  private readonly wt: Float64Array[];

  constructor(private readonly m: MlpModel) {
    const width = Math.max(...m.net.sizes), sizes = m.net.sizes;
    this.a = new Float64Array(BLOCK * width);
    this.b = new Float64Array(BLOCK * width);
    this.wt = m.weights.map((w, l) => {
      const nin = sizes[l], nout = sizes[l + 1], t = new Float64Array(nin * nout);
      for (let i = 0; i < nin; i++) for (let j = 0; j < nout; j++) t[j * nin + i] = w[i * nout + j];
      return t;
    });
  }

  /**
   * Scores (output-unit inputs) of rows [start, start + rows); returns the buffer holding them.
   * Each output is a dot product kept in a register, four rows at a time sharing the weight loads.
   */
  private block(X: Float64Array, start: number, rows: number): Float64Array {
    const { m } = this, sizes = m.net.sizes, d = m.d, sc = m.scaler, L = this.wt.length, code = ACT[m.net.activation];
    let inp = this.a, out = this.b;
    for (let r = 0; r < rows; r++) {
      const x = (start + r) * d, o = r * d;
      for (let j = 0; j < d; j++) inp[o + j] = Math.fround(sc ? (X[x + j] - sc.mean[j]) / sc.scale[j] : X[x + j]);
    }
    for (let l = 0; l < L; l++) {
      const nin = sizes[l], nout = sizes[l + 1], w = this.wt[l], bias = m.biases[l], a = l < L - 1 ? code : 3;
      let r = 0;
      for (; r + 4 <= rows; r += 4) {
        const x0 = r * nin, x1 = x0 + nin, x2 = x1 + nin, x3 = x2 + nin;
        for (let j = 0; j < nout; j++) {
          const wj = j * nin;
          let s0 = bias[j], s1 = s0, s2 = s0, s3 = s0;
          for (let i = 0; i < nin; i++) {
            const wv = w[wj + i];
            s0 += inp[x0 + i] * wv; s1 += inp[x1 + i] * wv; s2 += inp[x2 + i] * wv; s3 += inp[x3 + i] * wv;
          }
          out[r * nout + j] = act(s0, a); out[(r + 1) * nout + j] = act(s1, a); out[(r + 2) * nout + j] = act(s2, a); out[(r + 3) * nout + j] = act(s3, a);
        }
      }
      for (; r < rows; r++) {
        const x0 = r * nin;
        for (let j = 0; j < nout; j++) {
          const wj = j * nin;
          let s0 = bias[j];
          for (let i = 0; i < nin; i++) s0 += inp[x0 + i] * w[wj + i];
          out[r * nout + j] = act(s0, a);
        }
      }
      const t = inp; inp = out; out = t;
    }
    return inp;
  }

  run(X: Float64Array, n: number, wantProba: boolean): MlpOutput {
    const m = this.m, k = m.net.sizes[m.net.sizes.length - 1];
    const pred = new Float64Array(n);
    const classes = m.classes?.length ?? 0, labels = m.labels;
    const proba = labels && wantProba ? new Float64Array(n * classes) : null;
    for (let start = 0; start < n; start += BLOCK) {
      const rows = Math.min(BLOCK, n - start), s = this.block(X, start, rows);
      for (let r = 0; r < rows; r++) {
        const i = start + r, o = r * k;
        if (!labels) { const t = m.target; pred[i] = t ? t.mean + t.scale * s[o] : s[o]; continue; }
        if (m.net.output === 'logistic') {
          const p = sigmoid(s[o]);
          pred[i] = p > 0.5 ? labels[1] : labels[0];
          if (proba) { proba[i * classes + labels[1]] = p; proba[i * classes + labels[0]] = 1 - p; }
          continue;
        }
        let max = -Infinity, best = 0, sum = 0;
        for (let c = 0; c < k; c++) if (s[o + c] > max) { max = s[o + c]; best = c; }
        pred[i] = labels[best];
        if (!proba) continue;
        for (let c = 0; c < k; c++) sum += (s[o + c] = Math.exp(s[o + c] - max));
        for (let c = 0; c < k; c++) proba[i * classes + labels[c]] = s[o + c] / sum;
      }
    }
    return { pred, proba };
  }
}
