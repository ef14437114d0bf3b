/**
 * The service worker that serves the same-origin prediction API (workers/sw.ts, docs/api.md):
 * registers it once per page load (main.ts), says whether this page's fetches reach the API, and
 * tells it when the registry changed or when its buffered predictions must be written.
 * A page's requests go through a service worker only once the worker controls the page: the worker
 * claims pages on activation, and is asked to claim again after a hard reload (which bypasses it).
 */
import type { ServingMessage } from '../lib/serve/http';

export type ApiStatus = 'unsupported' | 'starting' | 'ready' | 'failed';

/** How long a page waits for the worker to take control before it says so. */
const CONTROL_TIMEOUT_MS = 10_000;

class ServiceWorkerState {
  #status = $state<ApiStatus>('starting');
  #problem = $state<string | null>(null);

  get status(): ApiStatus {
    return this.#status;
  }

  /** Why the API is not available, when it is not. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Absolute URL of the API's root on this site, e.g. https://host/app/api/v1/. */
  get apiRoot(): string {
    return new URL('./api/v1/', location.href).href;
  }

  async register(): Promise<void> {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) {
      this.#status = 'unsupported';
      this.#problem = 'This browser offers no service workers here (they need https or localhost, and are off in some private windows), so the prediction API is not available; the app works without it.';
      return;
    }
    try {
      const sw = navigator.serviceWorker;
      const controlled = sw.controller ? Promise.resolve() : new Promise<void>((r) => sw.addEventListener('controllerchange', () => r(), { once: true }));
      const reg = await sw.register('./sw.js', { scope: './' });
      // A hard reload loads the page without the (already active) worker: ask it to take control.
      if (!sw.controller && reg.active) reg.active.postMessage({ type: 'benchtop:claim' } satisfies ServingMessage);
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), CONTROL_TIMEOUT_MS));
      if ((await Promise.race([controlled, timeout])) === 'timeout') throw new Error('the service worker did not take control of this page');
      this.#status = 'ready';
      this.#problem = null;
    } catch (e) {
      this.#status = 'failed';
      this.#problem = `The prediction API's service worker could not start (${e instanceof Error ? e.message : String(e)}); predictions in the app still work. Reload the page to try again.`;
    }
  }

  /**
   * The API forgets what it cached about `model` (every model when none is named). Registry writes
   * made through src/lib/registry announce themselves already; this is for other changes.
   */
  invalidate(model?: string): void {
    const message: ServingMessage = model === undefined ? { type: 'benchtop:invalidate' } : { type: 'benchtop:invalidate', model };
    navigator.serviceWorker?.controller?.postMessage(message);
  }

  /** Asks the worker to write the predictions it has buffered; resolves once they are stored. */
  flush(): Promise<void> {
    const worker = navigator.serviceWorker?.controller;
    if (!worker) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (e: MessageEvent<{ ok: boolean; error?: string }>) => (e.data.ok ? resolve() : reject(new Error(e.data.error)));
      worker.postMessage({ type: 'benchtop:flush' } satisfies ServingMessage, [port2]);
    });
  }
}

export const serviceWorker = new ServiceWorkerState();
