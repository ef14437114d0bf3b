/**
 * Shape checks for imported files. Each failure is a BAD_IMPORT error that names the place in
 * the JSON and what was expected there, e.g. "runs[3].run.status is 'DONE'; statuses are
 * RUNNING, FINISHED, FAILED, KILLED".
 */
import { BenchtopError } from '../errors';

export class ImportError extends BenchtopError {
  constructor(message: string, detail: Record<string, unknown> = {}) {
    super('BAD_IMPORT', `Cannot import this file (nothing was changed): ${message}`, detail);
    this.name = 'ImportError';
  }
}

/** A short description of a value for a message. */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return v.length > 60 ? `'${v.slice(0, 60)}…'` : `'${v}'`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export function bad(path: string, v: unknown, expected: string): never {
  throw new ImportError(`${path} is ${describe(v)}; ${expected}.`, { path });
}

export function obj(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(path, v, 'expected an object');
  return v as Record<string, unknown>;
}

export function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, v, 'expected a list');
  return v;
}

export function str(v: unknown, path: string, opts: { min?: number; max?: number } = {}): string {
  if (typeof v !== 'string') bad(path, v, 'expected a string');
  const { min = 0, max = Infinity } = opts;
  if (v.length < min || v.length > max) bad(path, v, `expected ${min}–${max === Infinity ? '∞' : max} characters`);
  return v;
}

export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(path, v, 'expected a finite number');
  return v;
}

export function int(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(path, v, 'expected a whole number ≥ 0');
  return v;
}

export function oneOf<T extends string>(v: unknown, path: string, values: readonly T[], label: string): T {
  if (!values.includes(v as T)) bad(path, v, `${label} are ${values.join(', ')}`);
  return v as T;
}

/** A JSON object whose every value passes `check`; returns a fresh copy. */
export function record<T>(v: unknown, path: string, check: (value: unknown, path: string, key: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, value] of Object.entries(obj(v, path))) out[k] = check(value, `${path}[${JSON.stringify(k)}]`, k);
  return out;
}

/** Runs a tracking rule (keys.ts), reporting its breach at `path`. */
export function rule(path: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    throw new ImportError(`${path}: ${(e as Error).message}`, { path });
  }
}
