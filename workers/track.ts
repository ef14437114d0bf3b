/// <reference lib="webworker" />
/** Tracking worker: reads runs, their metric history and artifacts; ends runs whose worker was stopped. */
import * as Comlink from 'comlink';
import { transferErrors } from '../src/lib/errors';
import { workerDB } from '../src/lib/store';
import { childRuns, getArtifact, getRun, killRun, killStaleRuns, listArtifacts, listExperiments, metricHistory, recentRuns } from '../src/lib/track';

const db = workerDB();

const api = {
  recentRuns: transferErrors(async (opts: { experimentId?: string; limit?: number; topLevel?: boolean }) => recentRuns(await db(), opts)),
  run: transferErrors(async (id: string) => (await getRun(await db(), id)) ?? null),
  children: transferErrors(async (id: string) => childRuns(await db(), id)),
  history: transferErrors(async (id: string, key: string) => metricHistory(await db(), id, key)),
  artifacts: transferErrors(async (id: string) => listArtifacts(await db(), id)),
  /** A JSON artifact, parsed; null when the run has none at that path. */
  json: transferErrors(async (id: string, path: string) => {
    const a = await getArtifact(await db(), id, path);
    return a ? (JSON.parse(typeof a.data === 'string' ? a.data : new TextDecoder().decode(a.data)) as unknown) : null;
  }),
  artifactBlob: transferErrors(async (id: string, path: string) => {
    const a = await getArtifact(await db(), id, path);
    return a ? new Blob([a.data], { type: a.mediaType }) : null;
  }),
  experiments: transferErrors(async () => listExperiments(await db())),
  killStale: transferErrors(async () => killStaleRuns(await db())),
  kill: transferErrors(async (id: string, message: string, status: 'KILLED' | 'FAILED') => killRun(await db(), id, message, status)),
};

export type TrackApi = typeof api;
Comlink.expose(api);
