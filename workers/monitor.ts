/// <reference lib="webworker" />
/**
 * Monitoring worker: monitors (CRUD, rules), window results computed on demand over any range and
 * incrementally while watching the 'benchtop-predictions' channel, alerts (list, acknowledge),
 * retraining (an MLP trains on tfjs's WASM backend, loaded only then), the labelled dataset
 * version, and reports (JSON, self-contained HTML).
 */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import type { BackendChoice } from '../src/lib/ml/spec';
import type { TrainProgress } from '../src/lib/protocol';
import { workerDB } from '../src/lib/store';
import {
  acknowledgeAlert, createMonitor, deleteMonitor, FIXED_METRICS, getMonitor, labelledVersion, listAlerts, listMonitors, MonitorEngine, readResults,
  reportHTML, reportJSON, retrain, servedVersion, setRules, testIds, testMeta, updateMonitor, AUTOMATIONS, PERIODS, WINDOW_KINDS,
  type MonitorInput, type MonitorPatch, type ReportRange, type RetrainRequest,
} from '../src/lib/monitor';
import { watchable } from '../src/lib/monitor/columns';
import { DETECTORS } from '../src/lib/monitor/detectors';

declare const __BENCHTOP_VERSION__: string;
declare const __BENCHTOP_COMMIT__: string;

const db = workerDB();
const env = () => ({ app_version: __BENCHTOP_VERSION__, app_commit: __BENCHTOP_COMMIT__, user_agent: navigator.userAgent, cores: navigator.hardwareConcurrency || 2 });

/** Tensor models (MLP) retrain on WASM, loaded on first use. */
async function prepareBackend(_choice: BackendChoice): Promise<Record<string, string | number | boolean>> {
  const [{ setBackend, backendInfo }, { WASM_PATHS }] = await Promise.all([import('../src/lib/ml/backend'), import('./tfjs-wasm')]);
  await setBackend('wasm', { wasmPaths: WASM_PATHS });
  const info = await backendInfo();
  return { backend_choice: 'wasm', backend: info.backend, tfjs_version: info.tfjsVersion };
}

const engine = new MonitorEngine(db, { retrainHooks: { backend: 'wasm', prepareBackend, env: env() } });
const changed = (id: string) => engine.invalidate(id);

const api = {
  listMonitors: transferErrors(async (filter?: { deployment?: string; model?: string }) => listMonitors(await db(), filter)),
  monitor: transferErrors(async (id: string) => (await getMonitor(await db(), id)) ?? null),
  createMonitor: transferErrors(async (input: MonitorInput) => createMonitor(await db(), input)),
  updateMonitor: transferErrors(async (id: string, patch: MonitorPatch) => { const m = await updateMonitor(await db(), id, patch); changed(id); return m; }),
  setRules: transferErrors(async (id: string, rules: MonitorInput['rules']) => { const m = await setRules(await db(), id, rules); changed(id); return m; }),
  deleteMonitor: transferErrors(async (id: string) => { changed(id); await deleteMonitor(await db(), id); }),
  /** The inputs a monitor on this deployment can watch (signature of the version it answers with). */
  watchableColumns: transferErrors(async (deployment: string) => {
    const v = await servedVersion(await db(), deployment);
    return { model: v.name, version: v.version, task: v.model.task, inputs: v.signature.inputs.map((i) => ({ name: i.name, type: i.type, watchable: watchable(i) })) };
  }),
  /** Drift tests, detectors, rule metrics and setting choices, for forms. */
  catalog: transferErrors(async () => ({
    tests: testIds().map(testMeta),
    detectors: DETECTORS.map((d) => ({ id: d.id, label: d.label, stream: d.stream, warns: d.warns, help: d.help })),
    ruleMetrics: [...FIXED_METRICS],
    automations: [...AUTOMATIONS], windowKinds: [...WINDOW_KINDS], periods: [...PERIODS],
  })),
  compute: transferErrors((id: string, range?: ReportRange) => engine.compute(id, range)),
  update: transferErrors((id: string) => engine.update(id)),
  results: transferErrors(async (id: string, range?: ReportRange) => readResults(await db(), id, range)),
  alerts: transferErrors(async (filter?: { monitor?: string; open?: boolean }) => listAlerts(await db(), filter)),
  acknowledgeAlert: transferErrors(async (id: string, note?: string) => acknowledgeAlert(await db(), id, note)),
  retrain: transferErrors(async (req: RetrainRequest, onProgress?: (p: TrainProgress) => void) =>
    retrain(await db(), req, { backend: 'wasm', prepareBackend, env: env(), progress: onProgress ? (p) => void onProgress(p) : undefined })),
  labelledVersion: transferErrors(async (id: string) => labelledVersion(await db(), id)),
  reportJSON: transferErrors(async (id: string, range?: ReportRange) => reportJSON(await db(), id, range)),
  reportHTML: transferErrors(async (id: string, range?: ReportRange) => reportHTML(await db(), id, range)),
  /** Incremental mode: monitors update (at most once a second each) as predictions are logged anywhere. */
  watch: transferErrors(async () => engine.watch()),
  unwatch: transferErrors(async () => engine.unwatch()),
  /** Resolves when automated retraining started by fired alerts has ended. */
  idle: transferErrors(() => engine.idle()),
};

export type MonitorApi = typeof api;
Comlink.expose(api);
