import { afterAll, describe, expect, it } from 'vitest';
import { IngestBridge } from '../../src/bridge/ingest';
import { errorInfo } from '../../src/lib/errors';
import { CHUNK_ROWS } from '../../src/lib/data/types';
import { DB_NAME, listDatasets, openBenchtopDB, readChunk, readDictionary, getVersion, runImport, type DB } from '../../src/lib/store';
import type { ImportRequest } from '../../src/lib/protocol';

const bridge = new IngestBridge();
afterAll(() => bridge.dispose());

function csvFile(rows: number, name = 'data.csv'): File {
  const lines = ['x,y,group,when'];
  for (let i = 0; i < rows; i++) lines.push(`${i * 0.5},${i % 7 === 0 ? '' : i % 100},${['red', 'green', 'blue'][i % 3]},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
  return new File([lines.join('\n') + '\n'], name, { type: 'text/csv' });
}

async function request(file: File, name = 'test'): Promise<{ req: ImportRequest; source: { fileName: string; size: number; sourceSample: string } }> {
  const p = await bridge.preview(file);
  return {
    req: { name, format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: false },
    source: { fileName: p.fileName, size: p.size, sourceSample: p.sourceSample },
  };
}

async function counts(db: DB) {
  return { chunks: await db.count('columnChunks'), versions: await db.count('datasetVersions'), staging: await db.count('staging'), dictionaries: await db.count('dictionaries') };
}

describe('ingest worker with real IndexedDB', () => {
  it('imports a file in the worker, stores typed chunks and reads them back', async () => {
    const file = csvFile(150_000);
    const { req, source } = await request(file, 'numbers');
    expect(req.columns.map((c) => c.type)).toEqual(['float', 'integer', 'categorical', 'datetime']);
    const progress: number[] = [];
    const out = await bridge.importFile('job-1', file, req, source, (p) => { if (p.kind === 'progress' && p.phase === 'parse') progress.push(p.done); });
    expect(out.rows).toBe(150_000);
    expect(out.existed).toBe(false);
    expect(progress.length).toBeGreaterThan(0);

    const db = await openBenchtopDB();
    const v = (await getVersion(db, out.versionId))!;
    expect(v.chunks).toBe(Math.ceil(150_000 / CHUNK_ROWS));
    const x = (await readChunk(db, v, 0, 1)) as Float64Array;
    expect(x).toBeInstanceOf(Float64Array);
    expect(x[5]).toBe((CHUNK_ROWS + 5) * 0.5);
    const y = (await readChunk(db, v, 1, 0)) as Float64Array;
    expect(Number.isNaN(y[0])).toBe(true);
    expect(y[1]).toBe(1);
    const g = (await readChunk(db, v, 2, 2)) as Int32Array;
    expect(g).toBeInstanceOf(Int32Array);
    expect(await readDictionary(db, v, 2)).toEqual(['red', 'green', 'blue']);
    expect(g[0]).toBe((2 * CHUNK_ROWS) % 3);
    expect(v.profile.columns[0].numeric!.mean).toBeCloseTo(0.5 * (150_000 - 1) / 2, 6);
    expect(v.profile.columns[1].missing).toBe(Math.ceil(150_000 / 7));

    // The same content again: nothing new is stored.
    const before = await counts(db);
    const again = await bridge.importFile('job-2', file, req, source, () => {});
    expect(again.existed).toBe(true);
    expect(again.versionId).toBe(out.versionId);
    expect(await counts(db)).toEqual(before);
    db.close();
  });

  it('cancel stops the worker mid-file and leaves nothing behind', async () => {
    const file = csvFile(400_000);
    const { req, source } = await request(file);
    const db = await openBenchtopDB();
    const before = await counts(db);
    let sent = false;
    const run = bridge.importFile('job-cancel', file, req, source, (p) => {
      if (!sent && p.kind === 'progress' && p.done > 0) { sent = true; void bridge.cancel('job-cancel'); }
    });
    const err = await run.then(() => null, (e) => e);
    expect(errorInfo(err).code).toBe('CANCELLED');
    expect(await counts(db)).toEqual(before);
    db.close();
  });

  it('a bad row stops the import with its line and writes nothing', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i},${i}`);
    lines.push('1,2,3');
    const file = new File([lines.join('\n')], 'late-ragged.csv');
    const { req, source } = await request(file);
    const db = await openBenchtopDB();
    const before = await counts(db);
    const err = await bridge.importFile('job-bad', file, req, source, () => {}).then(() => null, (e) => e);
    expect(errorInfo(err)).toMatchObject({ code: 'RAGGED_ROW', detail: { line: 100_002 } });
    expect(await counts(db)).toEqual(before);
    db.close();
  });

  it('a full disk (QuotaExceededError) mid-import gives a clear error and writes nothing', async () => {
    const real = await openBenchtopDB({}, 'benchtop-quota-test');
    let writes = 0;
    const db = new Proxy(real, {
      get(target, prop) {
        if (prop === 'transaction') {
          return (stores: string, mode: IDBTransactionMode, opts?: IDBTransactionOptions) => {
            if (stores === 'columnChunks' && mode === 'readwrite' && ++writes === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            return target.transaction(stores as 'columnChunks', mode as 'readwrite', opts);
          };
        }
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as DB;
    const file = csvFile(200_000);
    const { req, source } = await request(file);
    const err = await runImport(db, file, req, { ...source, fileName: file.name }, {}).then(() => null, (e) => e);
    expect(errorInfo(err).code).toBe('QUOTA_EXCEEDED');
    expect(errorInfo(err).message).toContain('full');
    expect(await counts(real)).toEqual({ chunks: 0, versions: 0, staging: 0, dictionaries: 0 });
    expect(await listDatasets(real)).toEqual([]);
    real.close();
  });

  it('another tab upgrading the schema closes this connection with a message', async () => {
    const messages: string[] = [];
    const db = await openBenchtopDB({ onVersionChange: (m) => messages.push(m) }, 'benchtop-upgrade-test');
    await db.put('datasets', { id: 'd1', name: 'kept', description: '', tags: [], created: 1, updated: 1 });
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('benchtop-upgrade-test', 99);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    expect(messages[0]).toContain('updated in another tab');
    // The data written before the upgrade is intact.
    const kept = await new Promise((resolve) => { const g = newer.transaction('datasets').objectStore('datasets').get('d1'); g.onsuccess = () => resolve(g.result); });
    expect(kept).toMatchObject({ name: 'kept' });
    newer.close();
    expect(DB_NAME).toBe('benchtop');
  });

  it('upgrades a version-1 database to the current layout without losing data', async () => {
    const name = 'benchtop-migration-test';
    await new Promise<void>((resolve, reject) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        const db = r.result;
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('byName', 'name');
        const v = db.createObjectStore('datasetVersions', { keyPath: 'id' });
        v.createIndex('byDataset', 'datasetId');
        v.createIndex('byStorage', 'storageKey');
        db.createObjectStore('columnChunks');
        db.createObjectStore('dictionaries');
        db.createObjectStore('staging', { keyPath: 'storageKey' });
        r.transaction!.objectStore('datasets').put({ id: 'old', name: 'from v1', description: '', tags: [], created: 1, updated: 1 });
      };
      r.onsuccess = () => { r.result.close(); resolve(); };
      r.onerror = () => reject(r.error);
    });
    const db = await openBenchtopDB({}, name);
    expect(db.version).toBeGreaterThanOrEqual(2);
    expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(['recipes', 'suites', 'datasets']));
    expect(await db.get('datasets', 'old')).toMatchObject({ name: 'from v1' });
    db.close();
  });

  it('orphan collection removes stray chunks and staged imports, but not a running one', async () => {
    const { collectOrphans, withStaging } = await import('../../src/lib/store');
    const db = await openBenchtopDB({}, 'benchtop-orphans-test');
    await db.put('columnChunks', { data: new ArrayBuffer(8) }, ['stray-key', 0, 0]);
    await db.put('staging', { storageKey: 'dead-import', started: 1 });
    await db.put('columnChunks', { data: new ArrayBuffer(8) }, ['dead-import', 0, 0]);
    let during = -1;
    await withStaging(db, async (key) => {
      await db.put('columnChunks', { data: new ArrayBuffer(8) }, [key, 0, 0]);
      // Another tab's collection while this import runs: its lock keeps its chunks.
      during = await collectOrphans(db, async (k) => {
        const state = await navigator.locks.query();
        return (state.held ?? []).some((l) => l.name === `benchtop-import-${k}`);
      });
      expect(await db.count('columnChunks')).toBe(1);
      throw new Error('give up');
    }).catch(() => undefined);
    expect(during).toBe(2);
    expect(await db.count('columnChunks')).toBe(0);
    expect(await db.count('staging')).toBe(0);
    db.close();
  });
});

