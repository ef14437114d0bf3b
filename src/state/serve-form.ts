/**
 * The playground's form, generated from a version's signature: one field per raw input (numbers
 * with their training range, selects for categories, date inputs for datetimes, checkboxes for
 * booleans), the form's text values turned into a prediction record, and random records sampled
 * from the input example and the signature's ranges (to exercise canary and shadow routing).
 */
import type { Signature, SignatureInput } from '../lib/registry/types';
import type { InputRecord } from '../lib/serve/contract';

export type FieldKind = 'number' | 'select' | 'date' | 'checkbox' | 'text';

export interface FormField {
  name: string;
  type: SignatureInput['type'];
  kind: FieldKind;
  required: boolean;
  min?: number;
  max?: number;
  /** Number inputs: 1 for integers, 'any' otherwise. */
  step?: number | 'any';
  options?: string[];
  /** What the field says under its input: the range or the category count. */
  hint: string;
}

export type FormValues = Record<string, string | boolean>;

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(5)).toString());
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export function formFields(signature: Signature): FormField[] {
  return signature.inputs.map((c) => {
    const base = { name: c.name, type: c.type, required: c.required };
    if (c.type === 'integer' || c.type === 'float') {
      const hint = c.min !== undefined && c.max !== undefined ? `training range ${fmt(c.min)} … ${fmt(c.max)}` : 'number';
      return { ...base, kind: 'number', min: c.min, max: c.max, step: c.type === 'integer' ? 1 : 'any', hint };
    }
    if (c.type === 'boolean') return { ...base, kind: 'checkbox', hint: 'true when checked' };
    if (c.type === 'datetime') {
      const hint = c.min !== undefined && c.max !== undefined ? `training range ${day(c.min)} … ${day(c.max)}` : 'date';
      return { ...base, kind: 'date', min: c.min, max: c.max, hint };
    }
    if (c.categories?.length) return { ...base, kind: 'select', options: c.categories, hint: `${c.categories.length} categories seen in training` };
    return { ...base, kind: 'text', hint: c.type };
  });
}

/** Form values from one raw record (the input example), empty where it has no value. */
export function valuesFrom(fields: FormField[], record: Record<string, unknown> | undefined): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const v = record?.[f.name];
    if (f.kind === 'checkbox') out[f.name] = v === true || v === 'true' || v === 1 || v === '1';
    else if (v === null || v === undefined) out[f.name] = '';
    else if (f.kind === 'date') {
      const t = typeof v === 'number' ? v : Date.parse(String(v));
      out[f.name] = Number.isFinite(t) ? day(t) : String(v);
    } else out[f.name] = String(v);
  }
  return out;
}

/** The record a caller would send: numbers as numbers, dates as ISO dates, empty fields as null. */
export function recordFrom(fields: FormField[], values: FormValues): InputRecord {
  const out: InputRecord = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'checkbox') out[f.name] = v === true;
    else if (v === '' || v === undefined) out[f.name] = null;
    else if (f.kind === 'number') out[f.name] = Number(v);
    else out[f.name] = String(v);
  }
  return out;
}

/**
 * A plausible random request: a row of the input example with its numbers moved by up to ±10% of
 * the training range (kept inside it), and about one value in ten redrawn from the signature
 * (uniform over the training range, a random category, a random date).
 */
export function randomRecord(fields: FormField[], examples: readonly Record<string, unknown>[], rand: () => number = Math.random): InputRecord {
  const base = examples.length ? examples[Math.floor(rand() * examples.length)] : {};
  const out: InputRecord = {};
  for (const f of fields) {
    const v = base[f.name];
    const known = v !== undefined && v !== null;
    const ranged = f.min !== undefined && f.max !== undefined;
    if (known && f.kind === 'number' && ranged && typeof v === 'number' && rand() >= 0.1) {
      const x = Math.min(f.max!, Math.max(f.min!, v + (rand() - 0.5) * 0.2 * (f.max! - f.min!)));
      out[f.name] = f.step === 1 ? Math.round(x) : Number(x.toPrecision(6));
    } else if (known && f.kind !== 'number' && rand() >= 0.1) out[f.name] = v;
    else if (f.kind === 'number' && ranged) {
      const x = f.min! + rand() * (f.max! - f.min!);
      out[f.name] = f.step === 1 ? Math.round(x) : Number(x.toPrecision(6));
    } else if (f.kind === 'select' && f.options?.length) out[f.name] = f.options[Math.floor(rand() * f.options.length)];
    else if (f.kind === 'checkbox') out[f.name] = rand() < 0.5;
    else if (f.kind === 'date' && f.min !== undefined && f.max !== undefined) out[f.name] = day(f.min + rand() * (f.max - f.min));
    else out[f.name] = base[f.name] ?? null;
  }
  return out;
}

/** A short summary of a record's values for a log row: `a=1, b=x, …`. */
export function summarize(inputs: Record<string, unknown>, max = 4): string {
  const keys = Object.keys(inputs);
  const shown = keys.slice(0, max).map((k) => `${k}=${inputs[k] === null || inputs[k] === undefined ? '∅' : typeof inputs[k] === 'number' ? fmt(inputs[k] as number) : String(inputs[k])}`);
  return shown.join(', ') + (keys.length > max ? `, … (${keys.length - max} more)` : '');
}
