/**
 * The "new monitor" form without runes: what can be monitored (each endpoint, answered by its
 * active deployment or by its alias, and every other deployment), a draft with the monitoring
 * defaults for a target's signature, and the draft as the engine's MonitorInput. The engine checks
 * everything again (BAD_MONITOR names the field); this only shapes the form.
 */
import { watchable } from '../lib/monitor/columns';
import type { MonitorInput } from '../lib/monitor/monitors';
import type { Automation, ReferenceSpec, WindowSpec } from '../lib/monitor/types';
import type { Task } from '../lib/ml/model';
import type { SignatureInput } from '../lib/registry/types';
import type { ServedModel } from '../lib/serve/contract';
import type { DeploymentRecord, VersionRef } from '../lib/serve/types';

/** Something a monitor can watch: a deployment id or `endpoint:model@alias`. */
export interface MonitorTarget {
  key: string;
  label: string;
  model: string;
  alias: string;
  /** The signature inputs of the version it answers with now. */
  inputs: SignatureInput[];
  /** That version's task (which performance metrics rules can name). */
  task: Task | null;
}

const versionOf = (m: ServedModel | undefined, ref: VersionRef): Pick<MonitorTarget, 'inputs' | 'task'> => {
  const v = !m ? undefined : 'alias' in ref ? m.aliases[ref.alias] : ref.version;
  const sig = m?.versions.find((x) => x.version === v)?.signature;
  return { inputs: sig?.inputs ?? [], task: sig?.output.task ?? null };
};

export function monitorTargets(models: readonly ServedModel[], deployments: readonly DeploymentRecord[]): MonitorTarget[] {
  const out: MonitorTarget[] = [];
  for (const m of models) {
    for (const alias of Object.keys(m.aliases).sort()) {
      const active = deployments.find((d) => d.model === m.name && d.alias === alias && d.status === 'active');
      if (active) out.push({ key: active.id, label: `${m.name}@${alias} — deployment "${active.name}" (${active.strategy})`, model: m.name, alias, ...versionOf(m, active.primary) });
      else out.push({ key: `endpoint:${m.name}@${alias}`, label: `${m.name}@${alias} — answered by its alias`, model: m.name, alias, ...versionOf(m, { alias }) });
    }
  }
  for (const d of deployments) {
    if (out.some((t) => t.key === d.id)) continue;
    out.push({ key: d.id, label: `${d.model}@${d.alias} — deployment "${d.name}" (${d.status})`, model: d.model, alias: d.alias, ...versionOf(models.find((m) => m.name === d.model), d.primary) });
  }
  return out;
}

/** `threshold`: '' (or null from an emptied number input) for the test's default. */
export interface ColumnDraft { column: string; type: string; watched: boolean; method: string; threshold: string | number | null }
export interface RuleDraft { id?: string; metric: string; op: '>' | '>=' | '<' | '<='; threshold: number; windows: number }

export interface MonitorDraft {
  name: string;
  deployment: string;
  reference: 'training' | 'version' | 'log';
  referenceVersion: string;
  /** datetime-local strings. */
  refFrom: string;
  refTo: string;
  window: 'last' | 'period' | 'chunks';
  lastN: number;
  period: 'hour' | 'day' | 'week';
  chunks: number;
  columns: ColumnDraft[];
  datasetShare: number;
  rules: RuleDraft[];
  automation: Automation;
  retrainVersion: string;
}

export function defaultDraft(t: MonitorTarget | null): MonitorDraft {
  return {
    name: '', deployment: t?.key ?? '', reference: 'training', referenceVersion: '', refFrom: '', refTo: '',
    window: 'last', lastN: 500, period: 'hour', chunks: 10,
    columns: (t?.inputs ?? []).filter(watchable).map((i) => ({ column: i.name, type: i.type, watched: true, method: '', threshold: '' })),
    datasetShare: 0.5,
    rules: [{ metric: 'dataset_drift_share', op: '>=', threshold: 0.5, windows: 2 }],
    automation: 'alert', retrainVersion: '',
  };
}

const time = (s: string) => (s ? new Date(s).getTime() : NaN);

export function draftReference(d: MonitorDraft): ReferenceSpec {
  if (d.reference === 'version') return { kind: 'version', versionId: d.referenceVersion };
  if (d.reference === 'log') return { kind: 'log', from: time(d.refFrom), to: time(d.refTo) };
  return { kind: 'training' };
}

export function draftWindow(d: MonitorDraft): WindowSpec {
  if (d.window === 'period') return { kind: 'period', period: d.period };
  if (d.window === 'chunks') return { kind: 'chunks', n: Number(d.chunks) };
  return { kind: 'last', n: Number(d.lastN) };
}

export function draftInput(d: MonitorDraft): MonitorInput {
  return {
    name: d.name.trim() || undefined,
    deployment: d.deployment,
    reference: draftReference(d),
    window: draftWindow(d),
    columns: d.columns.filter((c) => c.watched).map((c) => ({
      column: c.column,
      ...(c.method ? { method: c.method } : {}),
      ...(String(c.threshold ?? '').trim() !== '' ? { threshold: Number(c.threshold) } : {}),
    })),
    datasetShare: Number(d.datasetShare),
    rules: d.rules.map((r) => ({ ...r, threshold: Number(r.threshold), windows: Number(r.windows) })),
    automation: d.automation,
    retrainVersion: d.retrainVersion || null,
  };
}
