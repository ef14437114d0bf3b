import { openDB, type IDBPDatabase } from 'idb';
import { StorageError } from '../errors';
import { DB_NAME, DB_VERSION, type BenchtopDB } from './schema';

export type DB = IDBPDatabase<BenchtopDB>;

export interface OpenHooks {
  /** Another tab holds an older version open and keeps this one from upgrading. */
  onBlocked?: (message: string) => void;
  /** Another tab upgraded the database: this connection was closed. */
  onVersionChange?: (message: string) => void;
}

/**
 * Opens (and upgrades) the one Benchtop database. Each migration is an `if (oldVersion < N)`
 * step, so a database at any older version reaches the newest without losing data.
 */
export function openBenchtopDB(hooks: OpenHooks = {}, name = DB_NAME): Promise<DB> {
  return openDB<BenchtopDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each step upgrades one version to the next; a database at any older version runs all later steps.
      if (oldVersion < 1) {
        const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
        datasets.createIndex('byName', 'name');
        const versions = db.createObjectStore('datasetVersions', { keyPath: 'id' });
        versions.createIndex('byDataset', 'datasetId');
        versions.createIndex('byStorage', 'storageKey');
        db.createObjectStore('columnChunks');
        db.createObjectStore('dictionaries');
        db.createObjectStore('staging', { keyPath: 'storageKey' });
      }
      if (oldVersion < 2) {
        // Data preparation: recipes and validation suites.
        db.createObjectStore('recipes', { keyPath: 'id' });
        const suites = db.createObjectStore('suites', { keyPath: ['id', 'version'] });
        suites.createIndex('byId', 'id');
      }
      if (oldVersion < 3) {
        // Training writes runs (MLflow's model: experiments, runs, metric history, artifacts).
        db.createObjectStore('experiments', { keyPath: 'id' }).createIndex('byName', 'name', { unique: true });
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byExperiment', 'experimentId');
        runs.createIndex('byParent', 'parentId');
        runs.createIndex('byStatus', 'status');
        db.createObjectStore('metrics');
        db.createObjectStore('artifacts');
        db.createObjectStore('settings');
      }
      if (oldVersion < 4) {
        // Registry, serving and the prediction log.
        db.createObjectStore('registeredModels', { keyPath: 'name' });
        const versions = db.createObjectStore('modelVersions', { keyPath: ['name', 'version'] });
        versions.createIndex('byName', 'name');
        versions.createIndex('byRun', 'source.runId');
        db.createObjectStore('transitions', { keyPath: 'seq', autoIncrement: true }).createIndex('byName', 'name');
        db.createObjectStore('deployments', { keyPath: 'id' }).createIndex('byEndpoint', ['model', 'alias']);
        db.createObjectStore('predictions', { keyPath: ['deployment', 'start', 'batchId'] }).createIndex('byModel', 'model');
        db.createObjectStore('labels', { keyPath: 'id' });
      }
      if (oldVersion < 5) {
        // Monitoring: monitors, their window results, fired alerts.
        db.createObjectStore('monitors', { keyPath: 'id' }).createIndex('byDeployment', 'deployment');
        db.createObjectStore('monitorResults', { keyPath: ['monitor', 'start'] });
        db.createObjectStore('alerts', { keyPath: 'id' }).createIndex('byMonitor', 'monitor');
      }
      // Next: `if (oldVersion < 6) { … }`. Never delete a store that holds user data.
    },
    blocked() {
      hooks.onBlocked?.('Benchtop is open in another tab that uses an older storage layout. Close or reload that tab to continue; nothing is lost.');
    },
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      hooks.onVersionChange?.('Benchtop was updated in another tab. Reload this tab to keep working; your data is safe.');
    },
    terminated() {
      hooks.onVersionChange?.('The browser closed the database connection unexpectedly. Reload the tab; your saved data is safe.');
    },
  });
}

/** Maps IndexedDB failures to named errors with a useful message. */
export function storageError(err: unknown): unknown {
  const name = (err as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return new StorageError('QUOTA_EXCEEDED', 'The browser\'s storage for this site is full, so nothing was saved. Delete datasets you no longer need, or allow persistent storage, and try again.');
  }
  if (name === 'InvalidStateError') {
    return new StorageError('DB_VERSION_CHANGED', 'The database connection was closed (Benchtop was updated in another tab). Reload this tab and try again; nothing was saved.');
  }
  return err;
}

/** Runs `fn`, turning storage failures into named errors. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw storageError(e);
  }
}

/**
 * A lazily opened connection for a worker: while another tab keeps an older layout open, calls
 * fail with DB_BLOCKED instead of hanging, and a connection closed by an upgrade elsewhere is
 * reopened on the next call.
 */
export function workerDB(): () => Promise<DB> {
  let promise: Promise<DB> | null = null;
  return () =>
    (promise ??= new Promise<DB>((resolve, reject) => {
      openBenchtopDB({
        onBlocked: (message) => {
          promise = null;
          reject(new StorageError('DB_BLOCKED', message));
        },
        onVersionChange: () => (promise = null),
      }).then(resolve, reject);
    }));
}
