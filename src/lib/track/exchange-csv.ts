/**
 * Runs as a CSV table, one row a run, the way MLflow's run table exports them: run_id, name,
 * experiment_id, status, start_time and end_time (ISO 8601), duration_s, then one column per
 * param, metric (its latest value) and tag, named `params.<key>`, `metrics.<key>`, `tags.<key>`
 * (the union over the runs, sorted). Fields are quoted as RFC 4180 says; lines end in CRLF.
 */
import { csvField } from '../data/export';
import type { RunRecord } from '../store/schema';

const FIXED = ['run_id', 'name', 'experiment_id', 'status', 'start_time', 'end_time', 'duration_s'];

const iso = (ms: number | null): string => (ms === null || !Number.isFinite(ms) ? '' : new Date(ms).toISOString());

function keysOf(runs: readonly RunRecord[], pick: (r: RunRecord) => Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(pick(r))) keys.add(k);
  return [...keys].sort();
}

export function exportRunsCsv(runs: readonly RunRecord[]): string {
  const params = keysOf(runs, (r) => r.params);
  const metrics = keysOf(runs, (r) => r.metrics);
  const tags = keysOf(runs, (r) => r.tags);
  const header = [...FIXED, ...params.map((k) => `params.${k}`), ...metrics.map((k) => `metrics.${k}`), ...tags.map((k) => `tags.${k}`)];
  const lines = [header.map(csvField).join(',')];
  for (const r of runs) {
    const fields = [
      r.id,
      r.name,
      r.experimentId,
      r.status,
      iso(r.start),
      iso(r.end),
      r.end === null ? '' : String((r.end - r.start) / 1000),
      ...params.map((k) => r.params[k] ?? ''),
      ...metrics.map((k) => (k in r.metrics ? String(r.metrics[k]) : '')),
      ...tags.map((k) => r.tags[k] ?? ''),
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
