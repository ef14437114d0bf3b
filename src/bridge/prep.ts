/** The client of the preparation worker: recipe previews and runs, validation suites. */
import * as Comlink from 'comlink';
import type { PrepApi } from '../../workers/prep';
import type { Progress } from '../lib/protocol';
import { WorkerBridge } from './worker';

type Remote = Comlink.Remote<PrepApi>;
type Args<K extends keyof PrepApi> = PrepApi[K] extends (...a: infer A) => unknown ? A : never;

export class PrepBridge {
  private readonly w = new WorkerBridge<PrepApi>(() => new Worker(new URL('../../workers/prep.ts', import.meta.url), { type: 'module', name: 'prep' }), 'The preparation worker');

  preview(...a: Args<'preview'>) {
    return this.w.call((api: Remote) => api.preview(...a));
  }

  apply(jobId: string, versionId: string, recipe: Args<'apply'>[2], name: string, split: Args<'apply'>[4], onProgress: (p: Progress) => void) {
    return this.w.call((api: Remote) => api.apply(jobId, versionId, recipe, name, split, Comlink.proxy(onProgress)));
  }

  suites() {
    return this.w.call((api: Remote) => api.suites());
  }

  suiteVersions(...a: Args<'suiteVersions'>) {
    return this.w.call((api: Remote) => api.suiteVersions(...a));
  }

  generateSuite(...a: Args<'generateSuite'>) {
    return this.w.call((api: Remote) => api.generateSuite(...a));
  }

  saveSuite(...a: Args<'saveSuite'>) {
    return this.w.call((api: Remote) => api.saveSuite(...a));
  }

  runSuite(jobId: string, suite: Args<'runSuite'>[1], versionId: string, onProgress: (p: Progress) => void) {
    return this.w.call((api: Remote) => api.runSuite(jobId, suite, versionId, Comlink.proxy(onProgress)));
  }

  cancel(jobId: string): Promise<void> {
    return this.w.running ? this.w.running.cancel(jobId) : Promise.resolve();
  }

  dispose(): void {
    this.w.dispose();
  }
}

export const prepBridge = new PrepBridge();
