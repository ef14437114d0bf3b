/**
 * The same-origin prediction API as plain HTTP over a `Serving` (the service worker, workers/sw.ts,
 * answers fetches with it; Node tests call it with a fake). Routes, under `<base>api/v1/`:
 *   GET  models                              what is served: models, aliases, deployments, signatures
 *   GET  models/{name}                       one of them
 *   POST models/{name}@{alias}/predict       records → predictions (see http-body.ts for the bodies)
 *   POST feedback                            ground-truth labels for prediction ids
 * Every answer is JSON; errors are `{error: {code, message, detail}}` with 400 (bad JSON or shape),
 * 404 (unknown model, alias or path), 405 (method, with Allow), 413 (body too large), 422 (inputs
 * that break the signature), 503 (storage busy in another tab) or 500. docs/api.md documents it.
 */
import { errorInfo } from '../errors';
import { ALIAS_PATTERN, MODEL_NAME_PATTERN } from '../registry/types';
import type { Serving, ServeResult, ServedModel } from './contract';
import { ApiError, MAX_BODY_BYTES, parseLabels, parseRecords, readJson } from './http-body';

export { ApiError, MAX_BODY_BYTES, type ApiErrorCode } from './http-body';

export const API_PREFIX = 'api/v1/';

/**
 * Messages a page posts to the service worker: forget cached registry state (registry writes also
 * announce themselves on the registry's BroadcastChannel, which ServingService listens to); write
 * the prediction log now; take control of pages that loaded without it (after a hard reload).
 */
export type ServingMessage = { type: 'benchtop:invalidate'; model?: string } | { type: 'benchtop:flush' } | { type: 'benchtop:claim' };

export interface ApiOptions {
  /** Path of the site's root, ending in '/' (the service worker's scope path), e.g. '/' or '/benchtop/'. */
  base: string;
  /** Largest request body accepted (bytes; default 10 MiB). */
  maxBytes?: number;
}

const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** The route under the API prefix (e.g. 'models'), or null when `url` is not an API URL of this site. */
export function apiRoute(url: URL, base: string): string | null {
  const root = base + API_PREFIX;
  if (url.pathname === root.slice(0, -1)) return '';
  return url.pathname.startsWith(root) ? url.pathname.slice(root.length) : null;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}, method = 'GET'): Response {
  return new Response(method === 'HEAD' ? null : JSON.stringify(body), { status, headers: { ...HEADERS, ...headers } });
}

/** An error as the API answers it: the status from its code, and the JSON error body. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) return jsonResponse(err.status, { error: { code: err.code, message: err.message, detail: err.detail } }, err.headers);
  const info = errorInfo(err);
  const [status, code, headers] =
    info.code === 'UNKNOWN_MODEL' || info.code === 'BAD_REGISTRY' ? [404, 'UNKNOWN_MODEL'] as const
    : info.code === 'SIGNATURE_VIOLATION' ? [422, 'SIGNATURE_VIOLATION'] as const
    : info.code === 'BAD_REQUEST' ? [400, 'BAD_REQUEST'] as const
    : info.code === 'DB_BLOCKED' || info.code === 'DB_VERSION_CHANGED' ? [503, 'UNAVAILABLE', { 'Retry-After': '5' }] as const
    : [500, 'INTERNAL'] as const;
  const detail = status === 500 ? { ...info.detail, cause: info.code } : info.detail;
  return jsonResponse(status, { error: { code, message: info.message, detail } }, headers);
}

const decode = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/** `name@alias` of a predict path, checked against the registry's naming rules (a name that cannot exist is unknown). */
function endpoint(part: string): { model: string; alias: string } {
  const text = decode(part) ?? part;
  const at = text.lastIndexOf('@');
  const model = at > 0 ? text.slice(0, at) : text, alias = at > 0 ? text.slice(at + 1) : '';
  if (at <= 0) throw new ApiError(404, 'UNKNOWN_MODEL', `"${text}" names no alias: predict at models/{name}@{alias}/predict, e.g. models/${model || 'my-model'}@champion/predict.`, { endpoint: text });
  if (!MODEL_NAME_PATTERN.test(model)) throw new ApiError(404, 'UNKNOWN_MODEL', `No registered model is named "${model}" (names are letters, digits, '.', '-' and '_').`, { model });
  if (!ALIAS_PATTERN.test(alias)) throw new ApiError(404, 'UNKNOWN_MODEL', `Model "${model}" has no alias "${alias}" (aliases are lower-case letters, digits, '-' and '_').`, { model, alias });
  return { model, alias };
}

function served(m: ServedModel, base: string) {
  const endpoints = Object.entries(m.aliases).map(([alias, version]) => ({ endpoint: `${m.name}@${alias}`, alias, version, predict: `${base}${API_PREFIX}models/${encodeURIComponent(m.name)}@${alias}/predict` }));
  return { ...m, endpoints };
}

/** The 200 body of a prediction: the candidate's shadow answers are never part of it. */
export function predictBody(model: string, alias: string, r: ServeResult) {
  const predictions = r.predictions.map((p) => ({
    prediction: p.output,
    probabilities: r.classes && p.proba ? Object.fromEntries(r.classes.map((c, i) => [c, p.proba![i]])) : null,
    ...(p.violations.length ? { violations: p.violations } : {}),
  }));
  return { model, alias, version: r.version, deployment: r.deployment, strategy: r.strategy, arm: r.arm, predictions, ids: r.ids, latency_ms: r.latencyMs };
}

async function predict(req: Request, serving: Serving, model: string, alias: string, maxBytes: number): Promise<Response> {
  const records = parseRecords(await readJson(req, maxBytes));
  const r = await serving.predict(model, alias, records, { source: 'api' });
  const refused = r.predictions.flatMap((p, row) => (p.output === null ? p.violations.map((v) => ({ row, column: v.column, kind: v.kind, message: v.message })) : []));
  if (refused.length) {
    const rows = new Set(refused.map((v) => v.row)).size;
    throw new ApiError(422, 'SIGNATURE_VIOLATION', `${rows} of ${records.length} records break the signature of ${model}@${alias} (version ${r.version}): ${refused[0].message}`, { violations: refused, rows });
  }
  return jsonResponse(200, predictBody(model, alias, r), { 'Server-Timing': `model;dur=${r.latencyMs.toFixed(3)}` });
}

const allow = (req: Request, methods: string[]) => {
  if (!methods.includes(req.method)) throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${methods.join(' or ')}.`, { method: req.method, allow: methods }, { Allow: methods.join(', ') });
};

/** Answers one API request (`apiRoute` must have matched it). Never throws: failures are JSON error responses. */
export async function handleApiRequest(req: Request, serving: () => Promise<Serving>, opts: ApiOptions): Promise<Response> {
  const route = apiRoute(new URL(req.url), opts.base) ?? '';
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES;
  try {
    const parts = route.split('/');
    if (route === 'models' || route === 'models/') {
      allow(req, ['GET', 'HEAD']);
      const models = await (await serving()).listModels();
      return jsonResponse(200, { models: models.map((m) => served(m, opts.base)) }, {}, req.method);
    }
    if (parts[0] === 'models' && parts.length === 3 && parts[2] === 'predict') {
      allow(req, ['POST']);
      const { model, alias } = endpoint(parts[1]);
      return await predict(req, await serving(), model, alias, maxBytes);
    }
    if (parts[0] === 'models' && parts.length === 2 && !parts[1].includes('@')) {
      allow(req, ['GET', 'HEAD']);
      const name = decode(parts[1]) ?? parts[1];
      const m = (await (await serving()).listModels()).find((x) => x.name === name);
      if (!m) throw new ApiError(404, 'UNKNOWN_MODEL', `No registered model is named "${name}".`, { model: name });
      return jsonResponse(200, served(m, opts.base), {}, req.method);
    }
    if (route === 'feedback') {
      allow(req, ['POST']);
      const labels = parseLabels(await readJson(req, maxBytes));
      return jsonResponse(200, await (await serving()).attachLabels(labels));
    }
    throw new ApiError(404, 'NOT_FOUND', `No API route ${req.method} ${opts.base}${API_PREFIX}${route}. Routes: GET models, GET models/{name}, POST models/{name}@{alias}/predict, POST feedback.`, { path: route });
  } catch (e) {
    return errorResponse(e);
  }
}
