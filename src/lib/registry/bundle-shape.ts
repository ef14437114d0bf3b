/**
 * Shape checks for the small JSON documents of a bundle: signature.json, input_example.json,
 * metrics.json, lineage.json, version.json and card.json. Each returns the typed value or throws
 * a BAD_BUNDLE error naming the file and the field that is wrong.
 */
import { COLUMN_ROLES, COLUMN_TYPES, type ColumnSchema } from '../data/types';
import type { Task } from '../ml/model';
import { badBundle, FILES } from './bundle-format';
import { MODEL_NAME_PATTERN, STAGES, type ModelCard, type ModelVersionRecord, type Signature, type VersionSource } from './types';

export const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];

export function ensure(ok: unknown, file: string, what: string): asserts ok {
  if (!ok) throw badBundle(file, what);
}

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
export const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isStringRecord = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((s) => typeof s === 'string');
const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function checkColumns(file: string, where: string, v: unknown): ColumnSchema[] {
  ensure(Array.isArray(v), file, `${where} must be a list of columns.`);
  v.forEach((c: Partial<ColumnSchema>, i) => ensure(
    isObject(c) && typeof c.name === 'string' && COLUMN_TYPES.includes(c.type!) && COLUMN_ROLES.includes(c.role!) && (c.dateFormat === undefined || typeof c.dateFormat === 'string'),
    file, `${where}[${i}] must be {name, type (${COLUMN_TYPES.join(', ')}), role (${COLUMN_ROLES.join(', ')})}.`,
  ));
  return v as ColumnSchema[];
}

export function checkSignature(v: unknown, task: Task, target: string, classes: string[] | null): Signature {
  const f = FILES.signature;
  ensure(isObject(v) && Array.isArray(v.inputs) && isObject(v.output), f, 'must be {inputs: [...], output: {...}}.');
  const names = new Set<string>();
  v.inputs.forEach((input: Record<string, unknown>, i: number) => {
    const ok = isObject(input) && typeof input.name === 'string' && COLUMN_TYPES.includes(input.type as never) && typeof input.required === 'boolean'
      && (input.categories === undefined || isStrings(input.categories)) && (input.format === undefined || typeof input.format === 'string')
      && ['min', 'max'].every((k) => input[k] === undefined || typeof input[k] === 'number');
    ensure(ok, f, `inputs[${i}] must be {name, type, required, categories?, min?, max?, format?}.`);
    ensure(!names.has(input.name as string), f, `inputs name the column ${JSON.stringify(input.name)} twice.`);
    names.add(input.name as string);
  });
  const o = v.output;
  ensure(o.name === target, f, `output.name is ${JSON.stringify(o.name)} but the model predicts ${JSON.stringify(target)}.`);
  ensure(o.task === task, f, `output.task is ${JSON.stringify(o.task)} but the model's task is ${task}.`);
  ensure(JSON.stringify(o.classes) === JSON.stringify(classes), f, `output.classes must be the model's classes (${JSON.stringify(classes)}).`);
  return v as unknown as Signature;
}

export function checkInputExample(v: unknown): ModelVersionRecord['inputExample'] {
  ensure(Array.isArray(v), FILES.inputExample, 'must be a list of records.');
  v.forEach((r, i) => ensure(isObject(r) && Object.values(r).every(isScalar), FILES.inputExample, `row ${i} must be an object of strings, numbers, booleans or nulls.`));
  return v as ModelVersionRecord['inputExample'];
}

export function checkMetrics(v: unknown): Record<string, number> {
  ensure(isObject(v), FILES.metrics, 'must be an object of metric → number.');
  for (const [k, x] of Object.entries(v)) ensure(typeof x === 'number', FILES.metrics, `metric ${JSON.stringify(k)} must be a number.`);
  return v as Record<string, number>;
}

export function checkLineage(v: unknown): { lineage: ModelVersionRecord['lineage']; source: VersionSource } {
  const f = FILES.lineage;
  ensure(isObject(v) && isObject(v.lineage) && isObject(v.source), f, 'must be {lineage: {...}, source: {...}}.');
  const l = v.lineage, s = v.source;
  ensure(isNullableString(l.runId) && isNullableString(l.experimentId) && isNullableString(l.datasetId), f, 'lineage.runId, experimentId and datasetId must be text or null.');
  ensure(typeof l.datasetVersion === 'string' && isStrings(l.recipeIds), f, 'lineage.datasetVersion must be text and lineage.recipeIds a list of text.');
  ensure(s.kind === 'run' || s.kind === 'bundle', f, `source.kind must be "run" or "bundle", not ${JSON.stringify(s.kind)}.`);
  ensure(isNullableString(s.runId) && isNullableString(s.experimentId) && (s.fileName === undefined || typeof s.fileName === 'string'), f, 'source.runId and experimentId must be text or null, source.fileName text.');
  return v as unknown as { lineage: ModelVersionRecord['lineage']; source: VersionSource };
}

export type VersionInfo = Pick<ModelVersionRecord, 'name' | 'version' | 'description' | 'tags' | 'stage' | 'created' | 'updated'>;

export function checkVersionInfo(v: unknown): VersionInfo {
  const f = FILES.version;
  ensure(isObject(v), f, 'must be an object.');
  ensure(typeof v.name === 'string' && MODEL_NAME_PATTERN.test(v.name), f, `name ${JSON.stringify(v.name)} is not a valid model name (1–100 letters, digits, '.', '-' or '_').`);
  ensure(Number.isInteger(v.version) && (v.version as number) >= 1, f, 'version must be a whole number from 1.');
  ensure(typeof v.description === 'string' && isStringRecord(v.tags), f, 'description must be text and tags an object of text values.');
  ensure(STAGES.includes(v.stage as never), f, `stage must be one of ${STAGES.join(', ')}.`);
  ensure(Number.isFinite(v.created) && Number.isFinite(v.updated), f, 'created and updated must be times (ms since 1970).');
  return v as unknown as VersionInfo;
}

export function checkCard(v: unknown, task: Task): ModelCard {
  const f = FILES.card;
  ensure(isObject(v) && ['intendedUse', 'limitations', 'ethics', 'notes'].every((k) => typeof v[k] === 'string'), f, 'intendedUse, limitations, ethics and notes must be text.');
  const c = v.computed;
  ensure(isObject(c) && typeof c.algorithm === 'string' && c.task === task, f, `computed must hold the algorithm and the task (${task}).`);
  ensure(isObject(c.trainingData) && Array.isArray(c.metrics) && (c.slices === null || isObject(c.slices)) && isObject(c.params), f, 'computed must hold trainingData, metrics, slices and params.');
  return v as unknown as ModelCard;
}
