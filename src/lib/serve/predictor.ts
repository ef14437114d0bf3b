/**
 * A registered model version, loaded and warm: raw inputs are validated against the signature
 * (inputs.ts), run through the fitted recipe chain in live mode (every row kept), turned into the
 * model's features with the training means filling gaps (features.ts) and predicted by the model
 * rebuilt once (model-runner.ts). Rows with hard violations are refused (output null) without
 * touching the other rows: a recipe step that throws on the table (e.g. one-hot with
 * handle_unknown 'error') is retried row by row and only the rows it refuses are dropped.
 */
import { BenchtopError, errorInfo } from '../errors';
import { applyRecipe, type FittedRecipe } from '../recipe/recipe';
import { keptRows, selectRows, type Table } from '../recipe/table';
import type { ModelVersionRecord, Signature } from '../registry/types';
import type { InputRecord, Predictor, RowPrediction, TablePrediction } from './contract';
import { FeaturePlan } from './features';
import { linearBlock } from './linear-columns';
import { compileRaw, conformTable, recordsToTable, type Conformed, type RawInputs } from './inputs';
import { modelRunner, type ModelRunner } from './model-runner';
import type { Violation } from './types';

/** Extra soft checks on the raw table (e.g. a dataset validation suite): violations by row. */
export type ExtraCheck = (raw: Table) => Map<number, Violation[]>;

/** A table's predictions with every row's violations (soft ones included). */
export interface ScoredTable extends TablePrediction {
  violations: Map<number, readonly Violation[]>;
}

/** Rows per pass through the model (at least TENSOR_MIN_ROWS, so large MLP batches still reach tfjs). */
const CHUNK_ROWS = 8192;

export class ServingPredictor implements Predictor {
  readonly name: string;
  readonly version: number;
  readonly signature: Signature;
  readonly classes: string[] | null;
  /** Algorithm id (models/registry.ts), e.g. 'mlp'. */
  readonly algorithm: string;
  private readonly raw: RawInputs;
  private readonly plan: FeaturePlan;
  private readonly runner: ModelRunner;
  private readonly recipes: FittedRecipe[];

  constructor(v: ModelVersionRecord) {
    const label = `${v.name} v${v.version}`;
    if (!v.model || !v.signature || !Array.isArray(v.signature.inputs)) throw new BenchtopError('BAD_REGISTRY', `${label} has no model or signature to serve.`, { name: v.name, version: v.version });
    this.name = v.name;
    this.version = v.version;
    this.signature = v.signature;
    this.classes = v.model.task === 'regression' ? null : v.model.classes;
    this.algorithm = v.model.model;
    this.recipes = v.recipes ?? [];
    this.raw = compileRaw(v.signature, this.recipes[0]);
    this.plan = new FeaturePlan(v.model, label);
    this.runner = modelRunner(v.model, label);
  }

  async predictRecords(records: readonly InputRecord[], opts: { check?: ExtraCheck } = {}): Promise<RowPrediction[]> {
    const s = await this.score(recordsToTable(this.raw, records), true, opts.check);
    const k = this.classes?.length ?? 0, out: RowPrediction[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const y = s.yPred[i], violations = (s.violations.get(i) ?? []) as Violation[];
      if (y !== y) { out[i] = { output: null, proba: null, violations }; continue; }
      out[i] = {
        output: this.classes ? this.classes[y] : y,
        proba: s.proba ? Array.from(s.proba.subarray(i * k, i * k + k)) : null,
        violations,
      };
    }
    return out;
  }

  predictRaw(table: Table, opts: { check?: ExtraCheck } = {}): Promise<ScoredTable> {
    return this.score(conformTable(this.raw, table), true, opts.check);
  }

  /** A raw table checked and coerced to the raw schema (batch scoring does this once, then scores chunks). */
  conform(table: Table): Conformed {
    return conformTable(this.raw, table);
  }

  /** Scores rows already conformed (see conform); `c` is consumed (its refusals and violations grow). */
  predictConformed(c: Conformed, opts: { check?: ExtraCheck } = {}): Promise<ScoredTable> {
    return this.score(c, true, opts.check);
  }

  predictFeatures(table: Table): Promise<ScoredTable> {
    const n = table.rows;
    return this.score({ table, violations: new Map(), refused: new Uint8Array(n), refusedCount: 0 }, false);
  }

  /** Whether `table` already holds the model's feature columns (then predictFeatures applies). */
  holdsFeatures(table: Table): boolean {
    return this.plan.holds(table);
  }

  dispose(): void {
    /* Nothing outside the JS heap: the MLP runs without tensors. */
  }

  private chain(t: Table): Table {
    for (const r of this.recipes) t = applyRecipe(r, t, { live: true });
    return t;
  }

  private async score(c: Conformed, transform: boolean, check?: ExtraCheck): Promise<ScoredTable> {
    const n = c.table.rows, violations = c.violations, refused = c.refused;
    const refuse = (row: number, v: Violation) => {
      refused[row] = 1;
      violations.set(row, [...(violations.get(row) ?? []), v]);
    };
    if (check) for (const [row, vs] of check(c.table)) violations.set(row, [...(violations.get(row) ?? []), ...vs]);
    // `rows[i]`: the input row of row i of the table being worked on (null: the same row).
    let rows: Int32Array | null = c.refusedCount ? keptRows(refused.map((r) => 1 - r)) : null;
    let t = rows ? selectRows(c.table, rows) : c.table;
    if (transform && this.recipes.length && t.rows > 0) {
      try {
        t = this.chain(t);
      } catch (e) {
        const ok: number[] = [];
        for (let i = 0; i < t.rows; i++) {
          try {
            this.chain(selectRows(t, Int32Array.of(i)));
            ok.push(i);
          } catch (err) {
            refuse(rows ? rows[i] : i, { column: String(errorInfo(err).detail.column ?? ''), kind: 'recipe', message: errorInfo(err).message });
          }
        }
        if (ok.length === t.rows) throw e;
        const keep = Int32Array.from(ok);
        rows = rows ? keep.map((i) => rows![i]) : keep;
        t = selectRows(t, keep);
        if (t.rows > 0) t = this.chain(t);
      }
    }
    // Rows go through the model in chunks: the matrix of a chunk stays in cache (a forest walks
    // every tree over it) and no n × d matrix of a million rows is ever allocated.
    const m = t.rows, k = this.classes?.length ?? 0, d = this.plan.d;
    const yPred = new Float64Array(n).fill(NaN);
    let proba: Float64Array | undefined;
    const linear = this.runner.linear, cols = linear && m > 0 ? this.plan.values(t) : null;
    for (let s = 0; s < m; s += CHUNK_ROWS) {
      const e = Math.min(m, s + CHUNK_ROWS);
      if (linear && cols) {
        // Linear models score straight from the columns (linear-columns.ts): no matrix at all.
        const out = linearBlock(linear, cols, this.plan.fills, s, e, k > 0);
        const bad = new Uint8Array(e - s);
        for (const b of out.bad) { bad[b] = 1; refuse(rows ? rows[s + b] : s + b, this.plan.violationAt(t, s + b)); }
        if (out.proba && !proba) proba = new Float64Array(n * k).fill(NaN);
        for (let i = 0; i < e - s; i++) {
          if (bad[i]) continue;
          const r = rows ? rows[s + i] : s + i;
          yPred[r] = out.pred[i];
          if (proba) proba.set(out.proba!.subarray(i * k, i * k + k), r * k);
        }
        continue;
      }
      const built = this.plan.matrix(t, s, e);
      let X = built.X, local: Int32Array | null = null;
      if (built.bad.length) {
        for (const b of built.bad) refuse(rows ? rows[s + b.row] : s + b.row, b.violation);
        const drop = new Uint8Array(e - s).fill(1);
        for (const b of built.bad) drop[b.row] = 0;
        local = keptRows(drop);
        const Xk = new Float64Array(local.length * d);
        local.forEach((r, i) => Xk.set(X.subarray(r * d, r * d + d), i * d));
        X = Xk;
      }
      const count = local ? local.length : e - s;
      if (count === 0) continue;
      const out = await this.runner.run(X, count, k > 0);
      if (out.proba && !proba) proba = new Float64Array(n * k).fill(NaN);
      for (let i = 0; i < count; i++) {
        const at = s + (local ? local[i] : i), r = rows ? rows[at] : at;
        yPred[r] = out.pred[i];
        if (proba) proba.set(out.proba!.subarray(i * k, i * k + k), r * k);
      }
    }
    const refusedList: { row: number; violations: Violation[] }[] = [];
    for (let i = 0; i < n; i++) if (refused[i]) refusedList.push({ row: i, violations: [...(violations.get(i) ?? [])] });
    return { yPred, ...(proba ? { proba } : {}), refused: refusedList, violations };
  }
}

/** Loads a version for serving (the model is rebuilt once; keep the predictor to keep it warm). */
export async function loadPredictor(v: ModelVersionRecord): Promise<ServingPredictor> {
  return new ServingPredictor(v);
}
