/**
 * The one error class for training input a job cannot use: a bad target, feature, missing value,
 * hold-out or search space. Code 'BAD_TRAINING_INPUT'; `detail` says where (column, 1-based row,
 * param, value) and what would have been valid (choices), so the form can point at the field.
 */
import { BenchtopError } from '../errors';

export interface TrainInputDetail {
  /** The column at fault. */
  column?: string;
  /** 1-based dataset row (the first one at fault), as in the message. */
  row?: number;
  /** How many rows, cells or candidates are at fault. */
  count?: number;
  /** A hyperparameter name. */
  param?: string;
  value?: unknown;
  /** The valid names or values. */
  choices?: readonly (string | number | boolean)[];
  [key: string]: unknown;
}

export class TrainInputError extends BenchtopError {
  declare readonly detail: TrainInputDetail;
  constructor(message: string, detail: TrainInputDetail = {}) {
    super('BAD_TRAINING_INPUT', message, detail);
    this.name = 'TrainInputError';
  }
}

/** "a", "b" and "c" — names quoted and joined for a message (long lists are cut after `max`). */
export function quoteList(names: readonly (string | number | boolean)[], max = 20): string {
  const shown = names.slice(0, max).map((s) => (typeof s === 'string' ? `'${s}'` : String(s)));
  if (names.length > max) shown.push(`… (${names.length - max} more)`);
  return shown.length ? shown.join(', ') : '(none)';
}

/** 12500 → "12,500". */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
