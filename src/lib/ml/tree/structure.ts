/**
 * A fitted tree as parallel typed arrays, nodes in depth-first preorder (the root is 0, a left
 * child directly follows its parent), and its JSON.
 *
 * Format 'benchtop-tree-v1' (TreeJSON; the models wrap it with a header, see decision-tree.ts
 * and random-forest.ts): per node i,
 * - feature[i]: the feature index tested, -1 at a leaf;
 * - threshold[i]: rows with x[feature] <= threshold go left (0 at a leaf);
 * - left[i], right[i]: child node indices, -1 at a leaf (always greater than i);
 * - value: nodeCount × nOutputs numbers, row-major: weighted class counts of the training rows
 *   that reached the node (classification; probabilities are these normalised), or their mean
 *   (regression).
 */
import { TreeError } from './errors';

export interface Tree {
  nodeCount: number;
  nOut: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** What prediction reads per node: value normalised to probabilities (classification), or value. */
  output: Float64Array;
}

export interface TreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Per-node outputs: class counts normalised to sum 1 (a zero-weight node stays all 0). */
function outputs(value: Float64Array, nOut: number, classification: boolean): Float64Array {
  if (!classification) return value;
  const out = new Float64Array(value.length);
  for (let off = 0; off < value.length; off += nOut) {
    let s = 0;
    for (let c = 0; c < nOut; c++) s += value[off + c];
    if (s > 0) for (let c = 0; c < nOut; c++) out[off + c] = value[off + c] / s;
  }
  return out;
}

/** Growable node arrays. */
export class TreeBuilder {
  private cap = 64;
  count = 0;
  feature = new Int32Array(this.cap);
  threshold = new Float64Array(this.cap);
  left = new Int32Array(this.cap);
  right = new Int32Array(this.cap);
  value: Float64Array;
  constructor(readonly nOut: number) {
    this.value = new Float64Array(this.cap * nOut);
  }
  /** A new leaf node, linked from its parent (-1 for the root); returns its index. */
  add(parent: number, isLeft: boolean): number {
    if (this.count === this.cap) this.grow();
    const id = this.count++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    if (parent >= 0) (isLeft ? this.left : this.right)[parent] = id;
    return id;
  }
  split(id: number, feature: number, threshold: number): void {
    this.feature[id] = feature;
    this.threshold[id] = threshold;
  }
  finish(classification: boolean): Tree {
    const n = this.count, value = this.value.slice(0, n * this.nOut);
    return {
      nodeCount: n, nOut: this.nOut, feature: this.feature.slice(0, n), threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n), right: this.right.slice(0, n), value, output: outputs(value, this.nOut, classification),
    };
  }
  private grow(): void {
    this.cap *= 2;
    const more = <T extends Int32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = more(this.feature, this.cap);
    this.threshold = more(this.threshold, this.cap);
    this.left = more(this.left, this.cap);
    this.right = more(this.right, this.cap);
    this.value = more(this.value, this.cap * this.nOut);
  }
}

/** Adds the tree's output for each of n rows of X (row-major, d features) into out (n × nOut). */
export function addTreeOutput(tree: Tree, X: Float64Array, n: number, d: number, out: Float64Array): void {
  const { feature, threshold, left, right, output, nOut } = tree;
  for (let i = 0, row = 0; i < n; i++, row += d) {
    let node = 0;
    while (left[node] >= 0) node = X[row + feature[node]] <= threshold[node] ? left[node] : right[node];
    for (let j = 0, o = i * nOut, v = node * nOut; j < nOut; j++) out[o + j] += output[v + j];
  }
}

export function treeToJSON(t: Tree): TreeJSON {
  return { feature: Array.from(t.feature), threshold: Array.from(t.threshold), left: Array.from(t.left), right: Array.from(t.right), value: Array.from(t.value) };
}

function bad(message: string): never {
  throw new TreeError(`Cannot read the tree: ${message}`, { reason: 'BAD_MODEL' });
}

function numbers(json: Record<string, unknown>, key: string, length: number): number[] {
  const a = json[key];
  if (!Array.isArray(a) || a.length !== length || !a.every((v) => typeof v === 'number')) bad(`'${key}' must be an array of ${length} numbers.`);
  return a as number[];
}

/** Reads and checks a TreeJSON (indices in range, children after their parent, so no cycles). */
export function treeFromJSON(json: unknown, nFeatures: number, nOut: number, classification: boolean): Tree {
  if (!json || typeof json !== 'object') bad('expected an object.');
  const j = json as Record<string, unknown>;
  const n = Array.isArray(j.feature) ? j.feature.length : 0;
  if (n === 0) bad("'feature' must be a non-empty array.");
  const feature = Int32Array.from(numbers(j, 'feature', n)), left = Int32Array.from(numbers(j, 'left', n)), right = Int32Array.from(numbers(j, 'right', n));
  const threshold = Float64Array.from(numbers(j, 'threshold', n)), value = Float64Array.from(numbers(j, 'value', n * nOut));
  for (let i = 0; i < n; i++) {
    const leaf = feature[i] === -1;
    if (leaf ? left[i] !== -1 || right[i] !== -1 : !(feature[i] >= 0 && feature[i] < nFeatures && left[i] > i && left[i] < n && right[i] > i && right[i] < n)) {
      bad(`node ${i} is malformed (feature ${feature[i]}, left ${left[i]}, right ${right[i]}; ${nFeatures} features, ${n} nodes).`);
    }
  }
  return { nodeCount: n, nOut, feature, threshold, left, right, value, output: outputs(value, nOut, classification) };
}

/**
 * The threshold between the largest left value a and the smallest right value b: their midpoint,
 * as scikit-learn, raised by 1e-12 of their magnitude (staying below b). A value exactly midway
 * (common in evenly spaced data: 96 between 93 and 99) then goes left, as `x <= threshold` means,
 * whichever way the rounding of the data and of the midpoint fell. scikit-learn gets the same from
 * comparing float32 values; in float64 the side would be decided by the last bit.
 */
export function splitThreshold(a: number, b: number): number {
  const t = a / 2 + b / 2;
  if (t >= b || !Number.isFinite(t)) return a;
  const up = t + 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return up < b ? up : t;
}
