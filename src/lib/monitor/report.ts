/**
 * A monitor's results over a range as a report: JSON (every window result and alert, for
 * machines) and a self-contained HTML page that opens offline — inline CSS and SVG only, no
 * script, no external resource: summary, one timeline per metric (dataset drift share, prediction
 * drift, every rule's metric with its threshold band and alert markers, performance beside the
 * reference, latency p95, missing share, streaming detections), the feature table sorted by drift
 * with reference-vs-current bars, the alerts with their steps, and the windows.
 */
import type { DB } from '../store/db';
import { listAlerts } from './alerts';
import { driftSeverity } from './drift';
import { requireMonitor } from './monitors';
import { barsSvg, esc, fmtNum, fmtTime, timelineSvg, type TimelineSpec } from './report-svg';
import { describeRule, metricValue } from './rules';
import type { AlertRecord, MonitorRecord, WindowResult } from './types';
import { describeWindow, settle } from './windows';
import { readResults } from './store';

export interface MonitorReport {
  format: 'benchtop-monitor-report-v1';
  generated: number;
  monitor: MonitorRecord;
  range: { from: number | null; to: number | null };
  windows: WindowResult[];
  alerts: AlertRecord[];
  summary: { windows: number; predictions: number; datasetDriftWindows: number; alerts: number; openAlerts: number; detections: number };
}

export interface ReportRange { from?: number; to?: number }

export function buildReport(monitor: MonitorRecord, windows: readonly WindowResult[], alerts: readonly AlertRecord[], range: ReportRange = {}, now = Date.now()): MonitorReport {
  const inRange = (t: number) => t >= (range.from ?? -Infinity) && t <= (range.to ?? Infinity);
  const ws = windows.filter((w) => inRange(w.start)).sort((a, b) => a.start - b.start);
  const as = alerts.filter((a) => inRange(a.window ?? a.fired)).sort((a, b) => a.fired - b.fired);
  return {
    format: 'benchtop-monitor-report-v1', generated: now, monitor, range: { from: range.from ?? null, to: range.to ?? null }, windows: ws, alerts: as,
    summary: {
      windows: ws.length, predictions: ws.reduce((s, w) => s + w.rows, 0), datasetDriftWindows: ws.filter((w) => w.datasetDrift.drifted).length,
      alerts: as.filter((a) => a.rule !== 'retrain').length, openAlerts: as.filter((a) => a.acknowledged === null).length,
      detections: ws.reduce((s, w) => s + w.detections.filter((d) => d.level === 'drift').length, 0),
    },
  };
}

export async function reportData(db: DB, monitorId: string, range: ReportRange = {}): Promise<MonitorReport> {
  const m = await requireMonitor(db, monitorId);
  const [windows, alerts] = await Promise.all([readResults(db, monitorId), listAlerts(db, { monitor: monitorId })]);
  return buildReport(m, settle(windows, m.window), alerts, range);
}

/** The report as JSON text (pretty-printed). */
export async function reportJSON(db: DB, monitorId: string, range: ReportRange = {}): Promise<string> {
  return JSON.stringify(await reportData(db, monitorId, range), null, 2);
}

export async function reportHTML(db: DB, monitorId: string, range: ReportRange = {}): Promise<string> {
  return renderReportHTML(await reportData(db, monitorId, range));
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:980px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #dde;padding:4px 6px;text-align:left;vertical-align:middle}th{background:#f3f4f8}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #dde;border-radius:6px;padding:8px 12px}.card b{display:block;font-size:20px}
.drift{color:#b3261e;font-weight:600}.ok{color:#2e7d32}svg text.t{font-weight:600;font-size:13px}svg text{font-size:10px;fill:#444}svg .yl{text-anchor:end}svg .e{text-anchor:end}
svg .ax{stroke:#999}svg .ln{fill:none;stroke:#1f5fbf;stroke-width:1.6}svg .pt{fill:#1f5fbf}svg .band{fill:#b3261e;opacity:.09}svg .th{stroke:#b3261e;stroke-dasharray:4 3}
svg .ref{stroke:#777;stroke-dasharray:2 3}svg .al{stroke:#b3261e;stroke-width:1.5}svg .alm{fill:#b3261e}svg .tk{stroke:#e08a00;stroke-width:1.5}svg .rb{fill:#9aa3b5}svg .cb{fill:#1f5fbf}
.muted{color:#667}`;

function timelines(r: MonitorReport): TimelineSpec[] {
  const ws = r.windows.filter((w) => !w.partial), m = r.monitor;
  const series = (metric: string) => ws.map((w) => ({ x: w.start, y: metricValue(w, metric) }));
  const alertsOf = (metric: string) => r.alerts.filter((a) => a.metric === metric && a.rule !== 'retrain').map((a) => ({ x: a.window ?? a.fired, label: `alert: ${a.metric} = ${fmtNum(a.value)} (threshold ${fmtNum(a.threshold)})` }));
  const charts = new Map<string, TimelineSpec>();
  charts.set('dataset_drift_share', { title: 'Dataset drift: share of drifted columns', points: series('dataset_drift_share'), threshold: { value: m.datasetShare, op: '>=' }, alerts: alertsOf('dataset_drift_share') });
  const pd = ws.find((w) => w.predictionDrift)?.predictionDrift;
  if (pd) charts.set('prediction_drift', { title: `Prediction drift (${pd.method} score)`, points: series('prediction_drift'), threshold: { value: pd.threshold, op: driftSeverity(pd) === 'p_value' ? '<' : '>' }, alerts: alertsOf('prediction_drift') });
  for (const rule of m.rules) {
    const had = charts.get(rule.metric);
    const spec = had ?? { title: rule.metric, points: series(rule.metric), alerts: alertsOf(rule.metric) };
    spec.threshold = { value: rule.threshold, op: rule.op };
    spec.title = `${had ? had.title : rule.metric} · alert when ${describeRule(rule)}`;
    charts.set(rule.metric, spec);
  }
  const perf = ws.find((w) => w.performance && Object.keys(w.performance.reference).length);
  if (perf?.performance) {
    const main = 'accuracy' in perf.performance.reference ? 'accuracy' : 'rmse';
    const spec = charts.get(main) ?? { title: `Performance: ${main} on labelled predictions`, points: series(main), alerts: alertsOf(main) };
    spec.reference = perf.performance.reference[main];
    charts.set(main, spec);
  }
  if (!charts.has('latency_p95')) charts.set('latency_p95', { title: 'Latency p95 (ms per prediction)', points: series('latency_p95') });
  if (!charts.has('missing_share')) charts.set('missing_share', { title: 'Missing share of watched inputs', points: series('missing_share') });
  const ticks = ws.flatMap((w) => w.detections.filter((d) => d.level === 'drift').map((d) => ({ x: d.time, label: `${d.detector} on ${d.stream}: drift` })));
  if (ticks.length) charts.set('drift_detections', { title: 'Streaming detectors: drift detections per window', points: series('drift_detections'), ticks });
  return [...charts.values()];
}

function featureTable(r: MonitorReport): string {
  const ws = r.windows.filter((w) => !w.partial);
  const last = ws[ws.length - 1] ?? r.windows[r.windows.length - 1];
  if (!last || !last.columns.length) return '<p class="muted">No column was scored in this range.</p>';
  const drifted = new Map<string, number>();
  for (const w of ws) for (const c of w.columns) if (c.drifted) drifted.set(c.column, (drifted.get(c.column) ?? 0) + 1);
  const rank = (c: WindowResult['columns'][number]) => (c.drifted ? 1e9 : 0) + (driftSeverity(c) === 'p_value' ? c.threshold / Math.max(c.score, 1e-300) : c.score / Math.max(c.threshold, 1e-300));
  const rows = [...last.columns].sort((a, b) => rank(b) - rank(a)).map((c) => `<tr><td>${esc(c.column)}</td><td>${esc(c.kind)}</td><td>${esc(c.method)}</td><td>${esc(fmtNum(c.threshold))}</td><td>${esc(fmtNum(c.score))}</td><td class="${c.drifted ? 'drift' : 'ok'}">${c.drifted ? 'drift' : 'no drift'}</td><td>${drifted.get(c.column) ?? 0} / ${ws.length}</td><td>${barsSvg(c)}</td></tr>`);
  return `<p class="muted">Latest window ${esc(fmtTime(last.start))}–${esc(fmtTime(last.end))} (${last.rows} predictions). Bars: reference (grey) vs current (blue).</p>
<table><thead><tr><th>Column</th><th>Kind</th><th>Test</th><th>Threshold</th><th>Score</th><th>Result</th><th>Windows drifted</th><th>Distribution</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function alertTable(r: MonitorReport): string {
  if (!r.alerts.length) return '<p class="muted">No alert fired in this range.</p>';
  const rows = r.alerts.map((a) => `<tr><td>${esc(fmtTime(a.fired))}</td><td>${esc(a.metric)}</td><td>${esc(fmtNum(a.value))}</td><td>${esc(fmtNum(a.threshold))}</td><td>${a.acknowledged === null ? '<b class="drift">open</b>' : esc(`acknowledged ${fmtTime(a.acknowledged)}`)}</td><td>${a.actions.map((s) => `${esc(fmtTime(s.time))} <b>${esc(s.step)}</b>: ${esc(s.detail)}`).join('<br>')}</td></tr>`);
  return `<table><thead><tr><th>Fired</th><th>Metric</th><th>Value</th><th>Threshold</th><th>State</th><th>Steps</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function windowTable(r: MonitorReport): string {
  const main = r.windows.some((w) => w.performance && 'accuracy' in w.performance.metrics) ? 'accuracy' : 'rmse';
  const rows = r.windows.map((w) => `<tr><td>${esc(fmtTime(w.start))}${w.partial ? ' <span class="muted">(open)</span>' : ''}</td><td>${w.rows}</td><td class="${w.datasetDrift.drifted ? 'drift' : ''}">${esc(fmtNum(w.datasetDrift.share))}</td><td>${esc(fmtNum(w.predictionDrift?.score))}</td><td>${esc(fmtNum(w.performance?.metrics[main] ?? null))}</td><td>${esc(fmtNum(w.quality.missingShare))}</td><td>${w.quality.outOfRange}</td><td>${w.quality.violations}</td><td>${esc(fmtNum(w.software.p95))}</td></tr>`);
  return `<table><thead><tr><th>Window start</th><th>Rows</th><th>Drift share</th><th>Prediction drift</th><th>${esc(main)}</th><th>Missing</th><th>Out of range</th><th>Violations</th><th>p95 ms</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderReportHTML(r: MonitorReport): string {
  const m = r.monitor, s = r.summary;
  const range = `${r.range.from === null ? 'the first window' : fmtTime(r.range.from)} to ${r.range.to === null ? 'the last window' : fmtTime(r.range.to)}`;
  const card = (label: string, v: string | number) => `<div class="card">${esc(label)}<b>${esc(v)}</b></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`Monitoring report: ${m.name}`)}</title><meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>Monitoring report: ${esc(m.name)}</h1>
<p>Model <b>${esc(m.model)}</b> · deployment <code>${esc(m.deployment)}</code> · windows ${esc(describeWindow(m.window))} · reference ${esc(m.reference.kind === 'training' ? 'the training data' : m.reference.kind === 'version' ? `dataset version ${m.reference.versionId.slice(0, 12)}` : `the log ${fmtTime(m.reference.from)}–${fmtTime(m.reference.to)}`)} · dataset drifts when ≥ ${esc(fmtNum(m.datasetShare))} of ${m.columns.length} watched columns drift · automation ${esc(m.automation)}</p>
<p class="muted">Range ${esc(range)}. Generated ${esc(fmtTime(r.generated))} UTC by Benchtop. Times are UTC.</p>
<div class="cards">${card('Windows', s.windows)}${card('Predictions', s.predictions)}${card('Windows with dataset drift', s.datasetDriftWindows)}${card('Alerts', s.alerts)}${card('Open alerts', s.openAlerts)}${card('Detector drifts', s.detections)}</div>
<h2>Timelines</h2>
${r.windows.length ? timelines(r).map(timelineSvg).join('\n') : '<p class="muted">No window in this range.</p>'}
<h2>Features by drift</h2>
${featureTable(r)}
<h2>Alerts</h2>
${alertTable(r)}
<h2>Windows</h2>
${windowTable(r)}
</body></html>
`;
}
