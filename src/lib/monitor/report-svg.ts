/**
 * Inline SVG for the self-contained monitoring report (no script, no external resource): a
 * timeline of one metric over windows with its threshold line and the band where the rule breaks,
 * a dashed reference line, alert markers (red) and detection ticks; and small paired bars of a
 * column's reference and current distributions. Every text is escaped; tooltips are <title>s.
 */

export const esc = (s: unknown): string =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const fmtNum = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4)));

export const fmtTime = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString().slice(0, 16).replace('T', ' ') : '–');

export interface TimelineSpec {
  title: string;
  points: { x: number; y: number | null }[];
  threshold?: { value: number; op: '>' | '>=' | '<' | '<=' } | null;
  reference?: number | null;
  /** Alert markers (times) with their tooltips. */
  alerts?: { x: number; label: string }[];
  /** Detection ticks (times). */
  ticks?: { x: number; label: string }[];
}

const W = 720, H = 170, L = 56, R = 16, T = 24, B = 28;

export function timelineSvg(s: TimelineSpec): string {
  const xs = s.points.map((p) => p.x), ys = s.points.map((p) => p.y).filter((y): y is number => y !== null && Number.isFinite(y));
  const extraX = [...(s.alerts ?? []), ...(s.ticks ?? [])].map((a) => a.x);
  let x0 = Math.min(...xs, ...extraX), x1 = Math.max(...xs, ...extraX);
  if (!Number.isFinite(x0)) { x0 = 0; x1 = 1; }
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  const bounds = [...ys, ...(s.threshold ? [s.threshold.value] : []), ...(s.reference !== undefined && s.reference !== null && Number.isFinite(s.reference) ? [s.reference] : [])];
  let y0 = Math.min(...bounds), y1 = Math.max(...bounds);
  if (!Number.isFinite(y0)) { y0 = 0; y1 = 1; }
  if (y1 === y0) { y0 -= Math.abs(y0) * 0.1 || 0.5; y1 += Math.abs(y1) * 0.1 || 0.5; }
  const pad = (y1 - y0) * 0.08;
  y0 -= pad; y1 += pad;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(s.title)}">`];
  parts.push(`<text x="${L}" y="15" class="t">${esc(s.title.length > 96 ? `${s.title.slice(0, 95)}…` : s.title)}<title>${esc(s.title)}</title></text>`);
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" class="ax"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" class="ax"/>`);
  for (const y of [y0 + pad, (y0 + y1) / 2, y1 - pad]) parts.push(`<text x="${L - 4}" y="${sy(y) + 4}" class="yl">${esc(fmtNum(y))}</text>`);
  parts.push(`<text x="${L}" y="${H - 8}" class="xl">${esc(fmtTime(x0))}</text><text x="${W - R}" y="${H - 8}" class="xl e">${esc(fmtTime(x1))}</text>`);
  if (s.threshold) {
    const ty = sy(s.threshold.value), up = s.threshold.op === '>' || s.threshold.op === '>=';
    const top = up ? T : ty, h = up ? ty - T : H - B - ty;
    parts.push(`<rect x="${L}" y="${top}" width="${W - L - R}" height="${Math.max(0, h)}" class="band"><title>breaks when ${esc(s.threshold.op)} ${esc(fmtNum(s.threshold.value))}</title></rect>`);
    parts.push(`<line x1="${L}" y1="${ty}" x2="${W - R}" y2="${ty}" class="th"/>`);
  }
  if (s.reference !== undefined && s.reference !== null && Number.isFinite(s.reference)) {
    parts.push(`<line x1="${L}" y1="${sy(s.reference)}" x2="${W - R}" y2="${sy(s.reference)}" class="ref"><title>reference ${esc(fmtNum(s.reference))}</title></line>`);
  }
  for (const a of s.alerts ?? []) parts.push(`<line x1="${sx(a.x)}" y1="${T}" x2="${sx(a.x)}" y2="${H - B}" class="al"><title>${esc(a.label)}</title></line><path d="M${sx(a.x) - 5},${T - 6}h10l-5,7z" class="alm"><title>${esc(a.label)}</title></path>`);
  for (const a of s.ticks ?? []) parts.push(`<line x1="${sx(a.x)}" y1="${H - B}" x2="${sx(a.x)}" y2="${H - B - 8}" class="tk"><title>${esc(a.label)}</title></line>`);
  let path = '', pen = false;
  for (const p of s.points) {
    if (p.y === null || !Number.isFinite(p.y)) { pen = false; continue; }
    path += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
    pen = true;
  }
  if (path) parts.push(`<path d="${path}" class="ln"/>`);
  for (const p of s.points) if (p.y !== null && Number.isFinite(p.y)) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5" class="pt"><title>${esc(fmtTime(p.x))}: ${esc(fmtNum(p.y))}</title></circle>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Paired bars: reference (grey) and current (blue) shares per bin or category. */
export function barsSvg(h: { reference: { labels: string[]; shares: number[] }; current: { labels: string[]; shares: number[] } }): string {
  const n = h.reference.labels.length, w = 180, hh = 44;
  if (!n) return '';
  const max = Math.max(...h.reference.shares, ...h.current.shares, 1e-9), bw = w / n;
  const bars = h.reference.labels.map((label, i) => {
    const r = (h.reference.shares[i] / max) * hh, c = ((h.current.shares[i] ?? 0) / max) * hh;
    const tip = `<title>${esc(label)}: reference ${esc(fmtNum(h.reference.shares[i]))}, current ${esc(fmtNum(h.current.shares[i] ?? 0))}</title>`;
    return `<rect x="${(i * bw).toFixed(1)}" y="${(hh - r).toFixed(1)}" width="${(bw / 2).toFixed(1)}" height="${r.toFixed(1)}" class="rb">${tip}</rect><rect x="${(i * bw + bw / 2).toFixed(1)}" y="${(hh - c).toFixed(1)}" width="${(bw / 2).toFixed(1)}" height="${c.toFixed(1)}" class="cb">${tip}</rect>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${hh}" width="${w}" height="${hh}" role="img" aria-label="reference vs current">${bars.join('')}</svg>`;
}
