/**
 * Reads and checks a whole `benchtop-runs-v1` file before anything is written: the format tag,
 * every record's shape, the tracking key rules (keys.ts), statuses, metric steps and artifact
 * data. Returns clean records (only the known fields) ready to store.
 */
import { RUN_STATUSES, type ExperimentRecord, type RunInput, type RunRecord } from '../store/track-schema';
import { bad, ImportError, int, list, num, obj, oneOf, record, rule, str } from './exchange-check';
import { RUNS_FORMAT, type MetricPoint, type PathArtifact } from './exchange-format';
import { checkArtifacts, checkMetrics, metricValue } from './exchange-history';
import { checkKey, checkParamValue, checkTagValue } from './keys';

export interface ImportedRun {
  run: RunRecord;
  metrics: MetricPoint[];
  artifacts: PathArtifact[];
}

export interface ParsedRunsFile {
  exported: number;
  experiments: ExperimentRecord[];
  runs: ImportedRun[];
}

const LIFECYCLES = ['active', 'deleted'] as const;
const CONTEXTS = ['training', 'validation', 'test'] as const;
const RUN_ID = /^[0-9a-f]{32}$/;

function experiment(v: unknown, path: string): ExperimentRecord {
  const e = obj(v, path);
  const name = str(e.name, `${path}.name`, { min: 1, max: 500 });
  if (name !== name.trim()) bad(`${path}.name`, name, 'expected no leading or trailing spaces');
  return {
    id: str(e.id, `${path}.id`, { min: 1, max: 200 }), name, description: str(e.description, `${path}.description`),
    tags: record(e.tags, `${path}.tags`, (t, p) => str(t, p)), lifecycle: oneOf(e.lifecycle, `${path}.lifecycle`, LIFECYCLES, 'lifecycles'),
    created: num(e.created, `${path}.created`), updated: num(e.updated, `${path}.updated`),
  };
}

function input(v: unknown, path: string): RunInput {
  const i = obj(v, path);
  return {
    datasetId: str(i.datasetId, `${path}.datasetId`), versionId: str(i.versionId, `${path}.versionId`), digest: str(i.digest, `${path}.digest`),
    context: oneOf(i.context, `${path}.context`, CONTEXTS, 'contexts'), recipeId: i.recipeId === null ? null : str(i.recipeId, `${path}.recipeId`), rows: int(i.rows, `${path}.rows`),
  };
}

function envValue(v: unknown, path: string): string | number | boolean {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return num(v, path);
}

function param(v: unknown, path: string, key: string): string {
  const value = str(v, path);
  rule(path, () => (checkKey('param', key), checkParamValue(key, value)));
  return value;
}

function tag(v: unknown, path: string, key: string): string {
  const value = str(v, path);
  rule(path, () => (checkKey('tag', key), checkTagValue(key, value)));
  return value;
}

function latestMetric(v: unknown, path: string, key: string): number {
  rule(path, () => checkKey('metric', key));
  return metricValue(v, path);
}

function run(v: unknown, path: string, experimentIds: Set<string>): RunRecord {
  const r = obj(v, path);
  const id = str(r.id, `${path}.id`);
  if (!RUN_ID.test(id)) bad(`${path}.id`, id, 'run ids are 32 lowercase hex digits');
  const experimentId = str(r.experimentId, `${path}.experimentId`);
  if (!experimentIds.has(experimentId)) bad(`${path}.experimentId`, experimentId, "expected the id of one of the file's experiments");
  const out: RunRecord = {
    id,
    experimentId,
    parentId: r.parentId === null ? null : str(r.parentId, `${path}.parentId`, { min: 1 }),
    name: str(r.name, `${path}.name`, { max: 500 }),
    status: oneOf(r.status, `${path}.status`, RUN_STATUSES, 'statuses'),
    start: num(r.start, `${path}.start`),
    end: r.end === null ? null : num(r.end, `${path}.end`),
    params: record(r.params, `${path}.params`, param),
    tags: record(r.tags, `${path}.tags`, tag),
    note: str(r.note, `${path}.note`),
    inputs: list(r.inputs, `${path}.inputs`).map((x, i) => input(x, `${path}.inputs[${i}]`)),
    env: record(r.env, `${path}.env`, envValue),
    metrics: record(r.metrics, `${path}.metrics`, latestMetric),
    lifecycle: oneOf(r.lifecycle, `${path}.lifecycle`, LIFECYCLES, 'lifecycles'),
  };
  if (r.metricRange !== undefined) {
    out.metricRange = record(r.metricRange, `${path}.metricRange`, (v, p, key) => {
      rule(p, () => checkKey('metric', key));
      const pair = list(v, p);
      if (pair.length !== 2) bad(p, pair, 'a range is [min, max]');
      return [metricValue(pair[0], `${p}[0]`), metricValue(pair[1], `${p}[1]`)] as [number, number];
    });
  }
  if (r.error !== undefined) {
    const e = obj(r.error, `${path}.error`);
    out.error = { code: str(e.code, `${path}.error.code`), message: str(e.message, `${path}.error.message`) };
  }
  return out;
}

/** Parses and checks a runs file; throws a BAD_IMPORT error naming the first problem. */
export function parseRunsFile(text: string): ParsedRunsFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`the file is not valid JSON (truncated or corrupted?): ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ImportError(`expected a JSON object with format '${RUNS_FORMAT}', found ${Array.isArray(doc) ? 'a list' : typeof doc}.`);
  const d = doc as Record<string, unknown>;
  if (d.format !== RUNS_FORMAT) bad('format', d.format, `Benchtop imports '${RUNS_FORMAT}' files (made by its Export JSON); this one comes from another tool or version`);
  const experiments = list(d.experiments, 'experiments').map((e, i) => experiment(e, `experiments[${i}]`));
  const ids = new Set<string>();
  const names = new Set<string>();
  experiments.forEach((e, i) => {
    if (ids.has(e.id)) bad(`experiments[${i}].id`, e.id, 'another experiment in the file has this id');
    if (names.has(e.name)) bad(`experiments[${i}].name`, e.name, 'another experiment in the file has this name');
    ids.add(e.id);
    names.add(e.name);
  });
  const runIds = new Set<string>();
  const runs = list(d.runs, 'runs').map((x, i) => {
    const r = obj(x, `runs[${i}]`);
    const rec = run(r.run, `runs[${i}].run`, ids);
    if (runIds.has(rec.id)) bad(`runs[${i}].run.id`, rec.id, 'another run in the file has this id');
    runIds.add(rec.id);
    return { run: rec, metrics: checkMetrics(r.metrics, `runs[${i}].metrics`), artifacts: checkArtifacts(r.artifacts, `runs[${i}].artifacts`) };
  });
  return { exported: num(d.exported, 'exported'), experiments, runs };
}
