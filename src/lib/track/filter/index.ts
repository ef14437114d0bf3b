/** Public surface of the run-search filter language (grammar and semantics in ast.ts). */
export { FilterError, MAX_DEPTH, MAX_LENGTH } from './ast';
export type { CompareOp, Comparison, Expr, Filter, FilterErrorDetail, InList, Junction, Key, KeyKind, NullCheck, Operator, OrderItem } from './ast';
export { ATTRIBUTE_NAMES, DATASET_FIELDS, PREFIXES } from './keys';
export { parseFilter, parseOrderBy } from './parse';
export { compileFilter, likeRegExp, type RunPredicate } from './compile';
export { compareRuns, naturalOrder, searchRuns, type RunComparator, type SearchOptions } from './order';
export { formatFilter, formatKey, formatOrderItem } from './format';
