/**
 * Every error Benchtop raises on purpose is a BenchtopError with a stable `code`.
 * Errors crossing a worker boundary arrive as plain Error objects: check `name`/`code`
 * (see `errorInfo`), never `instanceof`.
 */
export type ErrorCode =
  | 'EMPTY_FILE'
  | 'HEADER_ONLY'
  | 'BINARY_FILE'
  | 'INVALID_UTF8'
  | 'RAGGED_ROW'
  | 'BAD_JSON'
  | 'UNSUPPORTED_FORMAT'
  | 'ALL_MISSING_COLUMN'
  | 'NO_COLUMNS'
  | 'BAD_SCHEMA'
  | 'QUOTA_EXCEEDED'
  | 'CANCELLED'
  | 'DB_BLOCKED'
  | 'DB_VERSION_CHANGED'
  | 'NOT_FOUND'
  | 'DUPLICATE_VERSION'
  | 'BAD_IMPORT' // a runs file that is not a Benchtop export, or is corrupted
  | 'IMPORT_CONFLICT' // an imported run id exists here with other content
  | 'BAD_SERVER_URL' // a server address that is not an http(s) URL
  | 'MLFLOW_ERROR' // the MLflow server answered a request with an error
  | 'SERVER_UNREACHABLE' // the browser could not reach a server, or blocked it (CORS)
  /** Training input a model cannot use: bad target, features, params or search space. */
  | 'BAD_TRAINING_INPUT'
  /** A worker died under a job (crash, out of memory). */
  | 'WORKER_CRASHED'
  /** A tracking write that breaks the run model (param rewritten, bad key, run not found). */
  | 'BAD_TRACKING'
  /** A run-search filter or order-by that does not parse (detail.position, detail.excerpt). */
  | 'BAD_FILTER'
  /** A registry request that breaks its rules: bad model or alias name, a version that does not exist, a name taken. */
  | 'BAD_REGISTRY'
  /** Unknown registered model, alias or version (the prediction API answers 404). */
  | 'UNKNOWN_MODEL'
  /** Prediction inputs that break the model's signature (detail.rows lists the violations; the API answers 422). */
  | 'SIGNATURE_VIOLATION'
  /** A prediction request that is not valid JSON or not a list of records (the API answers 400). */
  | 'BAD_REQUEST'
  /** A model bundle that is malformed, tampered with or from an unknown format. */
  | 'BAD_BUNDLE'
  /** A promotion refused by the gate without an override reason. */
  | 'GATE_FAILED'
  /** A deployment that cannot route as asked (missing candidate, bad share, unknown arm). */
  | 'BAD_DEPLOYMENT'
  /** A monitor, drift test, window or alert rule that cannot run as configured (names the field and the valid choices). */
  | 'BAD_MONITOR';

export class BenchtopError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable detail (line, column, counts). */
  readonly detail: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'BenchtopError';
    this.code = code;
    this.detail = detail;
  }
}

/** A parse error at a place in the input: `line` is 1-based, `column` a 1-based field index or a name. */
export class ParseError extends BenchtopError {
  constructor(code: ErrorCode, message: string, detail: { line?: number; column?: number | string; [k: string]: unknown } = {}) {
    super(code, message, detail);
    this.name = 'ParseError';
  }
}

export class CancelledError extends BenchtopError {
  constructor(message = 'Cancelled: nothing was saved.') {
    super('CANCELLED', message);
    this.name = 'CancelledError';
  }
}

export class StorageError extends BenchtopError {
  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(code, message, detail);
    this.name = 'StorageError';
  }
}

export interface ErrorInfo {
  code: ErrorCode | 'UNKNOWN';
  message: string;
  detail: Record<string, unknown>;
}

/** Reads name/code/message from anything thrown, including errors that crossed comlink. */
export function errorInfo(err: unknown): ErrorInfo {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; detail?: unknown; name?: unknown };
    const code = typeof e.code === 'string' ? (e.code as ErrorCode) : 'UNKNOWN';
    let detail = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>;
    let message = typeof e.message === 'string' ? e.message : String(err);
    // comlink serialises errors as {name, message, stack}; we smuggle code/detail in the message as JSON.
    const m = /^\[benchtop:(\{.*\})\]\s?/s.exec(message);
    if (m) {
      try {
        const parsed = JSON.parse(m[1]) as { code: ErrorCode; detail: Record<string, unknown> };
        message = message.slice(m[0].length);
        return { code: parsed.code, message, detail: parsed.detail ?? {} };
      } catch {
        /* fall through */
      }
    }
    if (e.name === 'QuotaExceededError') return { code: 'QUOTA_EXCEEDED', message, detail };
    if (e.name === 'AbortError' && code === 'UNKNOWN') detail = { ...detail, aborted: true };
    return { code, message, detail };
  }
  return { code: 'UNKNOWN', message: String(err), detail: {} };
}

/**
 * Makes an error survive structured cloning across a worker boundary: comlink keeps only
 * name, message and stack, so code and detail ride in a prefix of the message.
 */
export function toTransferableError(err: unknown): Error {
  const info = errorInfo(err);
  if (info.code === 'UNKNOWN') return err instanceof Error ? err : new Error(String(err));
  const e = new Error(`[benchtop:${JSON.stringify({ code: info.code, detail: info.detail })}] ${info.message}`);
  e.name = err instanceof Error ? err.name : 'BenchtopError';
  return e;
}

/** Wraps a worker API function so that what it throws crosses comlink with its code and detail. */
export function transferErrors<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a) => {
    try {
      return await fn(...a);
    } catch (e) {
      throw toTransferableError(e);
    }
  };
}
