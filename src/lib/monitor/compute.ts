/**
 * One window's WindowResult from its rows of the log and the monitor's reference: per-column
 * drift with histograms and the dataset's drift, prediction drift (the model's answers in the
 * window against its predictions on the reference), target drift once labels exist, multivariate
 * drift, data quality, performance from labels, software figures, and the streaming detections
 * that fell in the window (streams.ts, fed by the engine in time order).
 */
import { cellValues, distinctCount, type Values } from './columns';
import { columnDrift, datasetDriftOf } from './drift';
import { multivariateDrift, type MultivariateRef } from './multivariate';
import { windowPerformance, type ModelInfo } from './performance';
import { windowQuality } from './quality';
import type { Reference } from './reference';
import type { LogSlice } from './slice';
import { windowSoftware } from './software';
import type { Detection } from './streams';
import type { ColumnDrift, DriftColumnKind, MonitorRecord, WindowResult } from './types';
import type { WindowSlice } from './windows';

export interface ComputeContext {
  monitor: MonitorRecord;
  reference: Reference;
  model: ModelInfo;
  modelBytes: number | null;
  multivariate: MultivariateRef | null;
}

/** The model's outputs in the window as values comparable with the reference's predictions. */
function outputValues(w: Pick<LogSlice, 'output'>, regression: boolean): Values {
  if (regression) return { numeric: true, values: Float64Array.from(w.output, (o) => (typeof o === 'number' ? o : NaN)) };
  return { numeric: false, values: w.output.map((o) => (o === null ? null : String(o))) };
}

function labelValues(w: Pick<LogSlice, 'labels'>, regression: boolean): Values {
  if (regression) return { numeric: true, values: Float64Array.from(w.labels, (l) => (l === undefined ? NaN : Number(l))) };
  return { numeric: false, values: w.labels.map((l) => (l === undefined ? null : String(l))) };
}

/** Drift of the model's outputs (or of the target) against the reference's. */
function outputDrift(name: string, ref: Values | null, cur: Values, regression: boolean, classes: readonly string[] | null, referenceRows: number): ColumnDrift | null {
  if (!ref) return null;
  const distinct = distinctCount(ref);
  const kind: DriftColumnKind = regression ? 'numeric' : Math.max(distinct, classes?.length ?? 0) <= 2 ? 'binary' : 'categorical';
  return columnDrift(name, kind, ref, cur, referenceRows, distinct);
}

/** The watched columns' values in a window, coerced like the reference's. */
export function windowValues(ref: Reference, w: Pick<LogSlice, 'n' | 'inputs'>): Map<string, Values> {
  return new Map(ref.columns.map((c) => [c.name, cellValues(w.inputs.get(c.name) ?? new Array(w.n).fill(null), c.input)]));
}

/** `values`: the window's watched values when the caller has them already (windowValues). */
export function computeWindow(ctx: ComputeContext, w: LogSlice, at: Pick<WindowSlice, 'start' | 'end' | 'partial'>, detections: readonly Detection[], now = Date.now(), values = windowValues(ctx.reference, w)): WindowResult {
  const { monitor, reference: ref, model } = ctx;
  const regression = model.task === 'regression';
  const settings = new Map(monitor.columns.map((c) => [c.column, c]));
  const columns: ColumnDrift[] = [];
  for (const c of ref.columns) {
    const d = columnDrift(c.name, c.kind, c.values, values.get(c.name)!, ref.rows, c.distinct, settings.get(c.name));
    if (d) columns.push(d);
  }
  const labelled = w.labels.some((l) => l !== undefined);
  return {
    monitor: monitor.id, start: at.start, end: at.end, rows: w.n,
    columns,
    datasetDrift: datasetDriftOf(columns, monitor.datasetShare),
    predictionDrift: outputDrift('prediction', ref.prediction, outputValues(w, regression), regression, model.classes, ref.rows),
    targetDrift: labelled ? outputDrift('target', ref.target, labelValues(w, regression), regression, model.classes, ref.rows) : null,
    multivariate: ctx.multivariate ? multivariateDrift(ctx.multivariate, values) : null,
    quality: windowQuality(ref.columns.map((c) => c.quality), values, w.n, w.violated, ref.missingShare),
    performance: windowPerformance(w, model),
    software: windowSoftware(w, ctx.modelBytes),
    detections: detections.slice(0, 500),
    computed: now,
    ...(at.partial ? { partial: true } : {}),
  };
}
