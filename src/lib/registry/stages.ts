/**
 * The classic stages None → Staging → Production → Archived (MLflow's), shown beside aliases.
 * Moving a version to Production goes through the promotion rule (promotion.ts); with
 * `archiveExisting`, the versions already in the target stage (Production or Staging) move to
 * Archived in the same transaction, each change recorded.
 */
import type { DB } from '../store/db';
import { authorizePromotion, type PromotionOptions } from './promotion';
import { checkStage, checkVersionNumber, PRODUCTION } from './rules';
import { inTx, recordTransition, requireModel, requireVersion, REGISTRY_STORES } from './tx';
import type { ModelVersionRecord, Stage } from './types';

export interface StageOptions extends PromotionOptions {
  /** Moving to Production or Staging: archive the versions already there. */
  archiveExisting?: boolean;
}

export interface StageChange {
  version: ModelVersionRecord;
  /** Versions moved to Archived by this change. */
  archived: number[];
}

export async function setStage(db: DB, name: string, version: number, stage: Stage, opts: StageOptions = {}): Promise<StageChange> {
  checkStage(stage);
  checkVersionNumber(version);
  return inTx(db, REGISTRY_STORES, async (tx, touched) => {
    const model = await requireModel(tx, name);
    const v = await requireVersion(tx, name, version);
    const from = v.stage;
    if (from === stage) return { version: v, archived: [] };
    const others = (await tx.objectStore('modelVersions').index('byName').getAll(name)).filter((o) => o.version !== version && o.stage === stage);
    const gate = stage === PRODUCTION ? await authorizePromotion(tx, touched, { model, version, target: PRODUCTION, held: others.length > 0 }, opts) : {};
    const now = Date.now();
    const next: ModelVersionRecord = { ...v, stage, updated: now };
    await tx.objectStore('modelVersions').put(next);
    await recordTransition(tx, touched, { name, version, kind: 'stage', detail: { from, to: stage, archiveExisting: !!opts.archiveExisting, ...gate }, reason: opts.reason, time: now });
    const archived: number[] = [];
    if (opts.archiveExisting && (stage === 'Production' || stage === 'Staging')) {
      for (const o of others.sort((a, b) => a.version - b.version)) {
        await tx.objectStore('modelVersions').put({ ...o, stage: 'Archived', updated: now });
        await recordTransition(tx, touched, { name, version: o.version, kind: 'stage', detail: { from: o.stage, to: 'Archived', archivedBy: version }, reason: opts.reason, time: now });
        archived.push(o.version);
      }
    }
    await tx.objectStore('registeredModels').put({ ...model, updated: now });
    return { version: next, archived };
  });
}
