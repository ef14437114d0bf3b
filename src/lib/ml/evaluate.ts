/**
 * Evaluation of a fitted model on the held-out test rows, as one plain-JSON report
 * (evaluate-report.ts): every metric of the task beside the same metrics of the baseline
 * (training mean / class prior), so a model that learned nothing is plain to see; per-class
 * figures, confusion matrix and curves (classification) or predicted-vs-actual data
 * (regression); per-slice metrics and the worst rows for error analysis; permutation importance.
 */
import { compareWithBaseline, computeMetrics, fitBaseline, baselinePredict, metricsFor, regressionPlotData, sliceMetrics, worstRows, type EvalInput, type Vec } from './metrics';
import { classificationSection } from './evaluate-classification';
import { CURVE_POINTS } from './evaluate-curves';
import { importanceSection, type ImportanceArgs } from './evaluate-importance';
import { plain, reportComparison, reportMetric, type EvaluationReport, type ReportBaseline, type ReportWorstRow } from './evaluate-report';
import { TrainInputError } from './errors';
import type { Task } from './model';

export type { EvaluationReport } from './evaluate-report';
export { mainMetric } from './evaluate-importance';

export interface Predictions {
  /** Predicted values (regression) or class indices (classification). */
  yPred: Float64Array;
  /** n × k class probabilities, when the model gives them. */
  proba?: Float64Array;
}

export interface EvaluateArgs {
  task: Task;
  classes?: string[];
  /** Training target (for the baseline). */
  yTrain: Vec;
  /** Test target: values or class indices. */
  yTest: Vec;
  /** The model's predictions on the test rows. */
  pred: Predictions;
  featureNames: string[];
  /** The slice column's codes on the test rows and its categories, for per-slice metrics. */
  slice?: { column?: string; codes: Vec; categories: readonly string[] };
  /** The model's predict, for permutation importance (may be asynchronous). */
  predict: (X: Float64Array, n: number) => Promise<Predictions> | Predictions;
  /** Test features, n × d row-major. */
  Xtest: Float64Array;
  n: number;
  d: number;
  seed: number;
  /** false skips permutation importance. */
  importance?: { repeats?: number; maxRows?: number } | false;
  /** Worst rows listed (default 20); points per curve (default 500) and per scatter plot (default 1,000). */
  worst?: number;
  curvePoints?: number;
  plotPoints?: number;
  /** Progress of permutation importance (shuffles done of total). */
  progress?(done: number, total: number): void;
  cancelled?(): boolean;
}

function check(a: EvaluateArgs): void {
  const bad = (what: string, got: number, want: number) => {
    throw new TrainInputError(`Evaluation: ${what} has ${got} entries, expected ${want}.`, { count: got });
  };
  if (a.n < 1) throw new TrainInputError('Evaluation needs at least one test row.', { count: a.n });
  if (a.yTest.length !== a.n) bad('the test target', a.yTest.length, a.n);
  if (a.pred.yPred.length !== a.n) bad('the predictions', a.pred.yPred.length, a.n);
  if (a.Xtest.length !== a.n * a.d) bad('the test features', a.Xtest.length, a.n * a.d);
  if (a.featureNames.length !== a.d) bad('the feature names', a.featureNames.length, a.d);
  if (a.slice && a.slice.codes.length !== a.n) bad('the slice column', a.slice.codes.length, a.n);
}

export async function evaluateModel(a: EvaluateArgs): Promise<EvaluationReport> {
  check(a);
  const { task, n } = a;
  const clf = task !== 'regression';
  const classes = clf ? (a.classes ?? inferClasses(a.yTrain, a.yTest)) : undefined;
  const k = classes?.length;
  const input: EvalInput = { yTrue: a.yTest, yPred: a.pred.yPred, proba: a.pred.proba, k };
  const defs = metricsFor(task, { proba: !!a.pred.proba });
  const base = fitBaseline(task, a.yTrain, { k });
  const basePred = baselinePredict(base, n);
  const baseline: ReportBaseline = {
    kind: base.kind,
    ...(base.kind === 'mean' ? { value: base.value } : { prior: plain(base.prior), majority: base.majority }),
    metrics: computeMetrics(defs, { ...input, yPred: basePred.yPred, proba: basePred.proba }).map(reportMetric),
    comparison: compareWithBaseline(task, input, base, defs).map(reportComparison),
  };
  const report: EvaluationReport = {
    task, n, ...(classes ? { classes: [...classes] } : {}),
    metrics: computeMetrics(defs, input).map(reportMetric),
    baseline,
    worst: worst(a, classes),
  };
  if (classes) report.classification = classificationSection(a.yTest, a.pred.yPred, a.pred.proba, classes, a.curvePoints ?? CURVE_POINTS);
  else {
    const p = regressionPlotData(a.yTest, a.pred.yPred, a.plotPoints ?? 1000);
    report.regression = { rows: plain(p.rows), actual: plain(p.actual), predicted: plain(p.predicted), residual: plain(p.residual), min: p.min, max: p.max };
  }
  if (a.slice) {
    if (a.slice.column !== undefined) report.sliceColumn = a.slice.column;
    report.slices = sliceMetrics(a.slice, input, defs).map((s) => ({
      category: s.category, code: s.code, count: s.count, share: s.share, small: s.small, metrics: s.metrics.map(reportMetric),
    }));
  }
  if (a.importance !== false) {
    const args: ImportanceArgs = {
      task, predict: a.predict, X: a.Xtest, y: a.yTest, n, d: a.d, featureNames: a.featureNames, k, seed: a.seed,
      repeats: a.importance?.repeats, maxRows: a.importance?.maxRows, progress: a.progress, cancelled: a.cancelled,
    };
    report.importance = await importanceSection(args);
  }
  return report;
}

/** The worst-predicted test rows: largest |residual|, or lowest probability of the true class (or misclassified). */
function worst(a: EvaluateArgs, classes?: readonly string[]): ReportWorstRow[] {
  const rows = worstRows(a.yTest, a.pred.proba ?? a.pred.yPred, a.worst ?? 20, classes ? 'classification' : 'regression');
  return rows.map((w) => ({
    row: w.row, error: w.error, yTrue: w.yTrue, yPred: w.yPred, ...(w.pTrue !== undefined ? { pTrue: w.pTrue } : {}),
    ...(classes ? { trueClass: classes[w.yTrue], predClass: classes[w.yPred] } : {}),
  }));
}

/** '0'..'k-1' when the caller gave no class names. */
function inferClasses(...ys: Vec[]): string[] {
  let max = 1;
  for (const y of ys) for (let i = 0; i < y.length; i++) if (y[i] > max) max = y[i];
  return Array.from({ length: max + 1 }, (_, c) => String(c));
}
