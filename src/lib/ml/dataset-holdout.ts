/**
 * Which rows train and which rows test. Two ways (spec.ts HoldOut):
 * - 'column': the split column a recipe run wrote (store/prep.ts withSplit: a categorical column
 *   named 'split', or 'split_2', … when the data already had a 'split', holding 'train',
 *   'validation' or 'test' per row). Train and validation rows train (the validation rows have
 *   no other use here: hyperparameter search cross-validates within the training rows) and test
 *   rows test.
 * - 'split': a fresh random or stratified split of the rows kept (data/split.ts applySplit).
 * Rows are dataset row numbers (0-based), ascending.
 */
import { applySplit, SplitError, type Split } from '../data/split';
import { isNumeric, type CodesColumn, type Table } from '../recipe/table';
import { quoteList, TrainInputError } from './errors';
import { holdOutSplit, type HoldOut } from './spec';
import { isSplitColumnName, SPLIT_SIDES } from '../data/split-column';


export interface HoldOutRows {
  train: Int32Array;
  test: Int32Array;
}

/** The split column of a version that went through a recipe with a split (the last one written), if any. */
export function findSplitColumn(table: Table): CodesColumn | undefined {
  const found = table.columns.filter((c): c is CodesColumn => !isNumeric(c) && isSplitColumnName(c.name)
    && c.dictionary.length > 0 && c.dictionary.every((v) => (SPLIT_SIDES as readonly string[]).includes(v)));
  return found.sort((a, b) => suffix(a.name) - suffix(b.name)).at(-1);
}
const suffix = (name: string): number => Number(/_(\d+)$/.exec(name)?.[1] ?? 1);

/**
 * Splits `kept` (ascending dataset rows) into train and test. `labels` are the kept rows' class
 * indices into `classes`, needed for a stratified split.
 */
export function holdOutRows(table: Table, holdOut: HoldOut, kept: Int32Array, target: string, labels?: Int32Array, classes?: readonly string[]): HoldOutRows {
  if (holdOut.kind === 'column') return fromColumn(table, kept);
  if (holdOut.kind !== 'split') {
    throw new TrainInputError(`Unknown hold-out '${String((holdOut as { kind: unknown }).kind)}'; choose 'column' (the recipe's split) or 'split' (a fresh split).`, { choices: ['column', 'split'] });
  }
  if (holdOut.method === 'stratified' && !labels) {
    throw new TrainInputError(`A stratified hold-out keeps class shares, so it needs a classification target; '${target}' is a regression target: choose a random split.`, { column: target, choices: ['random'] });
  }
  let split: Split;
  try {
    split = applySplit(holdOutSplit(holdOut, target), kept.length, holdOut.method === 'stratified' ? labels : undefined);
  } catch (e) {
    if (!(e instanceof SplitError)) throw e;
    const c = e.detail.class;
    // data/split names classes by their index; say the label instead.
    const message = typeof c === 'number' && classes?.[c] !== undefined ? e.message.replace(`Class ${c} `, `Class '${classes[c]}' of '${target}' `) : e.message;
    throw new TrainInputError(`The hold-out split failed: ${message}`, { ...e.detail, column: target, ...(typeof c === 'number' && classes ? { class: classes[c] } : {}) });
  }
  const map = (pos: Int32Array): Int32Array => {
    const out = new Int32Array(pos.length);
    for (let i = 0; i < pos.length; i++) out[i] = kept[pos[i]];
    return out;
  };
  return { train: map(split.train), test: map(split.test) };
}

function fromColumn(table: Table, kept: Int32Array): HoldOutRows {
  const col = findSplitColumn(table);
  if (!col) {
    throw new TrainInputError(
      "This version has no split column: run a recipe with a train/test split on the Prepare page, or choose a fresh split of this version's rows.",
      { choices: ['split'] },
    );
  }
  const sideOf = Int8Array.from(col.dictionary, (v) => (v === 'test' ? 1 : 0));
  let test = 0;
  for (let j = 0; j < kept.length; j++) {
    const code = col.codes[kept[j]];
    if (code < 0) {
      throw new TrainInputError(`The split column '${col.name}' is missing at row ${kept[j] + 1}; every row must be ${quoteList(SPLIT_SIDES)}. Run the recipe again.`, { column: col.name, row: kept[j] + 1, choices: SPLIT_SIDES });
    }
    test += sideOf[code];
  }
  const out = { train: new Int32Array(kept.length - test), test: new Int32Array(test) };
  for (let j = 0, a = 0, b = 0; j < kept.length; j++) {
    if (sideOf[col.codes[kept[j]]]) out.test[b++] = kept[j]; else out.train[a++] = kept[j];
  }
  return out;
}
