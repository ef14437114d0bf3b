import type { RecipeRecord, VersionRecord } from './schema';

/**
 * The lineage of a dataset as a graph: dataset versions are nodes, and an edge goes from a
 * version to each version derived from it, labelled with the recipe that made it (or marked as a
 * re-import). Later stages add their own kinds of node (runs, model versions) to the same graph.
 */
export interface LineageNode {
  id: string;
  kind: 'version' | 'run' | 'model';
  label: string;
  detail: string;
  /** Generation: 0 for versions with no parent here. */
  depth: number;
}

export interface LineageEdge {
  from: string;
  to: string;
  label: string;
  recipeId: string | null;
}

export function lineageGraph(versions: VersionRecord[], recipes: Map<string, RecipeRecord>): { nodes: LineageNode[]; edges: LineageEdge[] } {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const ordered = [...versions].sort((a, b) => a.created - b.created);
  const depth = new Map<string, number>();
  const depthOf = (v: VersionRecord): number => {
    const known = depth.get(v.id);
    if (known !== undefined) return known;
    const parent = v.parent ? byId.get(v.parent) : undefined;
    const d = parent && parent.id !== v.id ? depthOf(parent) + 1 : 0;
    depth.set(v.id, d);
    return d;
  };
  const nodes: LineageNode[] = ordered.map((v, i) => ({
    id: v.id,
    kind: 'version',
    label: `v${i + 1}`,
    detail: `${v.rows.toLocaleString('en-US')} rows × ${v.columns.length} columns · ${v.id.slice(0, 12)}`,
    depth: depthOf(v),
  }));
  const edges: LineageEdge[] = ordered
    .filter((v) => v.parent && byId.has(v.parent))
    .map((v) => ({
      from: v.parent!,
      to: v.id,
      recipeId: v.recipeId,
      label: v.recipeId ? (recipes.get(v.recipeId)?.name ?? `recipe ${v.recipeId.slice(0, 8)}`) : 're-import',
    }));
  return { nodes, edges };
}
