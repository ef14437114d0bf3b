/**
 * What every streaming change detector declares (one file each, one line in registry.ts): its id,
 * label, the stream it reads ('error01': 1 = the model was wrong, 0 = right; 'numeric': any
 * finite value), its parameters with defaults, ranges and help text, and `create(params, seed)`.
 * `resolveParams` fills defaults and refuses unknown names, wrong kinds and out-of-range values
 * with a BAD_MONITOR error naming the valid choices; detector constructors call it, so a detector
 * can never be built from bad settings.
 */
import { BenchtopError } from '../../errors';
import type { Detector } from '../types';

export type DetectorStream = 'error01' | 'numeric';

export interface DetectorParamSpec {
  name: string;
  kind: 'number' | 'integer' | 'enum';
  default: number | string;
  /** Bounds, inclusive unless `minExclusive` / `maxExclusive`. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  values?: readonly string[];
  help: string;
}

export type DetectorParams = Record<string, number | string>;

export interface DetectorDef {
  id: string;
  label: string;
  stream: DetectorStream;
  /** Whether it can report 'warning' before 'drift'. */
  warns: boolean;
  /** One line on what it watches and when it fires. */
  help: string;
  params: readonly DetectorParamSpec[];
  /** Builds a detector; missing params take their defaults; bad ones throw BAD_MONITOR. `seed` drives any sampling (KSWIN). */
  create(params?: Readonly<DetectorParams>, seed?: number): Detector;
}

const range = (s: DetectorParamSpec): string =>
  s.kind === 'enum'
    ? `one of ${s.values!.map((v) => `'${v}'`).join(', ')}`
    : `${s.kind === 'integer' ? 'an integer' : 'a number'}${s.min !== undefined ? ` ${s.minExclusive ? '>' : '≥'} ${s.min}` : ''}${s.min !== undefined && s.max !== undefined ? ' and' : ''}${s.max !== undefined ? ` ${s.maxExclusive ? '<' : '≤'} ${s.max}` : ''}`;

/** Defaults filled in and every value checked; `rule` checks relations between parameters (returns a message or null). */
export function resolveParams<T extends DetectorParams>(id: string, specs: readonly DetectorParamSpec[], given: Readonly<Partial<DetectorParams>> = {}, rule?: (p: T) => string | null): T {
  const fail = (message: string, detail: Record<string, unknown>) => new BenchtopError('BAD_MONITOR', `Detector ${id}: ${message}`, { detector: id, ...detail });
  const names = specs.map((s) => s.name);
  for (const k of Object.keys(given)) {
    if (!names.includes(k)) throw fail(`unknown parameter '${k}'; valid parameters: ${names.join(', ')}.`, { param: k, valid: names });
  }
  const out: DetectorParams = {};
  for (const s of specs) {
    const v = given[s.name] ?? s.default;
    const bad = () => fail(`parameter ${s.name} must be ${range(s)}, got ${JSON.stringify(v)}.`, { param: s.name, value: v });
    if (s.kind === 'enum') {
      if (typeof v !== 'string' || !s.values!.includes(v)) throw bad();
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v) || (s.kind === 'integer' && !Number.isInteger(v))) throw bad();
      if (s.min !== undefined && (s.minExclusive ? v <= s.min : v < s.min)) throw bad();
      if (s.max !== undefined && (s.maxExclusive ? v >= s.max : v > s.max)) throw bad();
    }
    out[s.name] = v;
  }
  const message = rule?.(out as T);
  if (message) throw fail(message, { params: out });
  return out as T;
}

/** Refuses a value the stream kind cannot hold (error01 streams take 0 or 1; numeric ones any finite number). */
export function checkValue(id: string, stream: DetectorStream, x: number): void {
  if (stream === 'error01' ? x !== 0 && x !== 1 : !Number.isFinite(x)) {
    throw new BenchtopError('BAD_MONITOR', `Detector ${id} reads ${stream === 'error01' ? '0/1 errors (1 = wrong prediction)' : 'finite numbers'}, got ${x}.`, { detector: id, value: x });
  }
}

