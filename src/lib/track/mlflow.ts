/**
 * Pushes Benchtop runs to an MLflow tracking server through its REST API 2.0, only when called:
 * experiments/get-by-name (or create), runs/create (parents first; a child carries the tag
 * mlflow.parentRunId), runs/log-batch in chunks, runs/log-inputs, each artifact through the
 * artifact proxy (PUT /api/2.0/mlflow-artifacts/artifacts/…), and runs/update with the final status.
 * A run that fails half way is marked FAILED (KILLED when cancelled) on the server.
 */
import { BenchtopError, errorInfo } from '../errors';
import type { DB } from '../store/db';
import { loadRunBundles, type RunBundle } from './exchange-bundle';
import { datasetInputs, logBatches, mlflowMetric, runTags } from './mlflow-batch';
import { MlflowClient, serverBase, type MlflowConnection } from './mlflow-http';

export { serverBase, type MlflowConnection } from './mlflow-http';

export interface PushOptions extends MlflowConnection {
  /** Push every run into this MLflow experiment instead of one named like its Benchtop experiment. */
  experimentName?: string;
  /** Requests done and planned, after each request. */
  progress?(done: number, total: number): void;
}

export interface PushResult {
  pushed: { runId: string; mlflowRunId: string }[];
}

const API = '/api/2.0/mlflow';

/** Parents before their children, otherwise in the given order. */
function parentsFirst(bundles: readonly RunBundle[]): RunBundle[] {
  const byId = new Map(bundles.map((b) => [b.run.id, b]));
  const out: RunBundle[] = [];
  const seen = new Set<string>();
  const visit = (b: RunBundle): void => {
    if (seen.has(b.run.id)) return;
    seen.add(b.run.id);
    const parent = b.run.parentId === null ? undefined : byId.get(b.run.parentId);
    if (parent) visit(parent);
    out.push(b);
  };
  bundles.forEach(visit);
  return out;
}

async function experimentId(client: MlflowClient, name: string): Promise<string> {
  try {
    const res = await client.get(`${API}/experiments/get-by-name`, { experiment_name: name });
    const exp = res.experiment as { experiment_id?: string; lifecycle_stage?: string } | undefined;
    if (exp?.lifecycle_stage === 'deleted') {
      throw new BenchtopError('MLFLOW_ERROR', `The experiment '${name}' is deleted on the MLflow server: restore it there, or push into another experiment.`, { experiment: name });
    }
    if (exp?.experiment_id) return String(exp.experiment_id);
  } catch (e) {
    if (errorInfo(e).detail.errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw e;
  }
  const created = await client.post(`${API}/experiments/create`, { name });
  if (created.experiment_id === undefined) throw unexpected('experiments/create', created);
  return String(created.experiment_id);
}

/** The artifact proxy's path for a run: from its mlflow-artifacts: URI, else MLflow's default layout. */
function artifactRoot(artifactUri: unknown, expId: string, runId: string): string {
  const m = typeof artifactUri === 'string' ? /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri) : null;
  return (m ? m[1] : `${expId}/${runId}/artifacts`).replace(/\/+$/, '');
}

const unexpected = (what: string, body: unknown): BenchtopError =>
  new BenchtopError('MLFLOW_ERROR', `The MLflow server answered ${what} without the expected id: ${JSON.stringify(body).slice(0, 200)}`);

const encodePath = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

/** Pushes runs already read from storage (see loadRunBundles); the core of pushRuns. */
export async function pushRunBundles(bundles: readonly RunBundle[], opts: PushOptions): Promise<PushResult> {
  const client = new MlflowClient(opts); // refuses a bad address before any request
  const cleanup = new MlflowClient({ ...opts, signal: undefined });
  const plans = parentsFirst(bundles).map((b) => ({
    b,
    batches: logBatches(
      Object.entries(b.run.params).map(([key, value]) => ({ key, value })),
      runTags(b.run),
      b.metrics.map(mlflowMetric),
    ),
  }));
  const total = plans.reduce((n, p) => n + 2 + p.batches.length + (p.b.run.inputs.length ? 1 : 0) + p.b.artifacts.length, 0);
  let done = 0;
  const step = (): void => opts.progress?.(++done, total);
  const experiments = new Map<string, string>();
  const mlflowIds = new Map<string, string>();
  const pushed: PushResult['pushed'] = [];
  for (const { b, batches } of plans) {
    const name = opts.experimentName?.trim() || b.experimentName;
    if (!experiments.has(name)) experiments.set(name, await experimentId(client, name));
    const expId = experiments.get(name)!;
    const parent = b.run.parentId === null ? undefined : mlflowIds.get(b.run.parentId);
    const tags = [
      { key: 'mlflow.source.name', value: 'Benchtop' },
      { key: 'mlflow.source.type', value: 'LOCAL' },
      { key: 'benchtop.run_id', value: b.run.id },
      ...(parent ? [{ key: 'mlflow.parentRunId', value: parent }] : []),
    ];
    const created = await client.post(`${API}/runs/create`, { experiment_id: expId, run_name: b.run.name, start_time: Math.round(b.run.start), tags });
    const info = (created.run as { info?: { run_id?: string; run_uuid?: string; artifact_uri?: string } } | undefined)?.info;
    const runId = info?.run_id ?? info?.run_uuid;
    if (!runId) throw unexpected('runs/create', created);
    step();
    try {
      for (const batch of batches) {
        await client.post(`${API}/runs/log-batch`, { run_id: runId, ...batch });
        step();
      }
      if (b.run.inputs.length) {
        await client.post(`${API}/runs/log-inputs`, { run_id: runId, datasets: datasetInputs(b.run.inputs, b.datasetNames) });
        step();
      }
      const root = artifactRoot(info?.artifact_uri, expId, runId);
      for (const a of b.artifacts) {
        await client.put(`/api/2.0/mlflow-artifacts/artifacts/${encodePath(`${root}/${a.path}`)}`, a.data, a.mediaType || 'application/octet-stream');
        step();
      }
      await client.post(`${API}/runs/update`, { run_id: runId, status: b.run.status, ...(b.run.end === null ? {} : { end_time: Math.round(b.run.end) }) });
      step();
    } catch (e) {
      const code = errorInfo(e).code;
      if (code !== 'SERVER_UNREACHABLE') {
        await cleanup.post(`${API}/runs/update`, { run_id: runId, status: code === 'CANCELLED' ? 'KILLED' : 'FAILED', end_time: Date.now() }).catch(() => undefined);
      }
      throw e;
    }
    mlflowIds.set(b.run.id, runId);
    pushed.push({ runId: b.run.id, mlflowRunId: runId });
  }
  return { pushed };
}

/** Reads the runs (with metrics, artifacts, inputs) and pushes them to the MLflow server. */
export async function pushRuns(db: DB, runIds: readonly string[], opts: PushOptions): Promise<PushResult> {
  serverBase(opts.server);
  const bundles = await loadRunBundles(db, runIds);
  return pushRunBundles(bundles, opts);
}
