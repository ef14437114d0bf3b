/**
 * The client of the monitoring worker: monitors and rules, window results (computed on demand or
 * incrementally while watching), alerts, retraining with training progress, the labelled dataset
 * version, and reports. While `watch()` is on, the worker is kept alive so it keeps listening to
 * the prediction log; results and fired alerts are also posted on the 'benchtop-monitor'
 * BroadcastChannel ({kind:'results', monitor, starts} | {kind:'alert', monitor, alert}).
 */
import * as Comlink from 'comlink';
import type { MonitorApi } from '../../workers/monitor';
import { WorkerBridge } from './worker';

type Remote = Comlink.Remote<MonitorApi>;
type Args<K extends keyof MonitorApi> = MonitorApi[K] extends (...a: infer A) => unknown ? A : never;
type Progress = NonNullable<Args<'retrain'>[1]>;

export class MonitorBridge {
  private readonly w = new WorkerBridge<MonitorApi>(() => new Worker(new URL('../../workers/monitor.ts', import.meta.url), { type: 'module', name: 'monitor' }), 'The monitoring worker', Infinity);
  private watching = false;

  listMonitors(...a: Args<'listMonitors'>) {
    return this.w.call((api: Remote) => api.listMonitors(...a));
  }
  monitor(...a: Args<'monitor'>) {
    return this.w.call((api: Remote) => api.monitor(...a));
  }
  createMonitor(...a: Args<'createMonitor'>) {
    return this.w.call((api: Remote) => api.createMonitor(...a));
  }
  updateMonitor(...a: Args<'updateMonitor'>) {
    return this.w.call((api: Remote) => api.updateMonitor(...a));
  }
  setRules(...a: Args<'setRules'>) {
    return this.w.call((api: Remote) => api.setRules(...a));
  }
  deleteMonitor(...a: Args<'deleteMonitor'>) {
    return this.w.call((api: Remote) => api.deleteMonitor(...a));
  }
  watchableColumns(...a: Args<'watchableColumns'>) {
    return this.w.call((api: Remote) => api.watchableColumns(...a));
  }
  catalog() {
    return this.w.call((api: Remote) => api.catalog());
  }
  /** Recomputes the windows of a range (default: the whole log) and stores them. */
  compute(...a: Args<'compute'>) {
    return this.w.call((api: Remote) => api.compute(...a));
  }
  /** Recomputes the open window (the first call computes everything). */
  update(...a: Args<'update'>) {
    return this.w.call((api: Remote) => api.update(...a));
  }
  results(...a: Args<'results'>) {
    return this.w.call((api: Remote) => api.results(...a));
  }
  alerts(...a: Args<'alerts'>) {
    return this.w.call((api: Remote) => api.alerts(...a));
  }
  acknowledgeAlert(...a: Args<'acknowledgeAlert'>) {
    return this.w.call((api: Remote) => api.acknowledgeAlert(...a));
  }
  /** Retrains with the served version's recipe and algorithm; `onProgress` gets the training progress. */
  retrain(req: Args<'retrain'>[0], onProgress?: Progress) {
    return this.w.call((api: Remote) => api.retrain(req, onProgress ? Comlink.proxy(onProgress) : undefined));
  }
  labelledVersion(...a: Args<'labelledVersion'>) {
    return this.w.call((api: Remote) => api.labelledVersion(...a));
  }
  reportJSON(...a: Args<'reportJSON'>) {
    return this.w.call((api: Remote) => api.reportJSON(...a));
  }
  reportHTML(...a: Args<'reportHTML'>) {
    return this.w.call((api: Remote) => api.reportHTML(...a));
  }
  /** Starts incremental monitoring in the worker (kept until unwatch or dispose). */
  async watch(): Promise<void> {
    await this.w.call((api: Remote) => api.watch());
    this.watching = true;
  }
  async unwatch(): Promise<void> {
    if (!this.watching || !this.w.running) return;
    this.watching = false;
    await this.w.call((api: Remote) => api.unwatch());
  }
  /** Resolves when automated retraining started by alerts has ended. */
  idle() {
    return this.w.running ? this.w.call((api: Remote) => api.idle()) : Promise.resolve();
  }

  dispose(): void {
    this.watching = false;
    this.w.dispose();
  }
}

export const monitorBridge = new MonitorBridge();
