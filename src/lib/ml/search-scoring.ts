/**
 * The settings of a search besides its space, checked before any fit: the scorer (a scikit-learn
 * scorer name valid for the task; those needing probabilities only for models that give them),
 * the number of folds and the parallelism.
 */
import { metricsFor, scorer, type MetricDef } from './metrics';
import { quoteList, TrainInputError } from './errors';
import type { ModelDef, Task } from './model';
import type { SearchSpec } from './spec';

/** The scorer names a model can be searched with on a task. */
export function scorersFor(task: Task, def: Pick<ModelDef, 'predictProba'>): string[] {
  return metricsFor(task, { proba: !!def.predictProba }).map((m) => m.scorer!);
}

/**
 * The scorer, or a TrainInputError listing the valid ones. Without a task it must suit one of the
 * model's tasks.
 */
export function checkScoring(def: ModelDef, task: Task | undefined, scoring: string): ReturnType<typeof scorer> {
  const tasks = task ? [task] : def.tasks;
  const valid = [...new Set(tasks.flatMap((t) => scorersFor(t, def)))];
  if (valid.includes(scoring)) return scorer(scoring);
  const needsProba = tasks.flatMap((t) => metricsFor(t, { proba: true })).find((m: MetricDef) => m.scorer === scoring && m.needsProba);
  const what = task ? (task === 'regression' ? 'regression' : `${task} classification`) : def.label;
  if (needsProba) {
    throw new TrainInputError(`The scorer '${scoring}' needs predicted probabilities, which ${def.label} does not give; choose one of ${quoteList(valid)}.`, { value: scoring, choices: valid });
  }
  throw new TrainInputError(`Unknown scorer '${scoring}' for ${what}; scorers are ${quoteList(valid)}.`, { value: scoring, choices: valid });
}

/** Folds must be a whole number ≥ 2; parallelism a whole number ≥ 1. (Folds against the rows: cvFolds.) */
export function checkSearchSettings(spec: Pick<SearchSpec, 'folds' | 'parallelism'>): void {
  if (!Number.isInteger(spec.folds) || spec.folds < 2) {
    throw new TrainInputError(`Cross-validation needs a whole number of folds from 2 up; got ${spec.folds}.`, { value: spec.folds });
  }
  if (spec.parallelism !== undefined && (!Number.isInteger(spec.parallelism) || spec.parallelism < 1)) {
    throw new TrainInputError(`Parallelism is the number of threads fitting at once, a whole number from 1 up; got ${spec.parallelism}.`, { value: spec.parallelism });
  }
}
