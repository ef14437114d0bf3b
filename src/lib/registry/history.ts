/**
 * A registered model's history: every creation, import, alias move, stage change, gate, override,
 * edit and delete, with its time and reason, newest first. The history of a deleted model stays
 * readable under its name. Also a one-line description of each transition for lists and exports.
 */
import { guarded, type DB } from '../store/db';
import type { GateResult, TransitionRecord } from './types';

/** The model's transitions, newest first (`limit` keeps only the newest ones). */
export async function listTransitions(db: DB, name: string, limit = Infinity): Promise<TransitionRecord[]> {
  const all = await guarded(() => db.getAllFromIndex('transitions', 'byName', name));
  return all.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0)).slice(0, limit);
}

const v = (t: TransitionRecord) => (t.version === null ? '' : `version ${t.version}`);
const str = (x: unknown) => (x === null || x === undefined ? 'none' : String(x));

/** "version 3 moved @champion from version 2", "gate passed for version 3 (2/2 checks)"… */
export function describeTransition(t: TransitionRecord): string {
  const d = t.detail;
  switch (t.kind) {
    case 'create': return t.version === null ? `model "${t.name}" created` : `${v(t)} created from run ${str(d.runId)}`;
    case 'import': return `${v(t)} imported from ${str(d.fileName)}`;
    case 'alias-set': return d.from === null || d.from === undefined ? `@${str(d.alias)} set to ${v(t)}` : `@${str(d.alias)} moved from version ${str(d.from)} to ${t.version}`;
    case 'alias-removed': return `@${str(d.alias)} removed (was version ${str(d.from)})`;
    case 'stage': return `${v(t)} moved from ${str(d.from)} to ${str(d.to)}${d.archivedBy ? ` (archived when version ${str(d.archivedBy)} went to Production)` : ''}`;
    case 'gate': {
      const r = d.result as GateResult | undefined;
      const passed = r ? r.checks.filter((c) => c.passed).length : 0;
      return r ? `gate ${r.passed ? 'passed' : 'failed'} for ${v(t)} (${passed}/${r.checks.length} checks on ${r.rows} rows)` : `gate for ${v(t)}`;
    }
    case 'override': return `gate overridden to make ${v(t)} ${str(d.target)}`;
    case 'edit': return `${v(t) || 'model'} edited (${str(d.field)})`;
    case 'delete': return d.what === 'model' ? `model deleted (versions ${(d.versions as number[] | undefined)?.join(', ') || 'none'})` : `${v(t)} deleted`;
  }
}
