/// <reference lib="webworker" />
/** Preparation worker: recipe previews and runs, validation suites. */
import * as Comlink from 'comlink';
import type { SplitSpec } from '../src/lib/data/split';
import { transferErrors } from '../src/lib/errors';
import type { Progress } from '../src/lib/protocol';
import type { Recipe } from '../src/lib/recipe/recipe';
import { generateSuiteFrom, listSuites, previewRecipe, runRecipe, runSuiteOn, saveSuiteVersion, suiteVersions, workerDB } from '../src/lib/store';
import type { Expectation, Suite } from '../src/lib/validate';
import type { IngestHooks } from '../src/lib/data/ingest';
import type { ParseApi } from './parse';

const db = workerDB();
const cancelled = new Set<string>();

/** A helper thread that profiles half of the numeric columns of a result while this one does the rest. */
let helper: { worker: Worker; api: Comlink.Remote<ParseApi> } | null = null;
let idle: ReturnType<typeof setTimeout> | null = null;
function summarizer(): IngestHooks['summarize'] {
  if ((navigator.hardwareConcurrency || 2) < 2) return undefined;
  if (idle) clearTimeout(idle);
  if (!helper) {
    const worker = new Worker(new URL('./parse.ts', import.meta.url), { type: 'module', name: 'prep-helper' });
    helper = { worker, api: Comlink.wrap<ParseApi>(worker) };
  }
  const api = helper.api;
  return (values, min, max, integer) => api.summarize(Comlink.transfer(values, [values.buffer as ArrayBuffer]), min, max, integer);
}
function releaseHelper(): void {
  helper?.worker.terminate();
  helper = null;
}

const api = {
  preview: transferErrors(async (versionId: string, recipe: Recipe, split: SplitSpec) => previewRecipe(await db(), versionId, recipe, split)),

  apply: transferErrors(async (jobId: string, versionId: string, recipe: Recipe, name: string, split: SplitSpec, onProgress?: (p: Progress) => void) => {
    try {
      return await runRecipe(await db(), versionId, recipe, name, split, { progress: onProgress, cancelled: () => cancelled.has(jobId), summarize: summarizer() });
    } finally {
      cancelled.delete(jobId);
      idle = setTimeout(releaseHelper, 30_000);
    }
  }),

  suites: transferErrors(async () => listSuites(await db())),
  suiteVersions: transferErrors(async (id: string) => suiteVersions(await db(), id)),
  generateSuite: transferErrors(async (versionId: string, name: string) => generateSuiteFrom(await db(), versionId, name)),
  saveSuite: transferErrors(async (id: string, expectations: Expectation[], name?: string) => saveSuiteVersion(await db(), id, expectations, name)),

  runSuite: transferErrors(async (jobId: string, suite: Suite, versionId: string, onProgress?: (p: Progress) => void) => {
    try {
      return await runSuiteOn(await db(), suite, versionId, {
        progress: (done, total) => onProgress?.({ kind: 'progress', phase: 'read', done, total }),
        cancelled: () => cancelled.has(jobId),
      });
    } finally {
      cancelled.delete(jobId);
    }
  }),

  async cancel(jobId: string) {
    cancelled.add(jobId);
  },
};

export type PrepApi = typeof api;
Comlink.expose(api);
