import { BenchtopError } from '../errors';
import { createSuite, generateSuite, reviseSuite, runSuite, type Expectation, type RunHooks, type Suite, type SuiteReport } from '../validate';
import { guarded, type DB } from './db';
import type { SuiteRecord } from './schema';
import { getVersion, readChunk, readDictionary } from './versions';

/** The latest version of every suite, newest first. */
export async function listSuites(db: DB): Promise<Suite[]> {
  const all = await db.getAll('suites');
  const latest = new Map<string, SuiteRecord>();
  for (const r of all) if ((latest.get(r.id)?.version ?? 0) < r.version) latest.set(r.id, r);
  return [...latest.values()].sort((a, b) => b.created - a.created).map((r) => r.suite as Suite);
}

export async function suiteVersions(db: DB, id: string): Promise<Suite[]> {
  const rs = await db.getAllFromIndex('suites', 'byId', id);
  return rs.sort((a, b) => b.version - a.version).map((r) => r.suite as Suite);
}

async function put(db: DB, suite: Suite): Promise<Suite> {
  return guarded(async () => {
    await db.add('suites', { id: suite.id, version: suite.version, name: suite.name, suite, createdFrom: suite.createdFrom ?? null, created: Date.now() });
    return suite;
  });
}

/** Proposes a suite from a version's schema and profile and stores it as version 1. */
export async function generateSuiteFrom(db: DB, versionId: string, name: string): Promise<Suite> {
  const v = await getVersion(db, versionId);
  if (!v) throw new BenchtopError('NOT_FOUND', `No dataset version ${versionId.slice(0, 12)}….`);
  const dictionaries = await Promise.all(v.columns.map((_, c) => readDictionary(db, v, c)));
  const expectations = generateSuite(v.columns, v.profile, v.rows, { dictionaries });
  return put(db, createSuite(crypto.randomUUID(), name, expectations, v.id));
}

/** Stores edited expectations as the suite's next version; earlier versions stay as they were. */
export async function saveSuiteVersion(db: DB, id: string, expectations: Expectation[], name?: string): Promise<Suite> {
  const [latest] = await suiteVersions(db, id);
  if (!latest) throw new BenchtopError('NOT_FOUND', `No validation suite ${id}.`);
  return put(db, reviseSuite(latest, expectations, name ?? latest.name));
}

/** Checks a stored version against a suite, one chunk at a time. */
export async function runSuiteOn(db: DB, suite: Suite, versionId: string, hooks: RunHooks = {}): Promise<SuiteReport> {
  const v = await getVersion(db, versionId);
  if (!v) throw new BenchtopError('NOT_FOUND', `No dataset version ${versionId.slice(0, 12)}….`);
  const dictionaries = await Promise.all(v.columns.map((_, c) => readDictionary(db, v, c)));
  return runSuite(suite, v.columns, dictionaries, (c, k) => readChunk(db, v, c, k), v.rows, v.chunks, { ...hooks, datasetVersion: v.id });
}
