/**
 * Request bodies of the prediction API (src/lib/serve/http.ts): reads a body within a size limit,
 * parses it as JSON and turns it into the records to predict or the labels to attach. Every
 * refusal is an ApiError with the HTTP status it answers with (400 bad JSON or shape, 413 too large).
 *
 * Prediction bodies accepted (MLflow's scoring-server shapes plus the plain ones):
 *   {"records": [{col: value, ...}, ...]}
 *   {"dataframe_records": [{...}, ...]}                 MLflow
 *   {"dataframe_split": {"columns": [...], "data": [[...], ...]}}   MLflow (pandas 'split' orient)
 *   {"inputs": [{...}, ...]}                            MLflow's `inputs`, as a list of records
 *   [{...}, ...]                                        a bare list of records
 */
import type { InputRecord } from './contract';

export type ApiErrorCode = 'BAD_REQUEST' | 'UNKNOWN_MODEL' | 'SIGNATURE_VIOLATION' | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE' | 'UNAVAILABLE' | 'INTERNAL';

/** An API refusal: the HTTP status and the JSON error body `{error: {code, message, detail}}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: ApiErrorCode, message: string, readonly detail: Record<string, unknown> = {}, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Default body limit: 10 MiB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const RECORD_KEYS = ['records', 'dataframe_records', 'inputs'] as const;
const SHAPES = '{"records": [{...}, ...]}, {"dataframe_records": [...]}, {"dataframe_split": {"columns": [...], "data": [[...]]}}, {"inputs": [...]} or a bare list of records';

const bad = (message: string, detail: Record<string, unknown> = {}) => new ApiError(400, 'BAD_REQUEST', message, detail);

/** Reads the body as UTF-8 JSON; refuses bodies over `maxBytes` (413), invalid UTF-8 or JSON (400). */
export async function readJson(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  const tooLarge = (bytes: number) => new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body is ${bytes} bytes; the limit is ${maxBytes} bytes. Send the records in smaller requests.`, { bytes, limit: maxBytes });
  if (declared > maxBytes) throw tooLarge(declared);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw tooLarge(buf.byteLength);
  if (buf.byteLength === 0) throw bad(`The request body is empty; send JSON: ${SHAPES}.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw bad('The request body is not valid UTF-8 text.');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bad(`The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`, { excerpt: text.slice(0, 80) });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function recordList(list: unknown[], field: string): InputRecord[] {
  if (list.length === 0) throw bad(`${field} is empty: send at least one record.`, { field });
  list.forEach((r, i) => {
    if (!isObject(r)) throw bad(`${field}[${i}] is ${r === null ? 'null' : Array.isArray(r) ? 'a list' : typeof r}, not a record ({"column": value, ...}).`, { field, row: i });
  });
  return list as InputRecord[];
}

function splitRecords(split: unknown): InputRecord[] {
  if (!isObject(split) || !Array.isArray(split.columns) || !Array.isArray(split.data)) throw bad('dataframe_split needs "columns" (a list of names) and "data" (a list of rows).', { field: 'dataframe_split' });
  const columns = split.columns;
  columns.forEach((c, j) => {
    if (typeof c !== 'string') throw bad(`dataframe_split.columns[${j}] is not a string.`, { field: 'dataframe_split.columns', column: j });
  });
  const rows = split.data.map((row, i) => {
    if (!Array.isArray(row) || row.length !== columns.length) throw bad(`dataframe_split.data[${i}] is not a list of ${columns.length} values (one per column).`, { field: 'dataframe_split.data', row: i });
    return Object.fromEntries(columns.map((c, j) => [c as string, row[j]]));
  });
  return recordList(rows, 'dataframe_split.data');
}

/** The records of a prediction body (see the header for the accepted shapes). */
export function parseRecords(body: unknown): InputRecord[] {
  if (Array.isArray(body)) return recordList(body, 'body');
  if (!isObject(body)) throw bad(`The body must be a JSON object or list, not ${body === null ? 'null' : typeof body}; send ${SHAPES}.`);
  if ('dataframe_split' in body) return splitRecords(body.dataframe_split);
  const key = RECORD_KEYS.find((k) => k in body);
  if (!key) throw bad(`The body has none of the fields ${[...RECORD_KEYS, 'dataframe_split'].join(', ')}; send ${SHAPES}.`, { fields: Object.keys(body).slice(0, 20) });
  const list = body[key];
  if (!Array.isArray(list)) throw bad(`"${key}" must be a list of records, not ${list === null ? 'null' : typeof list}.`, { field: key });
  return recordList(list, key);
}

export interface LabelInput { id: string; label: string | number }

/** The labels of a feedback body: {"labels": [{"id": "...", "label": "yes" | 1.5}, ...]} (or the bare list). */
export function parseLabels(body: unknown): LabelInput[] {
  const list = Array.isArray(body) ? body : isObject(body) ? body.labels : undefined;
  if (!Array.isArray(list)) throw bad('Send {"labels": [{"id": "<prediction id>", "label": <string or number>}, ...]}.');
  if (list.length === 0) throw bad('"labels" is empty: send at least one label.', { field: 'labels' });
  return list.map((l, i) => {
    if (!isObject(l) || typeof l.id !== 'string' || l.id === '') throw bad(`labels[${i}] needs "id", the prediction id a predict call answered.`, { field: 'labels', row: i });
    const label = l.label;
    if (!(typeof label === 'string' || (typeof label === 'number' && Number.isFinite(label)))) throw bad(`labels[${i}].label must be a string or a finite number.`, { field: 'labels', row: i });
    return { id: l.id, label };
  });
}
