/**
 * The promotion gate: score the candidate version and the current champion on a chosen holdout
 * dataset version with the serving predictor (the same path serving takes: the recipe chain from
 * raw inputs, or the features directly when the holdout already holds them), compute the task's
 * metrics (ml/metrics) on the rows both could answer, evaluate the checks (gate-checks.ts) and
 * record the result as a 'gate' transition; promotion.ts accepts only recorded results. When the
 * holdout version has a split column (a recipe run's), only its test rows are scored.
 */
import { BenchtopError } from '../errors';
import { SPLIT_SIDES, isSplitColumnName } from '../data/split-column';
import { computeMetrics, metricsFor } from '../ml/metrics';
import { isNumeric, selectRows, type Column, type Table } from '../recipe/table';
import { loadPredictor } from '../serve/predictor';
import type { DB } from '../store/db';
import { loadTable } from '../store/prep';
import { getVersion as getDatasetVersion } from '../store/versions';
import { checkMetric, evaluateChecks, type CheckSpec } from './gate-checks';
import { CHAMPION } from './rules';
import { inTx, recordTransition, requireModel, requireVersion, REGISTRY_STORES } from './tx';
import type { GateResult, ModelVersionRecord } from './types';
import { getModel } from './models';
import { getVersion } from './versions';

export { defaultChecks, describeCheck, type CheckSpec } from './gate-checks';

export interface GateRequest {
  name: string;
  candidate: number;
  /** Dataset version id of the holdout rows. */
  holdoutVersion: string;
  checks: CheckSpec[];
  /** 'test' (default): only the split column's test rows when the holdout has one; 'all': every row. */
  rows?: 'test' | 'all';
}

/** The holdout rows to score: the test side of the newest split column, or all rows. */
export function holdoutRows(t: Table, which: 'test' | 'all'): Table {
  const split = [...t.columns].reverse().find((c) => isSplitColumnName(c.name) && c.role === 'ignore' && !isNumeric(c) && c.dictionary.every((s) => (SPLIT_SIDES as readonly string[]).includes(s)));
  if (which === 'all' || !split || isNumeric(split)) return t;
  const test = split.dictionary.indexOf('test');
  const rows: number[] = [];
  for (let i = 0; i < t.rows; i++) if (split.codes[i] === test) rows.push(i);
  return rows.length ? selectRows(t, Int32Array.from(rows)) : t;
}

/** The target as the version's model scores it: values, or indices into its classes (NaN when missing or unknown). */
export function truth(col: Column, classes: readonly string[] | null): Float64Array {
  const n = isNumeric(col) ? col.values.length : col.codes.length;
  const out = new Float64Array(n);
  if (!classes) {
    for (let i = 0; i < n; i++) out[i] = isNumeric(col) ? col.values[i] : Number(col.dictionary[col.codes[i]] ?? NaN);
    return out;
  }
  const index = new Map(classes.map((c, k) => [c, k]));
  for (let i = 0; i < n; i++) {
    const label = isNumeric(col) ? (col.values[i] === col.values[i] ? String(col.values[i]) : null) : (col.codes[i] < 0 ? null : col.dictionary[col.codes[i]]);
    out[i] = label === null ? NaN : (index.get(label) ?? NaN);
  }
  return out;
}

interface Scored { y: Float64Array; pred: Float64Array; proba?: Float64Array; k: number }

async function score(v: ModelVersionRecord, table: Table): Promise<Scored> {
  const target = table.columns.find((c) => c.name === v.model.target);
  if (!target) {
    throw new BenchtopError('BAD_REGISTRY', `The holdout version has no column "${v.model.target}" (the target of ${v.name} v${v.version}); its columns are ${table.columns.map((c) => c.name).join(', ')}.`, { column: v.model.target });
  }
  const p = await loadPredictor(v);
  try {
    const out = p.holdsFeatures(table) ? await p.predictFeatures(table) : await p.predictRaw(table);
    return { y: truth(target, p.classes), pred: out.yPred, proba: out.proba, k: p.classes?.length ?? 0 };
  } finally {
    p.dispose();
  }
}

function metricsOn(task: ModelVersionRecord['model']['task'], s: Scored, rows: number[]): Record<string, number | null> {
  const pick = (a: Float64Array, w = 1) => { const o = new Float64Array(rows.length * w); rows.forEach((r, i) => o.set(a.subarray(r * w, r * w + w), i * w)); return o; };
  const input = { yTrue: pick(s.y), yPred: pick(s.pred), ...(s.proba ? { proba: pick(s.proba, s.k) } : {}), ...(s.k ? { k: s.k } : {}) };
  return Object.fromEntries(computeMetrics(metricsFor(task, { proba: !!s.proba }), input).map((m) => [m.id, Number.isFinite(m.value) ? m.value : null]));
}

export async function runGate(db: DB, req: GateRequest): Promise<GateResult> {
  const model = await getModel(db, req.name);
  if (!model) throw new BenchtopError('UNKNOWN_MODEL', `There is no registered model named "${req.name}".`, { name: req.name });
  const cand = await getVersion(db, req.name, req.candidate);
  if (!cand) throw new BenchtopError('UNKNOWN_MODEL', `Model "${req.name}" has no version ${req.candidate}.`, { name: req.name, version: req.candidate });
  const task = cand.model.task;
  for (const c of req.checks) checkMetric(c, task);
  const championNo = model.aliases[CHAMPION];
  const champ = championNo !== undefined && championNo !== req.candidate ? await getVersion(db, req.name, championNo) : undefined;
  if (champ && (champ.model.task !== task || champ.model.target !== cand.model.target)) {
    throw new BenchtopError('BAD_REGISTRY', `The champion (v${champ.version}: ${champ.model.task} of "${champ.model.target}") and the candidate (v${cand.version}: ${task} of "${cand.model.target}") do not predict the same thing, so the gate cannot compare them.`, { name: req.name });
  }
  const hv = await getDatasetVersion(db, req.holdoutVersion);
  if (!hv) throw new BenchtopError('NOT_FOUND', `There is no dataset version ${req.holdoutVersion.slice(0, 12)} to use as the holdout.`, { versionId: req.holdoutVersion });
  const table = holdoutRows(await loadTable(db, hv), req.rows ?? 'test');
  const a = await score(cand, table);
  const b = champ ? await score(champ, table) : null;
  const rows: number[] = [];
  for (let i = 0; i < table.rows; i++) {
    const ok = (s: Scored) => s.y[i] === s.y[i] && s.pred[i] === s.pred[i];
    if (ok(a) && (!b || ok(b))) rows.push(i);
  }
  if (!rows.length) {
    throw new BenchtopError('BAD_REGISTRY', `No row of the holdout version could be scored: every row has a missing or unknown target "${cand.model.target}", or was refused by the signature.`, { versionId: hv.id, rows: table.rows });
  }
  const candidate = metricsOn(task, a, rows);
  const champion = b ? metricsOn(task, b, rows) : null;
  const checks = evaluateChecks(req.checks, task, candidate, champion);
  const result: GateResult = {
    holdoutVersion: hv.id, rows: rows.length,
    candidate: { version: cand.version, metrics: candidate },
    champion: champ && champion ? { version: champ.version, metrics: champion } : null,
    checks, passed: checks.every((c) => c.passed), time: Date.now(),
  };
  await inTx(db, REGISTRY_STORES, async (tx, touched) => {
    await requireModel(tx, req.name);
    await requireVersion(tx, req.name, req.candidate);
    await recordTransition(tx, touched, { name: req.name, version: req.candidate, kind: 'gate', detail: { result, passed: result.passed }, time: result.time });
  });
  return result;
}
