/**
 * The model card (after Mitchell et al., "Model Cards for Model Reporting"): a computed part
 * filled when the version is created — algorithm, task, training data (dataset, version, rows,
 * train/test rows, recipes), test metrics beside the baseline's, per-slice metrics when the run
 * had a slice column, parameters — and editable text (intended use, limitations, ethical
 * considerations, notes), empty at first. cardMarkdown renders the whole card for the bundle and
 * the app.
 */
import type { EvaluationReport } from '../ml/evaluate-report';
import { modelDef } from '../ml/models/registry';
import type { RunRecord } from '../store/schema';
import type { CardMetric, ModelCard, ModelDoc, ModelVersionRecord } from './types';

export interface CardSource {
  run: Pick<RunRecord, 'metrics'>;
  doc: ModelDoc;
  evaluation: EvaluationReport | null;
  trainingData: { datasetId: string | null; datasetName: string | null; versionId: string; rows: number; recipeIds: string[] };
}

/** Run metrics that are bookkeeping, not model quality. */
const NOT_METRICS = /^(baseline_|train_rows$|test_rows$|fit_time_s$|tree_|loss$|val_|mean_test_score$|std_test_score$)/;

export function computedCard(s: CardSource): ModelCard['computed'] {
  const m = s.run.metrics;
  const rowsOf = (k: string) => (typeof m[k] === 'number' ? m[k] : null);
  let metrics: CardMetric[];
  if (s.evaluation) {
    const base = new Map(s.evaluation.baseline.metrics.map((b) => [b.id, b.value]));
    metrics = s.evaluation.metrics.map((x) => ({ id: x.id, value: x.value, baseline: base.get(x.id) ?? null }));
  } else {
    metrics = Object.keys(m).filter((k) => !NOT_METRICS.test(k)).sort().map((k) => ({ id: k, value: m[k], baseline: m[`baseline_${k}`] ?? null }));
  }
  const ev = s.evaluation;
  const slices = ev?.slices?.length && ev.sliceColumn
    ? { column: ev.sliceColumn, rows: ev.slices.map((x) => ({ slice: x.category, count: x.count, metrics: x.metrics.map((y) => ({ id: y.id, value: y.value })) })) }
    : null;
  return {
    algorithm: modelDef(s.doc.model)?.label ?? s.doc.model,
    task: s.doc.task,
    trainingData: { ...s.trainingData, trainRows: rowsOf('train_rows'), testRows: rowsOf('test_rows') },
    metrics,
    slices,
    params: { ...s.doc.params },
  };
}

export function newCard(s: CardSource): ModelCard {
  return { intendedUse: '', limitations: '', ethics: '', notes: '', computed: computedCard(s) };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : String(Number(v.toPrecision(4))));
const range = (type: string, v: number | undefined) => (type === 'datetime' && v !== undefined ? new Date(v).toISOString() : num(v));
const text = (s: string) => (s.trim() ? s.trim() : '_Not written yet._');
const table = (head: string[], rows: string[][]) => [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

/** The whole card, text and computed parts, as Markdown. */
export function cardMarkdown(v: ModelVersionRecord): string {
  const c = v.card.computed, d = c.trainingData;
  const out: string[] = [`# Model card: ${v.name} v${v.version}`, ''];
  if (v.description.trim()) out.push(v.description.trim(), '');
  out.push(
    `- **Algorithm:** ${c.algorithm} (${v.model.model})`, `- **Task:** ${c.task}`, `- **Target:** ${v.signature.output.name}`,
    ...(v.signature.output.classes ? [`- **Classes:** ${v.signature.output.classes.join(', ')}`] : []),
    `- **Stage:** ${v.stage}`, `- **Created:** ${new Date(v.created).toISOString()}`,
    ...(v.source.runId ? [`- **Run:** ${v.source.runId}`] : []), ...(v.source.fileName ? [`- **Imported from:** ${v.source.fileName}`] : []),
    '', '## Intended use', '', text(v.card.intendedUse), '',
    '## Training data', '',
    `- **Dataset:** ${d.datasetName ?? d.datasetId ?? 'unknown'}`, `- **Version:** ${d.versionId}`, `- **Rows:** ${d.rows}`,
    `- **Train / test rows:** ${d.trainRows ?? '—'} / ${d.testRows ?? '—'}`,
    `- **Recipes (applied in order):** ${d.recipeIds.length ? d.recipeIds.join(', ') : 'none (raw data)'}`, '',
    '## Metrics (test rows)', '',
    c.metrics.length ? table(['Metric', 'Model', 'Baseline'], c.metrics.map((m) => [m.id, num(m.value), num(m.baseline)])) : '_No metrics were recorded._', '',
  );
  if (c.slices) {
    const ids = [...new Set(c.slices.rows.flatMap((r) => r.metrics.map((m) => m.id)))];
    out.push(`## Metrics by ${c.slices.column}`, '', table([c.slices.column, 'Rows', ...ids], c.slices.rows.map((r) => [r.slice, String(r.count), ...ids.map((id) => num(r.metrics.find((m) => m.id === id)?.value))])), '');
  }
  out.push(
    '## Inputs', '',
    table(['Column', 'Type', 'Required', 'Allowed values'], v.signature.inputs.map((i) => [
      i.name, i.type, i.required ? 'yes' : 'no',
      i.categories ? (i.categories.length > 20 ? `${i.categories.slice(0, 20).join(', ')}, … (${i.categories.length})` : i.categories.join(', ')) : i.min !== undefined ? `${range(i.type, i.min)} to ${range(i.type, i.max)}` : 'any',
    ])), '',
    '## Limitations', '', text(v.card.limitations), '',
    '## Ethical considerations', '', text(v.card.ethics), '',
    '## Notes', '', text(v.card.notes), '',
    '## Parameters', '', Object.keys(c.params).length ? table(['Parameter', 'Value'], Object.entries(c.params).map(([k, x]) => [k, String(x)])) : '_Defaults._', '',
  );
  return out.join('\n');
}
