/** The client of the registry worker: models, versions, aliases, stages, the gate, history, lineage, bundles. */
import * as Comlink from 'comlink';
import type { RegistryApi } from '../../workers/registry';
import { WorkerBridge } from './worker';

type Remote = Comlink.Remote<RegistryApi>;
type Args<K extends keyof RegistryApi> = RegistryApi[K] extends (...a: infer A) => unknown ? A : never;

export class RegistryBridge {
  private readonly w = new WorkerBridge<RegistryApi>(() => new Worker(new URL('../../workers/registry.ts', import.meta.url), { type: 'module', name: 'registry' }), 'The registry worker');

  listModels() {
    return this.w.call((api: Remote) => api.listModels());
  }
  model(...a: Args<'model'>) {
    return this.w.call((api: Remote) => api.model(...a));
  }
  createModel(...a: Args<'createModel'>) {
    return this.w.call((api: Remote) => api.createModel(...a));
  }
  setModelDescription(...a: Args<'setModelDescription'>) {
    return this.w.call((api: Remote) => api.setModelDescription(...a));
  }
  setModelTag(...a: Args<'setModelTag'>) {
    return this.w.call((api: Remote) => api.setModelTag(...a));
  }
  deleteModelTag(...a: Args<'deleteModelTag'>) {
    return this.w.call((api: Remote) => api.deleteModelTag(...a));
  }
  deleteModel(...a: Args<'deleteModel'>) {
    return this.w.call((api: Remote) => api.deleteModel(...a));
  }
  listVersions(...a: Args<'listVersions'>) {
    return this.w.call((api: Remote) => api.listVersions(...a));
  }
  version(...a: Args<'version'>) {
    return this.w.call((api: Remote) => api.version(...a));
  }
  versionsOfRun(...a: Args<'versionsOfRun'>) {
    return this.w.call((api: Remote) => api.versionsOfRun(...a));
  }
  setVersionDescription(...a: Args<'setVersionDescription'>) {
    return this.w.call((api: Remote) => api.setVersionDescription(...a));
  }
  setVersionTag(...a: Args<'setVersionTag'>) {
    return this.w.call((api: Remote) => api.setVersionTag(...a));
  }
  deleteVersionTag(...a: Args<'deleteVersionTag'>) {
    return this.w.call((api: Remote) => api.deleteVersionTag(...a));
  }
  editCard(...a: Args<'editCard'>) {
    return this.w.call((api: Remote) => api.editCard(...a));
  }
  deleteVersion(...a: Args<'deleteVersion'>) {
    return this.w.call((api: Remote) => api.deleteVersion(...a));
  }
  registerRun(...a: Args<'registerRun'>) {
    return this.w.call((api: Remote) => api.registerRun(...a));
  }
  setAlias(...a: Args<'setAlias'>) {
    return this.w.call((api: Remote) => api.setAlias(...a));
  }
  removeAlias(...a: Args<'removeAlias'>) {
    return this.w.call((api: Remote) => api.removeAlias(...a));
  }
  setStage(...a: Args<'setStage'>) {
    return this.w.call((api: Remote) => api.setStage(...a));
  }
  runGate(...a: Args<'runGate'>) {
    return this.w.call((api: Remote) => api.runGate(...a));
  }
  defaultChecks(...a: Args<'defaultChecks'>) {
    return this.w.call((api: Remote) => api.defaultChecks(...a));
  }
  transitions(...a: Args<'transitions'>) {
    return this.w.call((api: Remote) => api.transitions(...a));
  }
  registryLineage(...a: Args<'registryLineage'>) {
    return this.w.call((api: Remote) => api.registryLineage(...a));
  }
  versionLineage(...a: Args<'versionLineage'>) {
    return this.w.call((api: Remote) => api.versionLineage(...a));
  }
  cardMarkdown(...a: Args<'cardMarkdown'>) {
    return this.w.call((api: Remote) => api.cardMarkdown(...a));
  }
  exportBundle(...a: Args<'exportBundle'>) {
    return this.w.call((api: Remote) => api.exportBundle(...a));
  }
  importBundle(...a: Args<'importBundle'>) {
    return this.w.call((api: Remote) => api.importBundle(...a));
  }
  usageSnippet(...a: Args<'usageSnippet'>) {
    return this.w.call((api: Remote) => api.usageSnippet(...a));
  }
  dispose(): void {
    this.w.dispose();
  }
}

export const registryBridge = new RegistryBridge();
