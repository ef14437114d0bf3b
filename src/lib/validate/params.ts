/** Checking and completing expectation params by their kind (see ParamSpec). */
import { parseDate } from '../data/dates';
import { COLUMN_TYPES } from '../data/types';
import type { ParamKind, ParamSpec } from './types';

/** A value as it would appear in JSON, for messages. */
export function show(v: unknown): string {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Each kind's test: null when `v` is fine, else what the kind accepts. */
const KINDS: Record<ParamKind, (v: unknown) => string | null> = {
  bound: (v) => (isNumber(v) || (typeof v === 'string' && !Number.isNaN(parseDate(v.trim(), 'iso'))) ? null : 'a number, an ISO date (2024-03-31 or 2024-03-31T14:05:00Z) or empty'),
  number: (v) => (isNumber(v) ? null : 'a number or empty'),
  count: (v) => (isNumber(v) && Number.isInteger(v) && v >= 0 ? null : 'a whole number ≥ 0 or empty'),
  share: (v) => (isNumber(v) && v >= 0 && v <= 1 ? null : 'a share from 0 to 1 (0.05 is 5%)'),
  boolean: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  strings: (v) => (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string') ? null : 'a non-empty list of category labels (strings)'),
  'column-type': (v) => ((COLUMN_TYPES as readonly unknown[]).includes(v) ? null : `one of ${COLUMN_TYPES.join(', ')}`),
};

/** Unknown params, missing required ones and values of the wrong kind, each message naming the param and the valid choices. */
export function paramErrors(specs: readonly ParamSpec[], params: Record<string, unknown>): string[] {
  const out: string[] = [];
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(params)) {
    if (!names.includes(key)) out.push(`unknown param "${key}"; ${names.length ? `params are ${names.join(', ')}` : 'this rule takes no params'}`);
  }
  for (const s of specs) {
    const v = params[s.name];
    if (v === undefined || v === null) {
      if (s.required) out.push(`"${s.name}" is required (${s.help})`);
      continue;
    }
    const wants = KINDS[s.kind](v);
    if (wants) out.push(`"${s.name}" must be ${wants}; got ${show(v)}`);
  }
  return out;
}

/** The params with every missing one set to its default. */
export function withDefaults(specs: readonly ParamSpec[], params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of specs) out[s.name] = params[s.name] ?? s.default;
  return out;
}

/** A bound as a number (an ISO date as epoch ms); null when empty. */
export function boundValue(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' ? v : parseDate(String(v).trim(), 'iso');
}

/** Cross-param rule of min/max pairs: at least one given, min not above max. Run after paramErrors found none. */
export function rangeErrors(params: Record<string, unknown>): string[] {
  const lo = boundValue(params.min), hi = boundValue(params.max);
  if (lo === null && hi === null) return ['give "min", "max" or both'];
  if (lo !== null && hi !== null && lo > hi) return [`"min" (${show(params.min)}) must not be above "max" (${show(params.max)})`];
  return [];
}

/** paramErrors, then the rule's own cross-param checks when every param has the right kind. */
export function validateWith(specs: readonly ParamSpec[], params: Record<string, unknown>, cross?: (p: Record<string, unknown>) => string[]): string[] {
  const errors = paramErrors(specs, params);
  return errors.length || !cross ? errors : cross(withDefaults(specs, params));
}
