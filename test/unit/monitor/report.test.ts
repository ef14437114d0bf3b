/** Reports: the JSON summary over a range, and a self-contained HTML page (inline SVG, no script, no external resource, text escaped). */
import { describe, expect, it } from 'vitest';
import { buildReport, renderReportHTML } from '../../../src/lib/monitor/report';
import { timelineSvg } from '../../../src/lib/monitor/report-svg';
import type { AlertRecord } from '../../../src/lib/monitor/types';
import { HOUR, T0, column, monitor, result } from './fixtures';

const shares = [0, 0, 0.5, 1, 1, 0.5];
const windows = shares.map((share, i) => result(i, { share, accuracy: 0.9 - i * 0.05, detections: i === 3 ? [{ detector: 'adwin', stream: 'x1', time: T0 + 3.5 * HOUR, level: 'drift' }] : [] }));
const alert: AlertRecord = {
  id: 'a1', monitor: 'm1', rule: 'r1', metric: 'dataset_drift_share', value: 1, threshold: 0.5, fired: T0 + 4 * HOUR, window: T0 + 3 * HOUR, acknowledged: null,
  actions: [{ time: T0 + 4 * HOUR, step: 'fired', detail: 'dataset_drift_share >= 0.5 <script>alert(1)</script>' }],
};

describe('monitoring report', () => {
  it('JSON: the windows and alerts of the range with a summary', () => {
    const r = buildReport(monitor(), windows, [alert], { from: T0 + HOUR, to: T0 + 4 * HOUR }, T0 + 10 * HOUR);
    expect(r.format).toBe('benchtop-monitor-report-v1');
    expect(r.windows.map((w) => w.start)).toEqual([1, 2, 3, 4].map((i) => T0 + i * HOUR));
    expect(r.summary).toEqual({ windows: 4, predictions: 400, datasetDriftWindows: 3, alerts: 1, openAlerts: 1, detections: 1 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(buildReport(monitor(), windows, [alert], { to: T0 + 2 * HOUR }).alerts).toEqual([]);
  });

  it('HTML: self-contained, timelines with threshold band and alert marker, features sorted by drift, escaped', () => {
    const m = monitor({ name: 'churn <b>monitor</b>', rules: [{ id: 'r1', metric: 'dataset_drift_share', op: '>=', threshold: 0.5, windows: 2 }, { id: 'r2', metric: 'accuracy', op: '<', threshold: 0.8, windows: 1 }] });
    const last = result(6, { columns: [column('calm', 0.7, false), column('<odd>', 0.0001, true), column('mild', 0.2, false)] });
    const html = renderReportHTML(buildReport(m, [...windows, last], [alert], {}, T0 + 10 * HOUR));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain('churn &lt;b&gt;monitor&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    const drift = svgs.find((s) => s.includes('Dataset drift'))!;
    expect(drift).toContain('class="band"');
    expect(drift).toContain('class="th"');
    expect(drift).toContain('class="al"');
    expect(drift.match(/class="pt"/g)).toHaveLength(7);
    const acc = svgs.find((s) => s.includes('accuracy · alert when accuracy &lt; 0.8'))!;
    expect(acc).toContain('class="ref"');
    expect(svgs.some((s) => s.includes('Streaming detectors') && s.includes('class="tk"'))).toBe(true);
    // Features of the latest window, drifted first, then by how far past the threshold.
    const table = html.slice(html.indexOf('Features by drift'), html.indexOf('<h2>Alerts'));
    const order = [...table.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((x) => x[1]);
    expect(order).toEqual(['&lt;odd&gt;', 'mild', 'calm']);
    expect(table).toContain('class="rb"');
  });

  it('a timeline with one point, no values and negative values still draws inside its box', () => {
    for (const points of [[{ x: T0, y: 1 }], [{ x: T0, y: null }], [{ x: T0, y: -5 }, { x: T0 + HOUR, y: -1 }]]) {
      const svg = timelineSvg({ title: 't', points, threshold: { value: 0, op: '<' } });
      const ys = [...svg.matchAll(/cy="([-\d.]+)"/g)].map((x) => Number(x[1]));
      for (const y of ys) expect(y >= 0 && y <= 170).toBe(true);
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });
});
