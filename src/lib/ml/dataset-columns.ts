/**
 * The columns a training job names, checked against the table before any work: the target
 * exists, features are distinct numeric columns other than the target, the slice column (for
 * per-slice metrics) is categorical. Every failure is a TrainInputError naming the column and
 * listing the valid choices.
 */
import { isNumeric, type CodesColumn, type Column, type NumericColumn, type Table } from '../recipe/table';
import { quoteList, TrainInputError } from './errors';
import type { Task } from './model';

export const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];

export interface ResolvedColumns {
  target: Column;
  features: NumericColumn[];
  slice?: CodesColumn;
}

export interface ColumnChoice {
  target: string;
  features: readonly string[];
  task: Task;
  sliceColumn?: string;
}

/** Looks up the target, features and slice column; throws a TrainInputError on the first problem. */
export function resolveColumns(table: Table, spec: ColumnChoice): ResolvedColumns {
  const names = table.columns.map((c) => c.name);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  if (!TASKS.includes(spec.task)) {
    throw new TrainInputError(`Unknown task '${String(spec.task)}'; tasks are ${quoteList(TASKS)}.`, { value: spec.task, choices: TASKS });
  }
  const target = byName.get(spec.target);
  if (!target) {
    throw new TrainInputError(`The target '${spec.target}' is not a column of this version; columns are ${quoteList(names)}.`, { column: spec.target, choices: names });
  }
  const numericChoices = table.columns.filter((c) => isNumeric(c) && c.name !== spec.target).map((c) => c.name);
  if (spec.features.length === 0) {
    throw new TrainInputError(`Choose at least one feature; the numeric columns are ${quoteList(numericChoices)}.`, { count: 0, choices: numericChoices });
  }
  const seen = new Set<string>();
  const features = spec.features.map((name): NumericColumn => {
    if (seen.has(name)) throw new TrainInputError(`The feature '${name}' is listed twice; list each feature once.`, { column: name });
    seen.add(name);
    if (name === spec.target) {
      throw new TrainInputError(`The target '${name}' cannot also be a feature: a model given its own answer learns nothing. Remove it from the features.`, { column: name });
    }
    const col = byName.get(name);
    if (!col) throw new TrainInputError(`The feature '${name}' is not a column of this version; columns are ${quoteList(names)}.`, { column: name, choices: names });
    if (!isNumeric(col)) {
      throw new TrainInputError(
        `The feature '${name}' is ${col.type}, and models take numbers only: encode it with a one-hot or ordinal step on the Prepare page, or leave it out.`,
        { column: name, type: col.type, choices: numericChoices },
      );
    }
    return col;
  });
  return { target, features, slice: spec.sliceColumn === undefined ? undefined : sliceColumn(table, spec.sliceColumn) };
}

function sliceColumn(table: Table, name: string): CodesColumn {
  const categorical = table.columns.filter((c) => !isNumeric(c)).map((c) => c.name);
  const col = table.columns.find((c) => c.name === name);
  if (!col) throw new TrainInputError(`The slice column '${name}' is not a column of this version; categorical columns are ${quoteList(categorical)}.`, { column: name, choices: categorical });
  if (isNumeric(col)) {
    throw new TrainInputError(`The slice column '${name}' is ${col.type}; per-slice metrics need a categorical column: ${quoteList(categorical)}.`, { column: name, choices: categorical });
  }
  return col;
}
