/**
 * A hyperparameter search as runs: a parent run, one child run per candidate (its k fold scores,
 * their mean and std), candidates and their folds fitted over the pool's threads, then the best candidate refit
 * on the whole training split and evaluated on the test rows under the parent run.
 * A failed candidate scores NaN (as scikit-learn's error_score) and the search goes on; cancel
 * stops every thread and marks the parent and its unfinished children KILLED.
 */
import { CancelledError, errorInfo } from '../errors';
import { TrainInputError } from './errors';
import type { TrainOutcome } from '../protocol';
import { getRun, startRun, type RunLogger } from '../track';
import { localPool } from './pool';
import { candidates, cvFolds, meanStd, rankCandidates, type CandidateScore } from './search';
import type { SearchSpec } from './spec';
import { endWithError, fitAndEvaluate, prepareTensorBackend, type TrainContext } from './train';
import { runInputs, runParams, type PreparedJob } from './train-data';

export async function runSearch(job: PreparedJob, search: SearchSpec, ctx: TrainContext, onRun?: (runId: string) => void): Promise<TrainOutcome> {
  const t0 = performance.now();
  const { def, set, spec } = job;
  // These throw on a bad space, fold count or scorer: before any run is written.
  const searched = Object.keys(search.space);
  if (!searched.length) throw new TrainInputError('The search space is empty: give values for at least one parameter.', { choices: def.params.map((p) => p.name) });
  const cands = candidates(search, def, spec.params, spec.seed, spec.task);
  const folds = cvFolds(set.train.y, spec.task, search.folds, spec.seed, set.classes);
  const backendEnv = await prepareTensorBackend(job, ctx);
  const env = { ...ctx.env, ...backendEnv, seed: spec.seed };
  const inputs = runInputs(job);
  // The searched params are logged once the best is known: they are the refit model's.
  const base = runParams(job);
  for (const k of searched) delete base[k];
  const parent = await startRun(ctx.db, {
    experiment: spec.experiment, name: spec.runName, inputs, env,
    params: { ...base, search: search.mode, search_space: JSON.stringify(search.space), cv_folds: search.folds, scoring: search.scoring, n_candidates: cands.length },
    tags: { 'benchtop.kind': 'search', 'benchtop.model': spec.model, 'benchtop.dataset': job.version.datasetId },
  });
  onRun?.(parent.id);
  const pool = ctx.pool ?? localPool(ctx.cancelled);
  const live = new Set<RunLogger>();
  const childIds: string[] = [];
  const results: CandidateScore[] = [];
  /** Set when the search fails: lanes still running start no more children. */
  let stopped = false;
  try {
    await pool.load(set.train);
    let next = 0, done = 0;
    const started = performance.now();
    const parentName = (await getRun(ctx.db, parent.id))?.name ?? 'search';
    const one = async (i: number): Promise<void> => {
      if (stopped) return;
      const child = await startRun(ctx.db, {
        experiment: spec.experiment, parentId: parent.id, name: `${parentName}-${i + 1}`, inputs, env,
        params: { ...runParams(job), ...def.params.reduce((o, p) => ({ ...o, [p.name]: cands[i][p.name] ?? p.default }), {}), cv_folds: search.folds, scoring: search.scoring },
        tags: { 'benchtop.kind': 'candidate', 'benchtop.model': spec.model, 'benchtop.candidate': String(i + 1) },
      });
      live.add(child);
      childIds[i] = child.id;
      try {
        if (stopped) throw new CancelledError('The search stopped.');
        // One call per fold, so the folds of a candidate spread over idle threads.
        const parts = await Promise.all(folds.map((f) => pool.score(def.id, spec.task, cands[i], [f], search.scoring, spec.seed)));
        const scores = parts.map((p) => p.scores[0]);
        const r: CandidateScore = { scores, ...meanStd(scores), fitMs: parts.reduce((t, p) => t + p.fitMs, 0) };
        results[i] = r;
        r.scores.forEach((s, f) => Number.isFinite(s) && child.logMetric(`split${f}_test_score`, s));
        const summary = { mean_test_score: r.mean, std_test_score: r.std, fit_time_s: r.fitMs / 1000 };
        child.logMetrics(Object.fromEntries(Object.entries(summary).filter(([, v]) => Number.isFinite(v))));
        await child.end('FINISHED');
      } catch (e) {
        // A cancel, or a helper thread gone (crash, out of memory), ends the whole search.
        const code = errorInfo(e).code;
        if (code === 'CANCELLED' || code === 'WORKER_CRASHED' || stopped || ctx.cancelled?.()) throw e;
        results[i] = { scores: folds.map(() => NaN), mean: NaN, std: NaN, fitMs: 0 };
        await endWithError(child, e);
      } finally {
        live.delete(child);
      }
      done++;
      parent.logMetric('candidates_done', done, done);
      const elapsedMs = performance.now() - started;
      ctx.progress?.({ kind: 'train', runId: parent.id, phase: 'search', done, total: cands.length, unit: 'candidate', elapsedMs, etaMs: (elapsedMs / done) * (cands.length - done), metrics: Number.isFinite(results[i].mean) ? { mean_test_score: results[i].mean } : undefined });
    };
    const lane = async (): Promise<void> => {
      while (next < cands.length) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.size, cands.length)) }, lane));
    const ranked = rankCandidates(results);
    const best = ranked.best;
    if (best < 0) throw new TrainInputError('Every candidate failed; the child runs say why.');
    parent.logMetrics({ best_cv_score: results[best].mean, best_cv_std: results[best].std });
    await parent.setTags({ 'benchtop.best_run': childIds[best], 'benchtop.best_params': JSON.stringify(cands[best]) });
    await parent.logParams(Object.fromEntries(searched.map((k) => [k, cands[best][k]])));
    const cv = cands.map((p, i) => ({ run: childIds[i], params: p, scores: results[i].scores, mean: results[i].mean, std: results[i].std, rank: ranked.ranks[i], fitMs: results[i].fitMs }));
    await parent.logArtifact('cv_results.json', JSON.stringify({ scoring: search.scoring, folds: search.folds, candidates: cv }), 'application/json');
    await fitAndEvaluate(job, cands[best], ctx, parent, 'refit');
    await parent.end('FINISHED');
  } catch (e) {
    stopped = true;
    pool.dispose();
    await Promise.all([...live].map((c) => endWithError(c, e)));
    await endWithError(parent, e);
    throw e;
  }
  const rec = await getRun(ctx.db, parent.id);
  return { runId: parent.id, childRunIds: childIds, status: 'FINISHED', metrics: rec?.metrics ?? {}, ms: performance.now() - t0 };
}
