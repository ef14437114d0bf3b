/**
 * The registry's rules, as pure checks shared by every write: what a model name and an alias may
 * look like, which stages exist, and the promotion policy's constants (which targets are gated,
 * how old a gate may be, how long an override reason must be). Each failure is a BenchtopError
 * with code BAD_REGISTRY whose message names the value and what would be valid.
 */
import { BenchtopError } from '../errors';
import { ALIAS_PATTERN, MODEL_NAME_PATTERN, STAGES, type Stage } from './types';

/** The alias serving resolves by default, and the one the promotion gate guards. */
export const CHAMPION = 'champion';
/** The stage the promotion gate guards. */
export const PRODUCTION: Stage = 'Production';
/** A gate result counts for a promotion this long after it was run. */
export const GATE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** An override needs a written reason at least this long. */
export const MIN_OVERRIDE_REASON = 10;
/** Reserved as in MLflow: `latest` means the newest version and `v3` means version 3, so neither can be assigned. */
const RESERVED_ALIAS = /^(latest|v\d+)$/;

export function checkModelName(name: unknown): string {
  if (typeof name !== 'string' || !MODEL_NAME_PATTERN.test(name)) {
    throw new BenchtopError(
      'BAD_REGISTRY',
      `"${String(name)}" is not a valid model name: use 1–100 letters, digits, '.', '-' or '_', starting with a letter or digit (names appear in API paths such as /api/v1/models/{name}@champion/predict).`,
      { field: 'name', value: name },
    );
  }
  return name;
}

export function checkAlias(alias: unknown): string {
  if (typeof alias !== 'string' || !ALIAS_PATTERN.test(alias)) {
    throw new BenchtopError(
      'BAD_REGISTRY',
      `"${String(alias)}" is not a valid alias: use lower-case letters, digits, '-' or '_', starting with a letter, at most 64 characters (e.g. champion, challenger).`,
      { field: 'alias', value: alias },
    );
  }
  if (RESERVED_ALIAS.test(alias)) {
    throw new BenchtopError('BAD_REGISTRY', `"${alias}" is reserved ('latest' means the newest version, 'v<number>' a version number); choose another alias.`, { field: 'alias', value: alias });
  }
  return alias;
}

export function checkStage(stage: unknown): Stage {
  if (!STAGES.includes(stage as Stage)) {
    throw new BenchtopError('BAD_REGISTRY', `Unknown stage "${String(stage)}"; stages are ${STAGES.join(', ')}.`, { field: 'stage', value: stage, choices: [...STAGES] });
  }
  return stage as Stage;
}

export function checkVersionNumber(version: unknown): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BenchtopError('BAD_REGISTRY', `"${String(version)}" is not a version number: versions are numbered 1, 2, 3…`, { field: 'version', value: version });
  }
  return version;
}

/** Tag keys: non-empty, at most 250 characters (MLflow's limit); values at most 5,000. */
export function checkTag(key: unknown, value?: unknown): void {
  if (typeof key !== 'string' || key.trim() === '' || key.length > 250) {
    throw new BenchtopError('BAD_REGISTRY', `A tag key must be 1–250 characters; got "${String(key)}".`, { field: 'tag', value: key });
  }
  if (value !== undefined && (typeof value !== 'string' || value.length > 5000)) {
    throw new BenchtopError('BAD_REGISTRY', `The value of tag "${key}" must be text of at most 5,000 characters.`, { field: 'tag', value: key });
  }
}

/** True when an override reason is long enough to stand for a skipped or failed gate. */
export function isOverrideReason(reason: string | undefined): boolean {
  return typeof reason === 'string' && reason.trim().length >= MIN_OVERRIDE_REASON;
}
