/** The client of the tracking worker: runs, metric history, artifacts, and ending stopped runs. */
import type * as Comlink from 'comlink';
import type { TrackApi } from '../../workers/track';
import { WorkerBridge } from './worker';

type Remote = Comlink.Remote<TrackApi>;
type Args<K extends keyof TrackApi> = TrackApi[K] extends (...a: infer A) => unknown ? A : never;

export class TrackBridge {
  private readonly w = new WorkerBridge<TrackApi>(() => new Worker(new URL('../../workers/track.ts', import.meta.url), { type: 'module', name: 'track' }), 'The tracking worker');

  recentRuns(...a: Args<'recentRuns'>) {
    return this.w.call((api: Remote) => api.recentRuns(...a));
  }
  run(...a: Args<'run'>) {
    return this.w.call((api: Remote) => api.run(...a));
  }
  children(...a: Args<'children'>) {
    return this.w.call((api: Remote) => api.children(...a));
  }
  history(...a: Args<'history'>) {
    return this.w.call((api: Remote) => api.history(...a));
  }
  artifacts(...a: Args<'artifacts'>) {
    return this.w.call((api: Remote) => api.artifacts(...a));
  }
  json(...a: Args<'json'>) {
    return this.w.call((api: Remote) => api.json(...a));
  }
  artifactBlob(...a: Args<'artifactBlob'>) {
    return this.w.call((api: Remote) => api.artifactBlob(...a));
  }
  experiments() {
    return this.w.call((api: Remote) => api.experiments());
  }
  killStale() {
    return this.w.call((api: Remote) => api.killStale());
  }
  kill(...a: Args<'kill'>) {
    return this.w.call((api: Remote) => api.kill(...a));
  }
  dispose(): void {
    this.w.dispose();
  }
}

export const trackBridge = new TrackBridge();
