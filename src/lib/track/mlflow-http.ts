/**
 * A small client for an MLflow tracking server's REST API (2.0): JSON requests with an optional
 * bearer token, the server's errors (`error_code`, `message`) turned into MLFLOW_ERROR, and a
 * request the browser could not make (server down, CORS) into SERVER_UNREACHABLE with what to do.
 */
import { BenchtopError, CancelledError } from '../errors';

export interface MlflowConnection {
  /** The tracking server's address, e.g. http://localhost:5000 (a path prefix is kept). */
  server: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** The server's base URL without a trailing slash; anything but an http(s) URL is BAD_SERVER_URL. */
export function serverBase(server: string): string {
  let url: URL | null = null;
  try {
    url = new URL(server.trim());
  } catch {
    /* reported below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new BenchtopError('BAD_SERVER_URL', `'${server}' is not an MLflow server address: expected an http:// or https:// URL such as http://localhost:5000, without credentials, query or fragment (put a token in the token field). Nothing was sent.`, { server });
  }
  return url.href.replace(/\/+$/, '');
}

const origin = (): string => (globalThis as { location?: { origin?: string } }).location?.origin ?? 'this page';

export class MlflowClient {
  readonly base: string;
  private readonly fetcher: typeof fetch;

  constructor(private readonly conn: MlflowConnection) {
    this.base = serverBase(conn.server);
    this.fetcher = conn.fetch ?? ((input, init) => fetch(input, init));
  }

  get(path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
    return this.request('GET', `${path}?${new URLSearchParams(query)}`);
  }

  post(path: string, body: unknown): Promise<Record<string, unknown>> {
    return this.request('POST', path, JSON.stringify(body), 'application/json');
  }

  put(path: string, body: ArrayBuffer | string, contentType: string): Promise<Record<string, unknown>> {
    return this.request('PUT', path, body, contentType);
  }

  private async request(method: string, path: string, body?: ArrayBuffer | string, contentType?: string): Promise<Record<string, unknown>> {
    if (this.conn.signal?.aborted) throw new CancelledError('Cancelled: runs pushed before the cancel stay on the MLflow server.');
    const headers: Record<string, string> = {};
    if (contentType) headers['Content-Type'] = contentType;
    if (this.conn.token) headers.Authorization = `Bearer ${this.conn.token}`;
    let res: Response;
    try {
      res = await this.fetcher(this.base + path, { method, headers, body, signal: this.conn.signal });
    } catch (e) {
      if ((e as { name?: string })?.name === 'AbortError') throw new CancelledError('Cancelled: runs pushed before the cancel stay on the MLflow server.');
      throw new BenchtopError(
        'SERVER_UNREACHABLE',
        `Could not reach the MLflow server at ${this.base}: the browser blocked the request or got no answer (${(e as Error)?.message ?? e}). ` +
          `Check that the server is running at that address and that it allows requests from ${origin()} (CORS): start it with ` +
          `\`mlflow server --cors-allowed-origins ${origin() === 'this page' ? '<this origin>' : origin()}\`, or put it behind a proxy that adds the CORS headers.`,
        { server: this.base, method, path: path.split('?')[0] },
      );
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      if (text) json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* not JSON: the text itself goes into the error below */
    }
    if (res.ok) return json;
    const errorCode = typeof json.error_code === 'string' ? json.error_code : `HTTP_${res.status}`;
    const message = typeof json.message === 'string' ? json.message : text.slice(0, 300) || res.statusText;
    const hint = res.status === 401 || res.status === 403 ? ' Check the access token.' : '';
    throw new BenchtopError('MLFLOW_ERROR', `The MLflow server refused ${method} ${path.split('?')[0]} (HTTP ${res.status}, ${errorCode}): ${message}${hint}`, {
      status: res.status,
      errorCode,
      serverMessage: message,
    });
  }
}
