import { ingestBridge } from '../bridge/ingest';

/** Storage used and allowed for this origin, and whether it is persistent. */
export class StorageState {
  #usage = $state(0);
  #quota = $state(0);
  #persisted = $state(false);
  #supported = $state(typeof navigator !== 'undefined' && !!navigator.storage?.estimate);
  #message = $state<string | null>(null);

  get usage() { return this.#usage; }
  get quota() { return this.#quota; }
  get persisted() { return this.#persisted; }
  get supported() { return this.#supported; }
  get message() { return this.#message; }
  readonly share = $derived(this.#quota > 0 ? this.#usage / this.#quota : 0);

  async refresh(): Promise<void> {
    if (!this.#supported) return;
    const est = await navigator.storage.estimate();
    this.#usage = est.usage ?? 0;
    this.#quota = est.quota ?? 0;
    this.#persisted = (await navigator.storage.persisted?.()) ?? false;
  }

  /** Removes chunks of imports that never finished (a closed tab, a crashed worker). */
  async collectOrphans(): Promise<void> {
    try {
      if ((await ingestBridge.collectOrphans()) > 0) await this.refresh();
    } catch {
      /* best effort: retried at the next start */
    }
  }

  /** Asks for persistent storage; `quiet` keeps the outcome out of the storage panel. */
  async requestPersistence(quiet = false): Promise<void> {
    const granted = (await navigator.storage.persist?.()) ?? false;
    this.#persisted = granted;
    if (!quiet) this.#message = granted ? 'Storage is persistent: the browser will not evict Benchtop\'s data under storage pressure.' : 'The browser declined persistent storage (browsers grant it to sites you use often or bookmark). Your data is kept, but may be evicted if the disk runs low.';
    await this.refresh();
  }
}

export const storage = new StorageState();
