/// <reference lib="webworker" />
/** Preparation worker: recipe previews and runs, validation suites. */
import * as Comlink from 'comlink';
import type { SplitSpec } from '../src/lib/data/split';
import { StorageError, toTransferableError } from '../src/lib/errors';
import type { Progress } from '../src/lib/protocol';
import type { Recipe } from '../src/lib/recipe/recipe';
import { generateSuiteFrom, listSuites, openBenchtopDB, previewRecipe, runRecipe, runSuiteOn, saveSuiteVersion, suiteVersions, type DB } from '../src/lib/store';
import type { Expectation, Suite } from '../src/lib/validate';

let dbPromise: Promise<DB> | null = null;
const db = () =>
  (dbPromise ??= new Promise<DB>((resolve, reject) => {
    openBenchtopDB({
      onBlocked: (message) => {
        dbPromise = null;
        reject(new StorageError('DB_BLOCKED', message));
      },
      onVersionChange: () => (dbPromise = null),
    }).then(resolve, reject);
  }));
const cancelled = new Set<string>();

function wrap<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a) => {
    try {
      return await fn(...a);
    } catch (e) {
      throw toTransferableError(e);
    }
  };
}

const api = {
  preview: wrap(async (versionId: string, recipe: Recipe, split: SplitSpec) => previewRecipe(await db(), versionId, recipe, split)),

  apply: wrap(async (jobId: string, versionId: string, recipe: Recipe, name: string, split: SplitSpec, onProgress?: (p: Progress) => void) => {
    try {
      return await runRecipe(await db(), versionId, recipe, name, split, { progress: onProgress, cancelled: () => cancelled.has(jobId) });
    } finally {
      cancelled.delete(jobId);
    }
  }),

  suites: wrap(async () => listSuites(await db())),
  suiteVersions: wrap(async (id: string) => suiteVersions(await db(), id)),
  generateSuite: wrap(async (versionId: string, name: string) => generateSuiteFrom(await db(), versionId, name)),
  saveSuite: wrap(async (id: string, expectations: Expectation[], name?: string) => saveSuiteVersion(await db(), id, expectations, name)),

  runSuite: wrap(async (jobId: string, suite: Suite, versionId: string, onProgress?: (p: Progress) => void) => {
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
