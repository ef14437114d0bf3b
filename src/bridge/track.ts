/** The client of the tracking worker: runs, metric history, artifacts, and ending stopped runs. */
import * as Comlink from 'comlink';
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
  artifacts(...a: Args<'artifacts'>) {
    return this.w.call((api: Remote) => api.artifacts(...a));
  }
  json(...a: Args<'json'>) {
    return this.w.call((api: Remote) => api.json(...a));
  }
  artifactBlob(...a: Args<'artifactBlob'>) {
    return this.w.call((api: Remote) => api.artifactBlob(...a));
  }
  killStale() {
    return this.w.call((api: Remote) => api.killStale());
  }
  kill(...a: Args<'kill'>) {
    return this.w.call((api: Remote) => api.kill(...a));
  }
  histories(...a: Args<'histories'>) {
    return this.w.call((api: Remote) => api.histories(...a));
  }
  createExperiment(...a: Args<'createExperiment'>) {
    return this.w.call((api: Remote) => api.createExperiment(...a));
  }
  renameExperiment(...a: Args<'renameExperiment'>) {
    return this.w.call((api: Remote) => api.renameExperiment(...a));
  }
  describeExperiment(...a: Args<'describeExperiment'>) {
    return this.w.call((api: Remote) => api.describeExperiment(...a));
  }
  setExperimentLifecycle(...a: Args<'setExperimentLifecycle'>) {
    return this.w.call((api: Remote) => api.setExperimentLifecycle(...a));
  }
  setRunTag(...a: Args<'setRunTag'>) {
    return this.w.call((api: Remote) => api.setRunTag(...a));
  }
  setRunNote(...a: Args<'setRunNote'>) {
    return this.w.call((api: Remote) => api.setRunNote(...a));
  }
  setRunsLifecycle(...a: Args<'setRunsLifecycle'>) {
    return this.w.call((api: Remote) => api.setRunsLifecycle(...a));
  }
  purgeRuns(...a: Args<'purgeRuns'>) {
    return this.w.call((api: Remote) => api.purgeRuns(...a));
  }
  exportJson(...a: Args<'exportJson'>) {
    return this.w.call((api: Remote) => api.exportJson(...a));
  }
  exportCsv(...a: Args<'exportCsv'>) {
    return this.w.call((api: Remote) => api.exportCsv(...a));
  }
  importJson(...a: Args<'importJson'>) {
    return this.w.call((api: Remote) => api.importJson(...a));
  }
  push(ids: string[], opts: Args<'push'>[1], progress: (done: number, total: number) => void) {
    return this.w.call((api: Remote) => api.push(ids, opts, Comlink.proxy(progress)));
  }
  runsById(...a: Args<'runsById'>) {
    return this.w.call((api: Remote) => api.runsById(...a));
  }
  openTable(...a: Args<'openTable'>) {
    return this.w.call((api: Remote) => api.openTable(...a));
  }
  queryTable(...a: Args<'queryTable'>) {
    return this.w.call((api: Remote) => api.queryTable(...a));
  }
  tableSlice(...a: Args<'tableSlice'>) {
    return this.w.call((api: Remote) => api.tableSlice(...a));
  }
  matchedIds(...a: Args<'matchedIds'>) {
    return this.w.call((api: Remote) => api.matchedIds(...a));
  }
  dispose(): void {
    this.w.dispose();
  }
}

export const trackBridge = new TrackBridge();
