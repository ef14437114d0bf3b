/// <reference lib="webworker" />
/**
 * The site's service worker: the same-origin prediction API (docs/api.md). It answers fetches to
 * `<scope>api/v1/…` with src/lib/serve/http.ts over a ServingService that reads the registry from
 * IndexedDB and logs every prediction; every other request goes to the network untouched (nothing
 * is cached). Built as one classic script at the site root, `sw.js` (build/sw-plugin.ts), so its
 * scope is the whole site; it must not use dynamic import().
 *
 * Messages (postMessage to the worker; registry writes also reach ServingService on its BroadcastChannel):
 *   {type: 'benchtop:invalidate', model?}   the registry changed: forget cached aliases/deployments
 *   {type: 'benchtop:flush'}                write buffered predictions now; answers {ok, error?} on ports[0]
 *   {type: 'benchtop:claim'}                control the pages that loaded without it (after a hard reload)
 */
import type { Serving } from '../src/lib/serve/contract';
import { apiRoute, handleApiRequest, type ServingMessage } from '../src/lib/serve/http';
import { ServingService } from '../src/lib/serve/service';
import { workerDB } from '../src/lib/store/db';

const sw = self as unknown as ServiceWorkerGlobalScope;
/** Path of the site's root: the registration's scope ('./' from sw.js). */
const base = new URL(sw.registration.scope).pathname;
/** Predictions are buffered; they are written this long after a request (the worker is kept alive until then). */
const FLUSH_DELAY_MS = 500;

let serving: Serving | null = null;
const getServing = async (): Promise<Serving> => (serving ??= new ServingService(workerDB(), { log: true }));

let delay: Promise<void> | null = null;
/**
 * Waits out one delay shared by the requests that arrive before it ends, then flushes: each
 * request's own flush starts after its rows were logged, so it resolves only once they are
 * committed (the log coalesces the flushes into one write).
 */
function scheduleFlush(): Promise<void> {
  delay ??= new Promise<void>((r) => setTimeout(r, FLUSH_DELAY_MS)).finally(() => (delay = null));
  return delay
    .then(() => serving?.flush())
    .catch((e: unknown) => console.error('Benchtop service worker: writing the prediction log failed', e));
}

sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== sw.location.origin || apiRoute(url, base) === null) return;
  const response = handleApiRequest(event.request, getServing, { base });
  event.respondWith(response);
  event.waitUntil(response.then(scheduleFlush));
});

async function onMessage(data: ServingMessage | null, port?: MessagePort): Promise<void> {
  if (data?.type === 'benchtop:invalidate') serving?.invalidate(typeof data.model === 'string' ? data.model : undefined);
  if (data?.type === 'benchtop:claim') await sw.clients.claim();
  if (data?.type === 'benchtop:flush') {
    try {
      await serving?.flush();
      port?.postMessage({ ok: true });
    } catch (e) {
      port?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
}
sw.addEventListener('message', (event) => event.waitUntil(onMessage(event.data as ServingMessage, event.ports[0])));
