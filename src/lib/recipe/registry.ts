/**
 * Every recipe step, one line each: adding a step is one file under steps/ plus one line here.
 * The order is the order the step picker shows.
 */
import type { AnyStep } from './step';
import { bucketize } from './steps/bucketize';
import { clip } from './steps/clip';
import { dateParts } from './steps/date-parts';
import { derived } from './steps/derived';
import { dropColumns } from './steps/drop-columns';
import { dropDuplicates } from './steps/drop-duplicates';
import { filterRows } from './steps/filter-rows';
import { impute } from './steps/impute';
import { log1p } from './steps/log1p';
import { minmax } from './steps/minmax';
import { oneHot } from './steps/one-hot';
import { ordinal } from './steps/ordinal';
import { removeOutliers } from './steps/remove-outliers';
import { standardize } from './steps/standardize';

export const STEPS: readonly AnyStep[] = [
  dropColumns,           // drop-columns     any type            columns
  filterRows,            // filter-rows      any type            condition (expression); removes rows
  dropDuplicates,        // drop-duplicates  any type            columns, keep first|last; removes rows
  impute,                // impute           numeric/datetime/boolean/categorical/text   strategy mean|median|most_frequent|constant, fill_value  (fits)
  removeOutliers,        // remove-outliers  integer, float      method iqr|zscore, k 1.5, threshold 3; removes rows  (fits)
  clip,                  // clip             integer, float      method fixed|quantile, lower, upper, lower_quantile 0.01, upper_quantile 0.99  (fits)
  standardize,           // standardize      integer, float      with_mean, with_std  (fits)
  minmax,                // minmax           integer, float      (fits)
  log1p,                 // log1p            integer, float
  oneHot,                // one-hot          categorical, text   max_categories, handle_unknown ignore|other|error  (fits)
  ordinal,               // ordinal          categorical, text   order sorted|appearance, handle_unknown minus_one|error  (fits)
  bucketize,             // bucketize        integer, float      n_bins 5, strategy uniform|quantile  (fits)
  dateParts,             // date-parts       datetime            parts year|month|weekday|hour, drop_original
  derived,               // derived          any type            name, expression
];

const BY_TYPE = new Map(STEPS.map((s) => [s.type, s]));
export const STEP_TYPES: readonly string[] = STEPS.map((s) => s.type);

/** The step of that type, or undefined. */
export function stepDef(type: string): AnyStep | undefined {
  return BY_TYPE.get(type);
}
