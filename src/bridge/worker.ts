/**
 * The life of one worker, shared by every bridge: started on first use, calls through comlink,
 * shut down after a minute idle, and calls in flight failed (not left hanging) if it dies.
 */
import * as Comlink from 'comlink';

const IDLE_MS = 60_000;

export class WorkerBridge<Api> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<Api> | null = null;
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Rejecters of the calls in flight, for when the worker dies under them. */
  private inFlight = new Set<(e: Error) => void>();

  constructor(
    private readonly create: () => Worker,
    /** Said when the worker dies, e.g. "The import worker". */
    private readonly what: string,
    /** Idle time before shutdown; Infinity keeps the worker (and what it holds warm) until dispose. */
    private readonly idleMs = IDLE_MS,
  ) {}

  private start(): Comlink.Remote<Api> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.remote) {
      this.worker = this.create();
      this.worker.addEventListener('error', (ev) => {
        const err = Object.assign(new Error(`${this.what} stopped unexpectedly${ev.message ? ` (${ev.message})` : ''}. Nothing was saved; try again.`), { code: 'WORKER_CRASHED' });
        for (const reject of this.inFlight) reject(err);
        this.inFlight.clear();
        this.dispose();
      });
      this.remote = Comlink.wrap<Api>(this.worker);
    }
    return this.remote;
  }

  async call<T>(fn: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
    const api = this.start();
    this.busy++;
    let reject: (e: Error) => void = () => {};
    const crash = new Promise<never>((_, r) => (reject = r));
    this.inFlight.add(reject);
    try {
      return await Promise.race([fn(api), crash]);
    } finally {
      this.inFlight.delete(reject);
      this.busy--;
      if (this.busy === 0 && Number.isFinite(this.idleMs)) this.idleTimer = setTimeout(() => this.dispose(), this.idleMs);
    }
  }

  /** The running worker's API, or null when none runs (nothing to cancel then). */
  get running(): Comlink.Remote<Api> | null {
    return this.remote;
  }

  /** Terminates the worker now and fails every call in flight with `reason` (e.g. a CancelledError). */
  stop(reason: Error): void {
    for (const reject of this.inFlight) reject(reason);
    this.inFlight.clear();
    this.dispose();
  }

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    (this.remote as { [Comlink.releaseProxy]?: () => void } | null)?.[Comlink.releaseProxy]?.();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }
}
