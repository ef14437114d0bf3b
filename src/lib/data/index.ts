/** Public surface of the data core: parse, infer, profile, hash, export. */
export * from './types';
export { previewFile, INFER_ROWS, type ImportPreview } from './preview';
export { ingest, type ImportOptions, type ChunkSink, type IngestHooks, type IngestResult } from './ingest';
export { CsvTokenizer, type RecordRef } from './csv';
export { JsonArraySplitter, NdjsonSplitter } from './json';
export { inferColumn, classifyStrings, suggestRole, type InferredColumn } from './infer';
export { parseDate, detectDateFormat, formatDate, DATE_FORMAT_LABELS } from './dates';
export { parseNumber, isMissingString, MISSING_MARKERS } from './values';
export { quantileSorted, pearson } from './stats';
export { canonicalSchema, versionId, sha256, toHex } from './hash';
export { chunkToCsv, csvHeader, csvField, formatValue } from './export';
export { parseExpression, checkColumns, columnsOf, evaluate, formatExpression, ExpressionError } from './expr';
export * from './split';
export * from './folds';
