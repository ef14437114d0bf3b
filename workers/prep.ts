/// <reference lib="webworker" />
/** Preparation worker: recipe previews and runs, validation suites. */
import * as Comlink from 'comlink';
import type { SplitSpec } from '../src/lib/data/split';
import { transferErrors } from '../src/lib/errors';
import type { Progress } from '../src/lib/protocol';
import type { Recipe } from '../src/lib/recipe/recipe';
import { generateSuiteFrom, listSuites, previewRecipe, runRecipe, runSuiteOn, saveSuiteVersion, suiteVersions, workerDB } from '../src/lib/store';
import type { Expectation, Suite } from '../src/lib/validate';

const db = workerDB();
const cancelled = new Set<string>();

const api = {
  preview: transferErrors(async (versionId: string, recipe: Recipe, split: SplitSpec) => previewRecipe(await db(), versionId, recipe, split)),

  apply: transferErrors(async (jobId: string, versionId: string, recipe: Recipe, name: string, split: SplitSpec, onProgress?: (p: Progress) => void) => {
    try {
      return await runRecipe(await db(), versionId, recipe, name, split, { progress: onProgress, cancelled: () => cancelled.has(jobId) });
    } finally {
      cancelled.delete(jobId);
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
