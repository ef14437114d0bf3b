/**
 * Registry lineage, both ways. registryLineage adds to a dataset's lineage graph (store/lineage.ts)
 * the runs that trained registered models on its versions and those model versions:
 * version → run → model version. versionLineage walks a model version back: version → run →
 * training dataset version → recipe → parent version … → raw data, with ids and labels for links
 * (items that were deleted since are marked so).
 */
import { guarded, type DB } from '../store/db';
import { lineageGraph, type LineageEdge, type LineageNode } from '../store/lineage';
import { getVersion as getDatasetVersion, listVersions as listDatasetVersions } from '../store/versions';
import { getRun } from '../track/runs';
import type { ModelVersionRecord } from './types';

export const runNodeId = (runId: string): string => `run:${runId}`;
export const modelNodeId = (name: string, version: number): string => `model:${name}:${version}`;

/** The runs that produced registered versions, with those versions' keys (read from the byRun index, no records). */
async function registeredRuns(db: DB): Promise<Map<string, [string, number][]>> {
  return guarded(async () => {
    const out = new Map<string, [string, number][]>();
    const tx = db.transaction('modelVersions');
    for (let c = await tx.store.index('byRun').openKeyCursor(); c; c = await c.continue()) {
      const runId = c.key as string;
      out.set(runId, [...(out.get(runId) ?? []), c.primaryKey as [string, number]]);
    }
    return out;
  });
}

/** Extra nodes and edges for a dataset's lineage graph: version → run → model version. */
export async function registryLineage(db: DB, datasetId: string): Promise<{ nodes: LineageNode[]; edges: LineageEdge[] }> {
  const versions = await listDatasetVersions(db, datasetId);
  const depth = new Map(lineageGraph(versions, new Map()).nodes.map((n) => [n.id, n.depth]));
  const nodes: LineageNode[] = [], edges: LineageEdge[] = [];
  for (const [runId, keys] of await registeredRuns(db)) {
    const run = await getRun(db, runId);
    const input = run?.inputs.find((i) => i.context === 'training' && depth.has(i.versionId)) ?? run?.inputs.find((i) => depth.has(i.versionId));
    if (!run || !input) continue;
    const d = depth.get(input.versionId)! + 1;
    nodes.push({ id: runNodeId(run.id), kind: 'run', label: run.name, detail: `${run.status.toLowerCase()} run · ${run.params.model ?? ''}`.trim(), depth: d });
    edges.push({ from: input.versionId, to: runNodeId(run.id), label: 'trained', recipeId: null });
    for (const [name, version] of keys) {
      const v = await guarded(() => db.get('modelVersions', [name, version]));
      if (!v) continue;
      const model = await guarded(() => db.get('registeredModels', name));
      const aliases = Object.entries(model?.aliases ?? {}).filter(([, n]) => n === version).map(([a]) => `@${a}`);
      nodes.push({ id: modelNodeId(name, version), kind: 'model', label: `${name} v${version}`, detail: [v.stage, ...aliases].join(' · '), depth: d + 1 });
      edges.push({ from: runNodeId(run.id), to: modelNodeId(name, version), label: 'registered', recipeId: null });
    }
  }
  return { nodes, edges };
}

export interface LineageLink {
  kind: 'model' | 'run' | 'version' | 'recipe';
  id: string;
  label: string;
  /** False when the item was deleted since (or, for a bundle import, never was on this device). */
  exists: boolean;
  datasetId?: string;
  experimentId?: string;
  /** The model version of a 'model' link. */
  version?: number;
}

/** A model version's lineage back to the raw data, newest first, for clickable links. */
export async function versionLineage(db: DB, name: string, version: number): Promise<LineageLink[]> {
  const v: ModelVersionRecord | undefined = await guarded(() => db.get('modelVersions', [name, version]));
  if (!v) return [];
  const out: LineageLink[] = [{ kind: 'model', id: modelNodeId(name, version), label: `${name} v${version}`, exists: true, version }];
  if (v.lineage.runId) {
    const run = await getRun(db, v.lineage.runId);
    out.push({ kind: 'run', id: v.lineage.runId, label: run?.name ?? `run ${v.lineage.runId.slice(0, 8)}`, exists: !!run, experimentId: v.lineage.experimentId ?? undefined });
  }
  const recipeLink = async (recipeId: string): Promise<LineageLink> => {
    const rec = await guarded(() => db.get('recipes', recipeId));
    return { kind: 'recipe', id: recipeId, label: rec?.name ?? `recipe ${recipeId.slice(0, 8)}`, exists: !!rec };
  };
  // Recipes innermost first: the one that made the training version, then the one before it…
  const recipes = [...v.lineage.recipeIds].reverse();
  let id: string | null = v.lineage.datasetVersion;
  for (let i = 0; id !== null && i < 100; i++) {
    const dv = await getDatasetVersion(db, id);
    out.push({ kind: 'version', id, label: `dataset version ${id.slice(0, 12)}${dv ? ` (${dv.rows.toLocaleString('en-US')} rows)` : ''}`, exists: !!dv, datasetId: dv?.datasetId ?? v.lineage.datasetId ?? undefined });
    if (!dv) {
      // Not on this device (deleted, or a bundle from elsewhere): the recipes the version declared.
      for (const r of recipes.slice(i)) out.push(await recipeLink(r));
      break;
    }
    if (!dv.recipeId) break;
    out.push(await recipeLink(dv.recipeId));
    id = dv.parent;
  }
  return out;
}
