/**
 * Grows one CART tree depth first, as scikit-learn's DepthFirstTreeBuilder: a node is a leaf when
 * it is at max_depth, has fewer than min_samples_split (or 2 · min_samples_leaf) rows, is pure,
 * or has no valid split. The splitter owns the rows (a segment [start, end) per node) and how
 * splits are found: exactly over sorted values (exact.ts) or over histograms of bins (hist.ts).
 */
import { CancelledError } from '../../errors';
import { TreeBuilder, type Tree } from './structure';
import type { Target } from './target';

export interface Split {
  feature: number;
  threshold: number;
  /** Splitter-specific: the last bin (or rank) that goes left. */
  bin: number;
  /** Rows [start, pos) go left. */
  pos: number;
  proxy: number;
}

export interface Splitter {
  readonly target: Target;
  /** Number of rows in the sample (the root's segment is [0, size)). */
  readonly size: number;
  /** Adds the statistics of rows [start, end) into s (zeroed by the caller). */
  nodeStats(start: number, end: number, s: Float64Array): void;
  /** Best split of rows [start, end) with node statistics `total` into `best`; false when there is none. */
  findSplit(start: number, end: number, total: Float64Array, best: Split): boolean;
  /** Reorders the rows of [start, end) so that the left rows come first. */
  partition(start: number, end: number, split: Split): void;
}

export interface GrowOptions {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  cancelled?: () => boolean;
}

const EPSILON = 2.220446049250313e-16;

/**
 * Grows the tree; adds each split's weighted impurity decrease (W·i − W_L·i_L − W_R·i_R) to
 * `importance[feature]` (normalise afterwards).
 */
export function growTree(splitter: Splitter, opts: GrowOptions, classification: boolean, importance: Float64Array): Tree {
  const { target } = splitter;
  const S = target.nStats;
  const builder = new TreeBuilder(target.nOut);
  const stats = new Float64Array(S);
  const best: Split = { feature: -1, threshold: 0, bin: 0, pos: 0, proxy: -Infinity };
  // Stack of pending nodes: start, end, depth, parent, isLeft (1/0), parent's feature.
  const stack: number[] = [0, splitter.size, 0, -1, 0, -1];
  const minSplit = Math.max(opts.minSamplesSplit, 2 * opts.minSamplesLeaf);
  let popped = 0;
  while (stack.length > 0) {
    const parentFeature = stack.pop()!, isLeft = stack.pop()!, parent = stack.pop()!, depth = stack.pop()!, end = stack.pop()!, start = stack.pop()!;
    if ((++popped & 1023) === 0 && opts.cancelled?.()) throw new CancelledError();
    const id = builder.add(parent, isLeft === 1);
    stats.fill(0);
    splitter.nodeStats(start, end, stats);
    target.value(stats, builder.value, id * target.nOut);
    const W = target.weight(stats), impurity = target.impurity(stats);
    if (parentFeature >= 0) importance[parentFeature] -= W * impurity;
    const leaf = depth >= opts.maxDepth || end - start < minSplit || impurity <= EPSILON || !splitter.findSplit(start, end, stats, best);
    if (leaf) continue;
    builder.split(id, best.feature, best.threshold);
    importance[best.feature] += W * impurity;
    splitter.partition(start, end, best);
    stack.push(best.pos, end, depth + 1, id, 0, best.feature, start, best.pos, depth + 1, id, 1, best.feature);
  }
  return builder.finish(classification);
}

/** Normalises impurity decreases to sum 1 (all 0 for a single-leaf tree), as scikit-learn. */
export function normalise(importance: Float64Array): Float64Array {
  let s = 0;
  for (const v of importance) s += v;
  if (s > 0) for (let i = 0; i < importance.length; i++) importance[i] /= s;
  return importance;
}
