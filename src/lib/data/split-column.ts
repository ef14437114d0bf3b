/**
 * The column a recipe run with a split adds to the version it writes: categorical, role `ignore`,
 * values train / validation / test, named `split` (or `split_2`, … when the data had one).
 */
export const SPLIT_COLUMN = 'split';
export const SPLIT_SIDES = ['train', 'validation', 'test'] as const;
const NAME = /^split(_\d+)?$/;

export const isSplitColumnName = (name: string): boolean => NAME.test(name);

/** The first free split-column name among the given names. */
export function splitColumnName(taken: readonly string[]): string {
  let name = SPLIT_COLUMN;
  for (let k = 2; taken.includes(name); k++) name = `${SPLIT_COLUMN}_${k}`;
  return name;
}
