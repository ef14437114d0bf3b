/**
 * The retraining loop, each step appended to the alert that started it (or to a record of its
 * own when a person started it): choose the data (the given dataset version, the monitor's
 * retrain version, or else the reference plus labelled production data), repeat the served
 * version's recipes on it (refitted), train the same algorithm with the same settings, register
 * the run as a new version and point @challenger at it; then, as far as asked, deploy it in shadow
 * against the champion, run the registry's gate on a holdout (default: the new data's rows the
 * candidate held out, as raw inputs: holdout.ts) and promote it to @champion only if it passes.
 * How far it goes: 'candidate' (automation 'suggest': prepared, then waits for a person),
 * 'shadow' (a person's default), 'promote' (automation 'automatic').
 */
import { BenchtopError, errorInfo } from '../errors';
import { runTraining } from '../ml/job';
import type { BackendChoice } from '../ml/spec';
import type { TrainContext } from '../ml/train';
import { setAlias } from '../registry/aliases';
import { defaultChecks, describeFailure } from '../registry/gate-checks';
import { runGate } from '../registry/gate';
import { registerRun } from '../registry/register';
import type { GateResult } from '../registry/types';
import { createDeployment } from '../serve/deployments';
import { editDeployment, stopDeployment } from '../serve/deployment-actions';
import type { DB } from '../store/db';
import { getRun } from '../track/runs';
import { appendAction, manualRecord } from './alerts';
import { holdoutFor } from './holdout';
import { labelledVersion } from './labelled';
import { endpointOf, requireMonitor, servedVersion } from './monitors';
import { applyPlan, recipePlan, trainPlan } from './retrain-plan';

export const CHALLENGER = 'challenger';
export const RETRAIN_STAGES = ['candidate', 'shadow', 'promote'] as const;
export type RetrainStage = (typeof RETRAIN_STAGES)[number];

export interface RetrainRequest {
  monitor: string;
  /** Raw dataset version to retrain on (the served version's recipes are applied to it). */
  versionId?: string | null;
  reason?: string;
  /** The alert whose record gets the steps; without one a record of its own is made. */
  alert?: string;
  /** How far to go (default: 'promote' for automation 'automatic', 'candidate' for 'suggest', else 'shadow'). */
  until?: RetrainStage;
  /** Dataset version the gate scores on (default: the new data's rows the candidate held out, holdout.ts). */
  holdoutVersion?: string;
}

/** What training needs from the caller's context (the worker's backend, threads, progress). */
export type RetrainHooks = Partial<Omit<TrainContext, 'db'>> & { backend?: BackendChoice };

export interface RetrainOutcome {
  record: string;
  datasetVersion: string;
  trainingVersion: string;
  runId: string;
  candidate: { name: string; version: number };
  deployment: string | null;
  gate: GateResult | null;
  promoted: boolean;
}

export async function retrain(db: DB, req: RetrainRequest, hooks: RetrainHooks = {}): Promise<RetrainOutcome> {
  const m = await requireMonitor(db, req.monitor);
  if (req.until !== undefined && !RETRAIN_STAGES.includes(req.until)) {
    throw new BenchtopError('BAD_MONITOR', `Retraining goes as far as one of ${RETRAIN_STAGES.join(', ')}; got ${JSON.stringify(req.until)}.`, { field: 'until', choices: RETRAIN_STAGES });
  }
  const until: RetrainStage = req.until ?? (m.automation === 'automatic' ? 'promote' : m.automation === 'suggest' ? 'candidate' : 'shadow');
  const reason = req.reason?.trim() || 'Retraining requested.';
  const record = req.alert ?? (await manualRecord(db, m.id, reason)).id;
  const step = (name: string, detail: string) => appendAction(db, record, name, detail);
  if (req.alert) await step('retrain', `${reason} (goes as far as: ${until})`);
  try {
    const v = await servedVersion(db, m.deployment);
    const run = v.lineage.runId ? await getRun(db, v.lineage.runId) : undefined;
    if (!run) throw new BenchtopError('BAD_MONITOR', `${v.name} v${v.version} has no training run on this device (it was imported as a bundle), so its recipe and algorithm cannot be repeated.`, { model: v.name, version: v.version });

    let data = req.versionId ?? m.retrainVersion;
    if (!data) {
      const lv = await labelledVersion(db, m.id);
      data = lv.versionId;
      await step('data', `Built dataset version ${data.slice(0, 12)}: the reference (${lv.referenceRows} rows) plus ${lv.labelled} labelled predictions.`);
    } else await step('data', `Retraining on dataset version ${data.slice(0, 12)}.`);

    const plan = await recipePlan(db, v);
    const prepared = await applyPlan(db, data, plan, hooks.cancelled);
    await step('prepared', plan.length ? `Applied ${plan.map((p) => `"${p.name}"`).join(', then ')} (refitted on the new data): version ${prepared.slice(0, 12)}.` : 'No recipe to apply: the model was trained on raw data.');

    const spec = await trainPlan(db, v, run, prepared, `retrain ${v.name} v${v.version} (${m.name})`, hooks.backend ?? 'cpu');
    const outcome = await runTraining(spec, { db, env: {}, ...hooks });
    const before = (run.params.features ?? '').split(','), added = spec.features.filter((f) => !before.includes(f)), gone = before.filter((f) => f && !spec.features.includes(f));
    const changed = added.length || gone.length ? ` Features changed with the refitted recipe:${added.length ? ` + ${added.join(', ')}` : ''}${gone.length ? ` − ${gone.join(', ')}` : ''}.` : '';
    await step('trained', `Run ${outcome.runId.slice(0, 8)} (${spec.model}, same parameters):${changed} ${Object.entries(outcome.metrics).filter(([k]) => !k.startsWith('baseline_') && !k.endsWith('_rows') && k !== 'fit_time_s').slice(0, 4).map(([k, x]) => `${k} ${Number(x.toPrecision(4))}`).join(', ')}.`);

    const cand = await registerRun(db, { runId: outcome.runId, name: v.name, description: `Retrained by monitor "${m.name}": ${reason}`, tags: { 'benchtop.retrain.monitor': m.id, 'benchtop.retrain.from': String(v.version) } });
    await setAlias(db, v.name, CHALLENGER, cand.version, { reason: `retrained by monitor "${m.name}"` });
    await step('registered', `Registered ${v.name} v${cand.version} and pointed @${CHALLENGER} at it.`);
    const out: RetrainOutcome = { record, datasetVersion: data, trainingVersion: prepared, runId: outcome.runId, candidate: { name: v.name, version: cand.version }, deployment: null, gate: null, promoted: false };
    if (until === 'candidate') {
      await step('waiting', `Candidate v${cand.version} is ready as @${CHALLENGER}: deploy it in shadow or promote it through the gate.`);
      return out;
    }

    out.deployment = await shadowDeploy(db, m.id, m.deployment, step);
    if (until === 'shadow') {
      await step('waiting', `v${cand.version} answers in shadow beside the champion; promote it through the registry's gate when its figures hold up.`);
      return out;
    }

    const holdout = req.holdoutVersion ? { versionId: req.holdoutVersion, note: `version ${req.holdoutVersion.slice(0, 12)} (chosen)` } : await holdoutFor(db, data, prepared, spec.holdOut.kind === 'column');
    const gate = await runGate(db, { name: v.name, candidate: cand.version, holdoutVersion: holdout.versionId, checks: defaultChecks(v.model.task) });
    out.gate = gate;
    await step('gate', `${gate.passed ? 'Passed' : 'Failed'} on ${gate.rows} rows of ${holdout.note}: ${gate.checks.map((c) => (c.passed ? `${c.metric} ok` : describeFailure(c))).join('; ')}.`);
    if (!gate.passed) {
      await step('not promoted', `v${cand.version} stays @${CHALLENGER}; the champion keeps answering.`);
      return out;
    }
    try {
      // An automated promotion never overrides: if the champion moved since the gate ran, it is refused.
      await setAlias(db, v.name, 'champion', cand.version, { gate, reason: `retrained by monitor "${m.name}": ${reason}`, noOverride: true });
    } catch (e) {
      if (errorInfo(e).code !== 'GATE_FAILED') throw e;
      await step('not promoted', `${errorInfo(e).message} v${cand.version} stays @${CHALLENGER}.`);
      return out;
    }
    out.promoted = true;
    await step('promoted', `${v.name} v${cand.version} is @champion.`);
    return out;
  } catch (e) {
    await step('failed', errorInfo(e).message).catch(() => undefined);
    throw e;
  }
}

/** Puts @challenger in shadow on the monitored endpoint; answers the deployment id (null when it could not). */
async function shadowDeploy(db: DB, monitorId: string, deployment: string, step: (s: string, d: string) => Promise<unknown>): Promise<string | null> {
  const { model, alias, record } = await endpointOf(db, deployment);
  const active = record?.status === 'active' ? record : (await db.getAllFromIndex('deployments', 'byEndpoint', [model, alias])).find((d) => d.status === 'active') ?? null;
  if (active && active.strategy === 'shadow') {
    const d = await editDeployment(db, active.id, { candidate: { alias: CHALLENGER } });
    await step('shadow', `Deployment "${d.name}" now shadows @${CHALLENGER}.`);
    return d.id;
  }
  if (active && active.strategy !== 'single') {
    await step('shadow skipped', `The endpoint runs a ${active.strategy} deployment ("${active.name}"); change it on the Serve page to shadow @${CHALLENGER}.`);
    return null;
  }
  if (active) await stopDeployment(db, active.id);
  const d = await createDeployment(db, { model, alias, strategy: 'shadow', primary: active?.primary ?? { alias }, candidate: { alias: CHALLENGER }, name: `${model}@${alias}: shadow of @${CHALLENGER}` });
  const mon = await requireMonitor(db, monitorId);
  if (mon.deployment !== d.id) await db.put('monitors', { ...mon, deployment: d.id, updated: Date.now() });
  await step('shadow', `${active ? `Stopped the single deployment "${active.name}" and created` : 'Created'} shadow deployment "${d.name}": ${model}@${alias} keeps answering, @${CHALLENGER} gets a copy of every request.`);
  return d.id;
}
