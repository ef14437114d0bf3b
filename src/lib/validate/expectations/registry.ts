/** Every expectation type: one line each. Adding one is a new file here plus a line below. */
import type { ExpectationDef } from '../types';
import { between } from './between';
import { columnExists } from './column-exists';
import { columnType } from './column-type';
import { inSet } from './in-set';
import { maxMissingShare } from './max-missing-share';
import { meanBetween } from './mean-between';
import { notNull } from './not-null';
import { rowCountBetween } from './row-count-between';
import { unique } from './unique';

export const EXPECTATIONS: readonly ExpectationDef[] = [
  columnExists,
  columnType,
  notNull,
  maxMissingShare,
  between,
  inSet,
  unique,
  rowCountBetween,
  meanBetween,
];

export const EXPECTATION_TYPES: readonly string[] = EXPECTATIONS.map((d) => d.type);

const BY_TYPE = new Map(EXPECTATIONS.map((d) => [d.type, d]));

export function expectationDef(type: string): ExpectationDef | undefined {
  return BY_TYPE.get(type);
}
