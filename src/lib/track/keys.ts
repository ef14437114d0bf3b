/**
 * MLflow's limits on what a run logs: keys of at most 250 characters of letters, digits,
 * underscores, dashes, periods, spaces and slashes; param values of at most 6,000 characters;
 * tag values of at most 8,000; finite metric values. Every breach is a TrackingError.
 */
import { BenchtopError } from '../errors';

export class TrackingError extends BenchtopError {
  constructor(message: string, detail: Record<string, unknown> = {}) {
    super('BAD_TRACKING', message, detail);
    this.name = 'TrackingError';
  }
}

export const MAX_KEY = 250;
export const MAX_PARAM_VALUE = 6000;
export const MAX_TAG_VALUE = 8000;
const KEY = /^[/\w.\- ]+$/;

export function checkKey(kind: 'param' | 'metric' | 'tag', key: string): void {
  if (!key || key.length > MAX_KEY || !KEY.test(key) || key.includes('..') || key.startsWith('/')) {
    throw new TrackingError(
      `The ${kind} key ${JSON.stringify(key.slice(0, 60))} is not allowed: keys are 1–${MAX_KEY} characters of letters, digits, _ - . / and spaces, without '..' or a leading '/'.`,
      { kind, key },
    );
  }
}

export function checkParamValue(key: string, value: string): void {
  if (value.length > MAX_PARAM_VALUE) throw new TrackingError(`The param '${key}' is ${value.length} characters long; the limit is ${MAX_PARAM_VALUE}.`, { key });
}

export function checkTagValue(key: string, value: string): void {
  if (value.length > MAX_TAG_VALUE) throw new TrackingError(`The tag '${key}' is ${value.length} characters long; the limit is ${MAX_TAG_VALUE}.`, { key });
}

export function checkMetric(key: string, value: number, step: number): void {
  checkKey('metric', key);
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TrackingError(`The metric '${key}' at step ${step} is not a number.`, { key, step });
  if (!Number.isInteger(step) || step < 0) throw new TrackingError(`The metric '${key}' has step ${step}; steps are whole numbers ≥ 0.`, { key, step });
}

/** Params are strings in MLflow; numbers and booleans are written the way Python would print them. */
export function paramString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : String(v);
  return JSON.stringify(v);
}
