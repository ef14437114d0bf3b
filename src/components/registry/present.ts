/**
 * How the registry pages present records: metric labels and the few key metrics per task,
 * number formatting, and a browser download of a byte array.
 */
import { METRICS } from '../../lib/ml/metrics/registry';
import type { Task } from '../../lib/ml/model';

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));

export function metricLabel(id: string): string {
  const base = id.startsWith('baseline_') ? id.slice('baseline_'.length) : id;
  const label = BY_ID.get(base)?.label ?? base;
  return id === base ? label : `${label} (baseline)`;
}

/** ↑ when greater is better, ↓ when smaller is, nothing when unknown. */
export function metricArrow(id: string): string {
  const m = BY_ID.get(id);
  return m ? (m.greaterIsBetter ? '↑' : '↓') : '';
}

const KEY: Record<Task, string[]> = {
  binary: ['accuracy', 'f1', 'roc_auc'],
  multiclass: ['accuracy', 'f1_macro', 'log_loss'],
  regression: ['r2', 'rmse', 'mae'],
};

/** The metrics worth a column in a versions table: the task's key metrics that were logged. */
export function keyMetrics(task: Task | undefined, metrics: Record<string, number>): string[] {
  const keys = task ? KEY[task] : [];
  const found = keys.filter((k) => metrics[k] !== undefined);
  return found.length ? found : Object.keys(metrics).filter((k) => BY_ID.has(k)).slice(0, 3);
}

/** Four decimals for scores, fewer digits for large values, a dash for missing ones. */
export function fmtMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 1 }) : v.toFixed(4);
}

/** Saves bytes through the browser's download; the object URL is revoked once the click is handled. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
