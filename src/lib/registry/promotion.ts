/**
 * The promotion rule: a version becomes `champion` (or goes to Production) only with a passing
 * gate, or with an override reason written by the user, which is recorded as its own
 * transition. The gate that counts is one the registry recorded (runGate) for this very version,
 * at most a day old, run against the champion there is now. The first champion (or the first
 * Production version) of a model needs no gate: there is nothing to compare it with. "First"
 * means first ever: a champion removed and set again goes through the gate.
 */
import { BenchtopError } from '../errors';
import { describeFailure } from './gate-checks';
import { GATE_MAX_AGE_MS, isOverrideReason, MIN_OVERRIDE_REASON } from './rules';
import { recordTransition, type RegistryTx } from './tx';
import type { GateResult, RegisteredModelRecord } from './types';
import { CHAMPION } from './rules';

export interface PromotionOptions {
  /** Why: kept on the transition; an override needs at least 10 characters. */
  reason?: string;
  /** A gate result from runGate; default: the newest gate the registry recorded for this version. */
  gate?: GateResult;
  /** Automated promotions: the reason is a note, never an override (a failed or stale gate refuses). */
  noOverride?: boolean;
}

export interface Promotion {
  /** The model to promote in, the version, and what it becomes ('@champion' or 'Production'). */
  model: RegisteredModelRecord;
  version: number;
  target: string;
  /** Whether something holds the target now (a champion, a Production version); the history is checked too. */
  held: boolean;
}

/**
 * Whether the model ever had a champion (target '@champion') or a Production version since it
 * was created: removing the champion does not make the next one "the first", gate-free.
 */
export async function everHeld(tx: RegistryTx, name: string, target: string): Promise<boolean> {
  const all = (await tx.objectStore('transitions').index('byName').getAll(name)).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const created = all.findLastIndex((t) => t.kind === 'create' && t.version === null);
  return all.slice(Math.max(0, created)).some((t) => target === `@${CHAMPION}`
    ? t.kind === 'alias-set' && t.detail.alias === CHAMPION
    : t.kind === 'stage' && t.detail.to === target);
}

/** The gate results recorded for a version, newest first. */
export async function recordedGates(tx: RegistryTx, name: string, version: number): Promise<GateResult[]> {
  const all = await tx.objectStore('transitions').index('byName').getAll(name);
  return all
    .filter((t) => t.kind === 'gate' && t.version === version && t.detail.result)
    .sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0))
    .map((t) => t.detail.result as GateResult);
}

/** Why a gate result does not allow the promotion now (empty: it does). */
export function gateProblems(gate: GateResult | undefined, version: number, champion: number | null, now = Date.now()): string[] {
  if (!gate) return [`no gate has been run for version ${version}`];
  const problems: string[] = [];
  if (gate.candidate.version !== version) problems.push(`the gate given was run for version ${gate.candidate.version}, not ${version}`);
  const age = now - gate.time;
  if (age > GATE_MAX_AGE_MS) problems.push(`the last gate for version ${version} ran ${Math.floor(age / 3_600_000)} hours ago (a gate counts for 24 hours)`);
  // Once the candidate is the champion (promoted on this gate), the gate still stands for it.
  const compared = gate.champion?.version ?? null;
  if (champion !== version && compared !== champion) {
    problems.push(`the champion changed since the gate ran (it compared with ${compared === null ? 'no champion' : `version ${compared}`}; the champion is now ${champion === null ? 'none' : `version ${champion}`})`);
  }
  if (!gate.passed) problems.push(...gate.checks.filter((c) => !c.passed).map(describeFailure));
  return problems;
}

/**
 * Allows the promotion or throws GATE_FAILED naming what failed. An override is recorded as an
 * 'override' transition before the promotion's own. Answers what the promotion's transition
 * should say about the gate.
 */
export async function authorizePromotion(tx: RegistryTx, touched: Set<string>, p: Promotion, opts: PromotionOptions): Promise<Record<string, unknown>> {
  const name = p.model.name;
  const recorded = await recordedGates(tx, name, p.version);
  let gate: GateResult | undefined = recorded[0];
  const problems: string[] = [];
  if (opts.gate) {
    gate = recorded.find((g) => g.time === opts.gate!.time && g.candidate.version === opts.gate!.candidate.version);
    if (!gate) problems.push('the gate result given is not one the registry recorded for this version');
  }
  const champion = p.model.aliases[CHAMPION] ?? null;
  if (!problems.length) problems.push(...gateProblems(gate, p.version, champion));
  if (problems.length === 0) return { gate: { passed: true, time: gate!.time, holdoutVersion: gate!.holdoutVersion } };
  if (!p.held && !(await everHeld(tx, name, p.target))) return { gate: { first: true } };
  if (!opts.noOverride && isOverrideReason(opts.reason)) {
    await recordTransition(tx, touched, {
      name, version: p.version, kind: 'override', reason: opts.reason,
      detail: { target: p.target, problems, gateTime: gate?.time ?? null, failed: gate?.checks.filter((c) => !c.passed) ?? [] },
    });
    return { gate: { overridden: true } };
  }
  const given = opts.reason?.trim() ? ` (the reason given, "${opts.reason.trim()}", is shorter than ${MIN_OVERRIDE_REASON} characters)` : '';
  throw new BenchtopError(
    'GATE_FAILED',
    `Version ${p.version} of "${name}" cannot become ${p.target}: ${problems.join('; ')}. Run the promotion gate on a holdout version, or override it with a written reason of at least ${MIN_OVERRIDE_REASON} characters${given}.`,
    { name, version: p.version, target: p.target, problems, failed: gate?.checks.filter((c) => !c.passed).map((c) => c.metric) ?? [] },
  );
}
