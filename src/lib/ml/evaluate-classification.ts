/**
 * The classification part of the report: per-class precision, recall, F1 and support with their
 * macro and weighted averages, the confusion matrix, ROC and precision-recall curves (with
 * probabilities), and the test rows per class with rare classes flagged.
 */
import { classificationReport, classSupport, confusionMatrix, type Vec } from './metrics';
import { reportCurves, CURVE_POINTS } from './evaluate-curves';
import type { ReportClassification } from './evaluate-report';

export function classificationSection(yTrue: Vec, yPred: Vec, proba: Vec | undefined, classes: readonly string[], maxPoints = CURVE_POINTS): ReportClassification {
  const k = classes.length;
  const rep = classificationReport(yTrue, yPred, k);
  const cm = confusionMatrix(yTrue, yPred, k);
  const out: ReportClassification = {
    perClass: classes.map((name, cls) => ({ cls, name, precision: rep.precision[cls], recall: rep.recall[cls], f1: rep.f1[cls], support: rep.support[cls] })),
    macro: { precision: rep.macro.precision, recall: rep.macro.recall, f1: rep.macro.fscore },
    weighted: { precision: rep.weighted.precision, recall: rep.weighted.recall, f1: rep.weighted.fscore },
    accuracy: rep.accuracy,
    confusion: classes.map((_, r) => Array.from(cm.subarray(r * k, r * k + k))),
    support: classSupport(yTrue, k).map((s) => ({ cls: s.cls, name: classes[s.cls], count: s.count, share: s.share, rare: s.rare })),
  };
  if (proba) out.curves = reportCurves(yTrue, proba, k, classes, maxPoints);
  return out;
}
