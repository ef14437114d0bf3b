/**
 * What a filter key may name and do: the prefixes (with MLflow's aliases), the run attributes and
 * dataset fields, the operators and value type of each kind of key, and how to read a key's value
 * from a RunRecord. One table, used by the parser, the compiler, the sorter and error messages.
 */
import type { RunRecord } from '../../store/track-schema';
import type { Key, KeyKind, Operator } from './ast';

/** Canonical prefix of each kind, as formatFilter writes it. */
export const PREFIX: Readonly<Record<KeyKind, string>> = { metric: 'metrics', param: 'params', tag: 'tags', attribute: 'attributes', dataset: 'datasets' };
export const PREFIXES: readonly string[] = Object.values(PREFIX);
const PREFIX_ALIASES: ReadonlyMap<string, KeyKind> = new Map([
  ['metrics', 'metric'], ['metric', 'metric'], ['params', 'param'], ['param', 'param'], ['parameters', 'param'], ['parameter', 'param'],
  ['tags', 'tag'], ['tag', 'tag'], ['attributes', 'attribute'], ['attribute', 'attribute'], ['attr', 'attribute'], ['run', 'attribute'],
  ['datasets', 'dataset'], ['dataset', 'dataset'],
]);

type Value = number | string | undefined;
export type Getter = (run: RunRecord) => Value;

const NUMBER_OPS: readonly Operator[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_OPS: readonly Operator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NULL_OPS: readonly Operator[] = ['IS NULL', 'IS NOT NULL'];

export interface KeySpec {
  readonly type: 'number' | 'string';
  readonly ops: readonly Operator[];
  /** Said after a wrong operator or value: "metrics are numbers". */
  readonly about: string;
  readonly orderable: boolean;
}

/** Run attributes: name → spec and reader. */
const ATTRIBUTES: ReadonlyMap<string, KeySpec & { read: Getter }> = new Map([
  ['run_id', { type: 'string', ops: STRING_OPS, about: 'run ids are strings', orderable: true, read: (r: RunRecord) => r.id }],
  ['run_name', { type: 'string', ops: STRING_OPS, about: 'run names are strings', orderable: true, read: (r: RunRecord) => r.name }],
  ['status', { type: 'string', ops: STRING_OPS, about: 'statuses are strings', orderable: true, read: (r: RunRecord) => r.status }],
  ['experiment_id', { type: 'string', ops: STRING_OPS, about: 'experiment ids are strings', orderable: true, read: (r: RunRecord) => r.experimentId }],
  ['start_time', { type: 'number', ops: NUMBER_OPS, about: 'times are milliseconds since the epoch', orderable: true, read: (r: RunRecord) => r.start }],
  ['end_time', { type: 'number', ops: [...NUMBER_OPS, ...NULL_OPS], about: 'times are milliseconds since the epoch', orderable: true, read: (r: RunRecord) => r.end ?? undefined }],
] as [string, KeySpec & { read: Getter }][]);
export const ATTRIBUTE_NAMES: readonly string[] = [...ATTRIBUTES.keys()];
/** MLflow's alternative attribute names (after lower-casing and spaces → underscores). */
const ATTRIBUTE_ALIASES: ReadonlyMap<string, string> = new Map([['created', 'start_time']]);
/** datasets.name is the dataset id: runs record the id of the dataset, not its display name. */
export const DATASET_FIELDS = ['name', 'digest', 'context'] as const;

const KIND_SPECS: Readonly<Record<'metric' | 'param' | 'tag' | 'dataset', KeySpec>> = {
  metric: { type: 'number', ops: [...NUMBER_OPS, ...NULL_OPS], about: 'metrics are numbers', orderable: true },
  param: { type: 'string', ops: [...STRING_OPS, ...NULL_OPS], about: 'params are strings', orderable: true },
  tag: { type: 'string', ops: [...STRING_OPS, ...NULL_OPS], about: 'tags are strings', orderable: true },
  dataset: { type: 'string', ops: STRING_OPS, about: 'dataset fields are strings', orderable: false },
};

export type Resolved = { key: Key } | { error: 'prefix' | 'attribute' | 'dataset field'; choices: readonly string[] };

/** Resolves a prefix as written (null: none, an attribute) and a name to a Key. */
export function resolveKey(prefix: string | null, name: string): Resolved {
  const kind = prefix === null ? 'attribute' : PREFIX_ALIASES.get(prefix.toLowerCase());
  if (!kind) return { error: 'prefix', choices: PREFIXES.map((p) => `${p}.`) };
  if (kind === 'attribute') {
    const norm = name.toLowerCase().replace(/ /g, '_'), attr = ATTRIBUTE_ALIASES.get(norm) ?? norm;
    return ATTRIBUTES.has(attr) ? { key: { kind, name: attr } } : { error: 'attribute', choices: ATTRIBUTE_NAMES };
  }
  if (kind === 'dataset') {
    const field = name.toLowerCase();
    return (DATASET_FIELDS as readonly string[]).includes(field) ? { key: { kind, name: field } } : { error: 'dataset field', choices: DATASET_FIELDS };
  }
  return { key: { kind, name } };
}

/** The spec of a key, or undefined for an attribute or dataset field that does not exist. */
export function specOf(key: Key): KeySpec | undefined {
  if (key.kind === 'attribute') return ATTRIBUTES.get(key.name);
  if (key.kind === 'dataset') return (DATASET_FIELDS as readonly string[]).includes(key.name) ? KIND_SPECS.dataset : undefined;
  return KIND_SPECS[key.kind];
}

/** Reads `name` from a record of the run's, as a value of type `type` (anything else is missing). */
function field(pick: (r: RunRecord) => Readonly<Record<string, unknown>>, name: string, type: 'number' | 'string'): Getter {
  // Names such as `constructor` or `__proto__` must not reach Object.prototype.
  if (name in Object.prototype) {
    return (r) => {
      const o = pick(r);
      const v = Object.hasOwn(o, name) ? o[name] : undefined;
      return typeof v === type ? (v as number | string) : undefined;
    };
  }
  return (r) => {
    const v = pick(r)[name];
    return typeof v === type ? (v as number | string) : undefined;
  };
}

/** The reader of a single-valued key (not datasets.*, which has one value per input). */
export function getter(key: Key): Getter {
  switch (key.kind) {
    case 'metric': return field((r) => r.metrics, key.name, 'number');
    case 'param': return field((r) => r.params, key.name, 'string');
    case 'tag': return field((r) => r.tags, key.name, 'string');
    case 'attribute': {
      const spec = ATTRIBUTES.get(key.name);
      if (!spec) throw new RangeError(`Unknown attribute ${key.name}`);
      return spec.read;
    }
    case 'dataset': throw new RangeError('datasets.* has one value per input; it has no single getter');
  }
}

/** The readers of datasets.name/digest/context over one input. */
export const DATASET_READ: Readonly<Record<(typeof DATASET_FIELDS)[number], (i: RunRecord['inputs'][number]) => string>> = {
  name: (i) => i.datasetId,
  digest: (i) => i.digest,
  context: (i) => i.context,
};
