/** A small hand-built reference version (schema, dictionaries, columns, profile) and an in-memory chunk source. */
import type { ColumnSchema, DatasetProfile } from '../../../src/lib/data';
import { storageOf } from '../../../src/lib/data';
import type { Chunk } from '../../../src/lib/validate';

const day = (d: number, h = 0, m = 0) => Date.UTC(2024, 0, d, h, m);
export const NaN_ = Number.NaN;

export const schema: ColumnSchema[] = [
  { name: 'id', type: 'identifier', role: 'identifier' },
  { name: 'age', type: 'integer', role: 'feature' },
  { name: 'score', type: 'float', role: 'target' },
  { name: 'color', type: 'categorical', role: 'feature' },
  { name: 'active', type: 'boolean', role: 'feature' },
  { name: 'joined', type: 'datetime', role: 'timestamp', dateFormat: 'iso' },
];

export const dictionaries: (string[] | undefined)[] = [['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'], undefined, undefined, ['red', 'green', 'blue'], undefined, undefined];

/** 8 rows, by column. */
export const reference: number[][] = [
  [0, 1, 2, 3, 4, 5, 6, 7],
  [25, 31, NaN_, 47, 52, 38, 60, 29],
  [0.5, 1.25, 2, 3.5, 0.75, 1, 2.5, 3],
  [0, 1, 2, 0, 1, -1, 2, 0],
  [1, 0, 1, 1, 0, 1, 1, 0],
  [day(1), day(2), day(3), day(4), day(5), day(6), day(7), day(8, 18, 30)],
];

const numeric = (min: number, max: number, mean: number) => ({ min, max, mean, std: 1, quantiles: [], zeros: 0, histogram: { edges: [], counts: [] } });

export const profile: DatasetProfile = {
  rows: 8,
  sampleRows: 8,
  correlation: { columns: [], matrix: [] },
  columns: [
    { name: 'id', type: 'identifier', count: 8, missing: 0, distinct: 8, top: [], otherCount: 8 },
    { name: 'age', type: 'integer', count: 7, missing: 1, distinct: 7, numeric: numeric(25, 60, 40.29) },
    { name: 'score', type: 'float', count: 8, missing: 0, distinct: 8, numeric: numeric(0.5, 3.5, 1.8125) },
    { name: 'color', type: 'categorical', count: 7, missing: 1, distinct: 3, otherCount: 0, top: [{ value: 'red', count: 3 }, { value: 'green', count: 2 }, { value: 'blue', count: 2 }] },
    { name: 'active', type: 'boolean', count: 8, missing: 0, distinct: 2, otherCount: 0, top: [{ value: 'true', count: 5 }, { value: 'false', count: 3 }], numeric: numeric(0, 1, 0.625) },
    { name: 'joined', type: 'datetime', count: 8, missing: 0, distinct: 8, numeric: numeric(day(1), day(8, 18, 30), day(4)) },
  ],
};

export interface Source {
  readChunk: (column: number, chunk: number) => Promise<Chunk>;
  rows: number;
  chunks: number;
  /** Every read as [column, chunk]. */
  reads: [number, number][];
}

/** Columns split into chunks of `chunkRows` rows, typed as the schema stores them. */
export function source(cols: ColumnSchema[], data: number[][], chunkRows: number): Source {
  const rows = data[0]?.length ?? 0;
  const chunks = Math.ceil(rows / chunkRows);
  const reads: [number, number][] = [];
  const readChunk = async (column: number, chunk: number): Promise<Chunk> => {
    reads.push([column, chunk]);
    const part = data[column].slice(chunk * chunkRows, (chunk + 1) * chunkRows);
    return storageOf(cols[column].type) === 'codes' ? Int32Array.from(part) : Float64Array.from(part);
  };
  return { readChunk, rows, chunks, reads };
}

export { day };
