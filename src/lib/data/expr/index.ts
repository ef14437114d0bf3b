/** Public surface of the expression language (see ast.ts for the grammar and semantics). */
export { ExpressionError, FUNCTION_NAMES, MAX_DEPTH, MAX_HEIGHT, MAX_LENGTH, positionOf } from './ast';
export type { Binary, BinaryOp, Call, ColumnData, ColumnRef, Expr, FunctionName, NumberLit, StringLit, TextColumn, Unary, UnaryOp } from './ast';
export { parseExpression } from './parse';
export { checkColumns, columnsOf } from './check';
export { evaluate } from './compile';
export { formatExpression } from './format';
