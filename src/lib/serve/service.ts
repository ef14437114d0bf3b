/**
 * The serving service behind the serving worker and the service worker's prediction API: resolves
 * `model@alias`, finds the endpoint's active deployment, routes the request (routing.ts), predicts
 * with warm predictors and logs every row (the answer, and a shadow candidate's copy).
 *
 * Caches (registered models, deployments, predictors keyed name@version, suites) are dropped for a
 * model when `{model}` arrives on the 'benchtop-registry' BroadcastChannel (alias moves, deployment
 * changes, in any tab or worker) or on invalidate(). Only APIs of a ServiceWorkerGlobalScope are
 * used (IndexedDB, BroadcastChannel, crypto; no dynamic import).
 *
 * Refusal rule: a request where any record breaks the signature hard (a required column missing,
 * a value of the wrong type, a row a recipe step refuses) is refused as a whole with
 * SIGNATURE_VIOLATION (the API's 422) listing every refused row and why; the rows are still logged
 * (refused ones with a null output) so violations are counted. Soft violations (out of range, an
 * unseen category, an unknown column, a suite rule) are predicted and reported per row.
 */
import { BenchtopError } from '../errors';
import { REGISTRY_CHANNEL } from '../registry/tx';
import type { RegisteredModelRecord } from '../registry/types';
import type { DB } from '../store/db';
import type { Suite } from '../validate/types';
import type { InputRecord, RowPrediction, ServedModel, ServeResult, Serving } from './contract';
import { activeDeployment } from './deployments';
import { attachLabels, type LabelInput } from './labels';
import { PredictionLog, type LogRow } from './log';
import { loadPredictor, type ExtraCheck, type ServingPredictor } from './predictor';
import { routeRequest } from './routing';
import { suiteCheck } from './suite-check';
import type { Arm, DeploymentRecord, VersionRef } from './types';

export interface ServingOptions {
  /** Log every prediction (default true). */
  log?: boolean;
  /** Random source for canary routing without a sticky key (tests pass a seeded one). */
  random?: () => number;
  /** Most predictors kept warm (least recently used go first). */
  maxPredictors?: number;
}

const isRecord = (r: unknown): r is InputRecord => typeof r === 'object' && r !== null && !Array.isArray(r);

export class ServingService implements Serving {
  readonly log: PredictionLog | null;
  private readonly models = new Map<string, Promise<RegisteredModelRecord | undefined>>();
  private readonly deployments = new Map<string, Promise<DeploymentRecord | null>>();
  private readonly predictors = new Map<string, Promise<ServingPredictor>>();
  private readonly suites = new Map<string, Promise<ExtraCheck>>();
  private readonly channel: BroadcastChannel | null = null;
  private readonly random: () => number;
  private readonly maxPredictors: number;

  constructor(private readonly db: () => Promise<DB>, opts: ServingOptions = {}) {
    this.log = opts.log === false ? null : new PredictionLog(db);
    this.random = opts.random ?? Math.random;
    this.maxPredictors = opts.maxPredictors ?? 16;
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(REGISTRY_CHANNEL);
      this.channel.onmessage = (e: MessageEvent) => this.invalidate(typeof e.data?.model === 'string' ? e.data.model : undefined);
      (this.channel as { unref?: () => void }).unref?.();
    }
  }

  /** A cached promise, forgotten when it fails (so the next call retries). */
  private cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let p = map.get(key);
    if (!p) {
      p = load();
      map.set(key, p);
      p.catch(() => { if (map.get(key) === p) map.delete(key); });
    }
    return p;
  }

  private model(name: string): Promise<RegisteredModelRecord | undefined> {
    return this.cached(this.models, name, async () => (await this.db()).get('registeredModels', name));
  }

  private deployment(model: string, alias: string): Promise<DeploymentRecord | null> {
    return this.cached(this.deployments, `${model}@${alias}`, async () => activeDeployment(await this.db(), model, alias));
  }

  /** The warm predictor of a version (most recently used last, so the map's first entry is the coldest). */
  predictor(name: string, version: number): Promise<ServingPredictor> {
    const key = `${name}@${version}`, hit = this.predictors.get(key);
    if (hit) { this.predictors.delete(key); this.predictors.set(key, hit); return hit; }
    if (this.predictors.size >= this.maxPredictors) this.predictors.delete(this.predictors.keys().next().value!);
    return this.cached(this.predictors, key, async () => {
      const v = await (await this.db()).get('modelVersions', [name, version]);
      if (!v) throw new BenchtopError('UNKNOWN_MODEL', `Model "${name}" has no version ${version}.`, { model: name, version });
      return loadPredictor(v);
    });
  }

  private suite(ref: [string, number]): Promise<ExtraCheck> {
    return this.cached(this.suites, ref.join('\u0000'), async () => {
      const s = await (await this.db()).get('suites', ref);
      if (!s) throw new BenchtopError('BAD_DEPLOYMENT', `The deployment's validation suite ${ref[0]} v${ref[1]} no longer exists.`, { suite: ref });
      return suiteCheck(s.suite as Suite);
    });
  }

  private async unknown(model: string, alias: string, m: RegisteredModelRecord | undefined): Promise<never> {
    if (!m) {
      const models = (await (await this.db()).getAllKeys('registeredModels')).map(String);
      throw new BenchtopError('UNKNOWN_MODEL', `There is no registered model named "${model}"; models are ${models.join(', ') || '(none)'}.`, { model, alias, aliases: [], models });
    }
    const aliases = Object.keys(m.aliases);
    const list = Object.entries(m.aliases).map(([a, v]) => `${a} (v${v})`).join(', ');
    throw new BenchtopError('UNKNOWN_MODEL', `Model "${model}" has no alias "${alias}"; its aliases are ${list || '(none yet: set one in the registry)'}.`, { model, alias, aliases });
  }

  private versionOf(m: RegisteredModelRecord, ref: VersionRef, d: DeploymentRecord | null): number {
    if ('version' in ref) return ref.version;
    const v = m.aliases[ref.alias];
    if (v === undefined) {
      throw new BenchtopError('UNKNOWN_MODEL', `Deployment "${d?.name}" routes to ${m.name}@${ref.alias}, which no longer exists; its aliases are ${Object.keys(m.aliases).join(', ') || '(none)'}.`, { model: m.name, alias: ref.alias, aliases: Object.keys(m.aliases) });
    }
    return v;
  }

  async predict(model: string, alias: string, records: readonly InputRecord[]): Promise<ServeResult> {
    if (!Array.isArray(records) || records.length === 0 || !records.every(isRecord)) {
      throw new BenchtopError('BAD_REQUEST', 'Send a non-empty JSON array of records, one object per row: [{"column": value, …}, …].', { got: Array.isArray(records) ? 'array of non-objects' : typeof records });
    }
    const m = await this.model(model);
    const d = m ? await this.deployment(model, alias) : null;
    if (!m || (!d && m.aliases[alias] === undefined)) return this.unknown(model, alias, m);
    const route = routeRequest(d, records, { alias }, this.random);
    const version = this.versionOf(m, route.ref, d);
    const p = await this.predictor(model, version);
    const check = d?.suite ? await this.suite(d.suite) : undefined;
    const t0 = performance.now();
    const predictions = await p.predictRecords(records, { check });
    const latencyMs = performance.now() - t0;
    const deployment = d?.id ?? `endpoint:${model}@${alias}`;
    const ids = records.map(() => crypto.randomUUID());
    this.logRows(deployment, model, route.arm, version, records, predictions, ids, latencyMs, p.classes, null);
    const refused = predictions.flatMap((q, row) => (q.output === null ? [{ row, violations: q.violations }] : []));
    if (refused.length) {
      const first = refused[0].violations.find((v) => v.kind === 'missing' || v.kind === 'type' || v.kind === 'recipe' || v.kind === 'feature') ?? refused[0].violations[0];
      throw new BenchtopError('SIGNATURE_VIOLATION', `${refused.length} of ${records.length} records break the signature of ${model}@${alias} (version ${version}), so nothing was predicted: record ${refused[0].row + 1} (index ${refused[0].row}): ${first?.message ?? 'refused'}`, {
        model, alias, version, refused: refused.length, rows: refused,
        violations: refused.flatMap((r) => r.violations.map((v) => ({ row: r.row, ...v }))),
      });
    }
    const result: ServeResult = { endpoint: `${model}@${alias}`, deployment: d?.id ?? null, strategy: d?.strategy ?? 'single', version, arm: route.arm, ids, predictions, classes: p.classes, latencyMs };
    if (route.shadow) {
      try {
        const sv = this.versionOf(m, route.shadow.ref, d), sp = await this.predictor(model, sv);
        const t1 = performance.now(), shadow = await sp.predictRecords(records, { check });
        this.logRows(deployment, model, 'shadow', sv, records, shadow, ids.map(() => crypto.randomUUID()), performance.now() - t1, sp.classes, ids);
        result.shadow = { version: sv, predictions: shadow };
      } catch {
        // The candidate failing (e.g. its alias was removed) never fails the primary's answer.
      }
    }
    return result;
  }

  private logRows(deployment: string, model: string, arm: Arm, version: number, records: readonly InputRecord[], preds: RowPrediction[], ids: string[], latencyMs: number, classes: string[] | null, shadowOf: string[] | null): void {
    if (!this.log) return;
    const time = Date.now(), latency = latencyMs / records.length;
    const rows: LogRow[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const q = preds[i];
      rows[i] = { id: ids[i], time, arm, version, latency, input: records[i], output: q.output, proba: q.proba, classes, violations: q.violations, shadowOf: shadowOf ? shadowOf[i] : null };
    }
    this.log.append(deployment, model, rows);
  }

  async listModels(): Promise<ServedModel[]> {
    const db = await this.db();
    const [models, deployments] = await Promise.all([db.getAll('registeredModels'), db.getAll('deployments')]);
    return Promise.all(models.map(async (m) => ({
      name: m.name,
      aliases: { ...m.aliases },
      deployments: deployments.filter((d) => d.model === m.name && d.status === 'active').map((d) => ({ alias: d.alias, id: d.id, name: d.name, strategy: d.strategy })),
      versions: (await db.getAllFromIndex('modelVersions', 'byName', m.name)).map((v) => ({ version: v.version, stage: v.stage, signature: v.signature })),
    })));
  }

  async attachLabels(labels: readonly LabelInput[]): Promise<{ attached: number; unknown: string[] }> {
    await this.flush();
    return attachLabels(await this.db(), labels);
  }

  invalidate(model?: string): void {
    if (model === undefined) {
      this.models.clear(); this.deployments.clear(); this.predictors.clear(); this.suites.clear();
      return;
    }
    this.models.delete(model);
    for (const map of [this.deployments, this.predictors]) for (const key of [...map.keys()]) if (key.startsWith(`${model}@`)) map.delete(key);
  }

  flush(opts: { durable?: boolean } = {}): Promise<void> {
    return this.log?.flush(opts) ?? Promise.resolve();
  }

  dispose(): void {
    this.channel?.close();
    void this.flush().catch(() => undefined);
    this.invalidate();
  }
}
