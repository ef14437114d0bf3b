/**
 * The pieces of a training job (job.ts runs them): progress hooks that write the run's metric
 * history, fitting (a forest over the pool's threads), prediction, the tensor backend, and
 * fit-then-evaluate on the held-out rows with the model and the evaluation stored as artifacts.
 */
import { CancelledError, errorInfo } from '../errors';
import type { TrainPhase, TrainProgress } from '../protocol';
import type { DB } from '../store/db';
import type { RunLogger } from '../track';
import { evaluateModel, type EvaluationReport } from './evaluate';
import type { FitHooks, HyperParams, ModelDef, Task, TrainData } from './model';
import { parallelForest, type FitPool } from './pool';
import type { BackendChoice } from './spec';
import type { PreparedJob } from './train-data';

export interface TrainContext {
  db: DB;
  /** Helper threads for forests and searches. */
  pool?: FitPool;
  /** Starts the tensor backend for a tensor model; answers what to record in the run's env. */
  prepareBackend?(choice: BackendChoice, shape: { d: number; k: number; batch: number; hidden: number[] }): Promise<Record<string, string | number | boolean>>;
  progress?(p: TrainProgress): void;
  cancelled?(): boolean;
  /** App version, user agent, cores: recorded in every run. */
  env: Record<string, string | number | boolean>;
}

const UNIT: Record<string, TrainProgress['unit']> = { mlp: 'epoch', 'random-forest': 'tree', 'logistic-regression': 'iteration', 'linear-svc': 'iteration' };

/** Progress hooks for a fit: metrics go to the run's history, progress to the UI (at most every 50 ms). */
export function fitHooks(ctx: TrainContext, run: RunLogger | null, phase: TrainPhase, unit: TrainProgress['unit'], seed: number, prefix = ''): FitHooks {
  const t0 = performance.now();
  let last = -Infinity;
  return {
    seed,
    cancelled: ctx.cancelled,
    progress(done, total, metrics) {
      const clean = metrics ? Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => [prefix + k, v])) : undefined;
      if (run && clean && Object.keys(clean).length) run.logMetrics(clean, done);
      const now = performance.now();
      if (now - last < 50 && done < total) return;
      last = now;
      const elapsedMs = now - t0;
      ctx.progress?.({ kind: 'train', runId: run?.id ?? null, phase, done, total, unit, metrics: clean, elapsedMs, etaMs: done > 0 ? (elapsedMs / done) * (total - done) : undefined });
    },
  };
}

/** Fits one model: a forest's trees go to the pool's threads when there is more than one. */
export async function fitModel(def: ModelDef, data: TrainData, task: Task, params: HyperParams, hooks: FitHooks, pool?: FitPool): Promise<unknown> {
  if (def.id === 'random-forest' && pool && pool.size > 1) {
    await pool.load(data);
    const n = Number(params.n_estimators);
    return parallelForest(pool, task, params, n, hooks.seed ?? 0, (done, metrics) => {
      if (hooks.cancelled?.()) throw new CancelledError();
      hooks.progress?.(done, n, metrics);
    });
  }
  return def.fit(data, task, params, hooks);
}

/** Predicted values or classes, and for classifiers with predictProba the probabilities. */
export async function predictAll(def: ModelDef, model: unknown, X: Float64Array, n: number, task: Task): Promise<{ yPred: Float64Array; proba?: Float64Array }> {
  const yPred = await def.predict(model, X, n);
  const proba = task !== 'regression' && def.predictProba ? await def.predictProba(model, X, n) : undefined;
  return proba ? { yPred, proba } : { yPred };
}

export async function prepareTensorBackend(job: PreparedJob, ctx: TrainContext): Promise<Record<string, string | number | boolean>> {
  if (!job.def.tensor || !ctx.prepareBackend) return {};
  ctx.progress?.({ kind: 'train', runId: null, phase: 'backend', done: 0, total: 1, unit: 'step', elapsedMs: 0 });
  const hidden = String(job.params.hidden_layer_sizes ?? '100').split(',').map(Number).filter((v) => v > 0);
  const k = job.set.classes?.length ?? 1;
  return ctx.prepareBackend(job.spec.backend, { d: job.set.train.d, k, batch: Math.min(Number(job.params.batch_size ?? 200), job.set.train.n), hidden });
}

/** Fits the job's model on the training rows, evaluates it on the test rows and logs both to `run`. */
export async function fitAndEvaluate(job: PreparedJob, params: HyperParams, ctx: TrainContext, run: RunLogger, phase: TrainPhase): Promise<EvaluationReport> {
  const { def, set, spec } = job;
  const t0 = performance.now();
  const model = await fitModel(def, set.train, spec.task, params, fitHooks(ctx, run, phase, UNIT[def.id] ?? 'step', spec.seed), ctx.pool);
  try {
    const fitMs = performance.now() - t0;
    ctx.progress?.({ kind: 'train', runId: run.id, phase: 'evaluate', done: 0, total: 1, unit: 'step', elapsedMs: 0 });
    const pred = await predictAll(def, model, set.test.X, set.test.n, spec.task);
    const report = await evaluateModel({
      task: spec.task, classes: set.classes, yTrain: set.train.y, yTest: set.test.y, pred, featureNames: set.train.featureNames, slice: set.slice,
      predict: (X, n) => predictAll(def, model, X, n, spec.task), Xtest: set.test.X, n: set.test.n, d: set.test.d, seed: spec.seed, cancelled: ctx.cancelled,
    });
    // Metrics undefined here (NaN, e.g. AUC with one class in the test rows) stay in the report only.
    for (const m of report.metrics) if (m.value !== null) run.logMetric(m.id, m.value);
    for (const m of report.baseline.metrics) if (m.value !== null) run.logMetric(`baseline_${m.id}`, m.value);
    run.logMetrics({ fit_time_s: fitMs / 1000, train_rows: set.train.n, test_rows: set.test.n });
    ctx.progress?.({ kind: 'train', runId: run.id, phase: 'save', done: 0, total: 1, unit: 'step', elapsedMs: performance.now() - t0 });
    const bundle = {
      format: 'benchtop-model-v1', model: def.id, task: spec.task, target: spec.target, features: set.train.featureNames, classes: set.classes ?? null,
      imputed: set.imputed ?? [], params, datasetVersion: job.version.id, weights: def.toJSON(model),
    };
    await run.logArtifact('model/model.json', JSON.stringify(bundle), 'application/json');
    await run.logArtifact('evaluation.json', JSON.stringify({ ...report, worst: report.worst.map((w) => ({ ...w, datasetRow: set.testRows[w.row] })) }), 'application/json');
    return report;
  } finally {
    def.dispose?.(model);
  }
}

/** Ends a run after an error: KILLED when cancelled, FAILED with the reason otherwise. */
export async function endWithError(run: RunLogger, e: unknown): Promise<void> {
  const info = errorInfo(e);
  // If even the status cannot be written, the lock is released so the next sweep ends the run.
  await run.end(info.code === 'CANCELLED' ? 'KILLED' : 'FAILED', { code: info.code, message: info.message }).catch(() => run.abandon());
}
