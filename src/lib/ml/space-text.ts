/**
 * The search space as the training form writes it, one text field per parameter:
 * a list "0.01, 0.1, 1" (grid or random; "64,32; 128" with ';' where values hold commas), or for
 * random search a range "0.001 .. 10" with an
 * optional "log" ("0.001 .. 10 log"). Values are checked against the parameter's spec.
 */
import type { HyperParamSpec } from './model';
import type { SearchSpace } from './spec';

export type SpaceEntry = SearchSpace[string];

export function parseSpaceText(spec: HyperParamSpec, text: string, mode: 'grid' | 'random'): { entry?: SpaceEntry; error?: string } {
  const t = text.trim();
  if (!t) return {};
  const range = /^(-?[\d.e+-]+)\s*\.\.\s*(-?[\d.e+-]+)\s*(log)?$/i.exec(t);
  if (range) {
    if (mode === 'grid') return { error: `${spec.name}: a range is for random search; list the values for a grid (e.g. 0.1, 1, 10).` };
    if (spec.kind !== 'number' && spec.kind !== 'integer') return { error: `${spec.name} is not numeric; list its values (${spec.values?.join(', ') ?? 'true, false'}).` };
    const min = Number(range[1]), max = Number(range[2]);
    if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) return { error: `${spec.name}: "${t}" is not a range low .. high with low < high.` };
    if (range[3] && min <= 0) return { error: `${spec.name}: a log range needs low > 0.` };
    return { entry: { min, max, log: Boolean(range[3]) } };
  }
  const values: (number | string | boolean)[] = [];
  for (const part of splitList(spec, t)) {
    if (spec.kind === 'number' || spec.kind === 'integer') {
      const v = Number(part);
      if (!Number.isFinite(v)) return { error: `${spec.name}: "${part}" is not a number.` };
      values.push(v);
    } else if (spec.kind === 'boolean') {
      if (!/^(true|false)$/i.test(part)) return { error: `${spec.name}: "${part}" is not true or false.` };
      values.push(part.toLowerCase() === 'true');
    } else {
      values.push(part);
    }
  }
  return values.length ? { entry: values } : {};
}

/**
 * The list's items: split at ';' when there is one; otherwise at ',' — except that for choices
 * which themselves hold commas (hidden layers "64,32") the longest known choice is taken first.
 */
function splitList(spec: HyperParamSpec, text: string): string[] {
  if (text.includes(';')) return text.split(';').map((x) => x.trim()).filter(Boolean);
  const parts = text.split(',').map((x) => x.trim()).filter(Boolean);
  const known = new Set(spec.values ?? []);
  if (spec.kind !== 'enum' || ![...known].some((v) => v.includes(','))) return parts;
  const out: string[] = [];
  for (let i = 0; i < parts.length; ) {
    let j = parts.length;
    while (j > i + 1 && !known.has(parts.slice(i, j).join(','))) j--;
    out.push(parts.slice(i, j).join(','));
    i = j;
  }
  return out;
}

/** The text a space entry is written as (the inverse of parseSpaceText). */
export function spaceText(entry: SpaceEntry | undefined): string {
  if (!entry) return '';
  if (Array.isArray(entry)) return entry.some((v) => String(v).includes(',')) ? entry.join('; ') : entry.join(', ');
  const r = entry as { min: number; max: number; log?: boolean };
  return `${r.min} .. ${r.max}${r.log ? ' log' : ''}`;
}
