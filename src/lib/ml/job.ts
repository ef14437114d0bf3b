/**
 * A training job, start to end: check the input (before any run exists), start the run, fit
 * with live progress written to the run's metric history, evaluate on the held-out rows beside
 * the baseline, store the model and the evaluation, and end the run FINISHED — or FAILED with
 * the reason, or KILLED when cancelled. A job with a search runs its candidates first.
 */
import type { TrainOutcome } from '../protocol';
import { getRun, startRun } from '../track';
import type { TrainSpec } from './spec';
import { endWithError, fitAndEvaluate, prepareTensorBackend, type TrainContext } from './train';
import { prepareJob, runInputs, runParams } from './train-data';
import { runSearch } from './train-search';

export async function runTraining(spec: TrainSpec, ctx: TrainContext, onRun?: (runId: string) => void): Promise<TrainOutcome> {
  const t0 = performance.now();
  ctx.progress?.({ kind: 'train', runId: null, phase: 'load', done: 0, total: 1, unit: 'step', elapsedMs: 0 });
  const job = await prepareJob(ctx.db, spec);
  if (spec.search) return runSearch(job, spec.search, ctx, onRun);
  const backendEnv = await prepareTensorBackend(job, ctx);
  const run = await startRun(ctx.db, {
    experiment: spec.experiment, name: spec.runName, params: runParams(job), inputs: runInputs(job),
    tags: { 'benchtop.kind': 'train', 'benchtop.model': spec.model, 'benchtop.dataset': job.version.datasetId },
    env: { ...ctx.env, ...backendEnv, seed: spec.seed },
  });
  onRun?.(run.id);
  try {
    await fitAndEvaluate(job, job.params, ctx, run, 'fit');
    await run.end('FINISHED');
  } catch (e) {
    await endWithError(run, e);
    throw e;
  }
  const rec = await getRun(ctx.db, run.id);
  return { runId: run.id, childRunIds: [], status: 'FINISHED', metrics: rec?.metrics ?? {}, ms: performance.now() - t0 };
}
