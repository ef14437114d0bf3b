import { formatValue } from '../data/export';
import { CHUNK_ROWS } from '../data/types';
import type { DB } from './db';
import type { VersionRecord } from './schema';
import { getVersion, readChunk, readDictionary } from './versions';

const CACHED_CHUNKS = 3;

/**
 * Reads rows of stored versions as display text, for the preview table: whole chunks are read
 * and decoded here (off the main thread), and only the requested window leaves.
 */
export class RowReader {
  private versions = new Map<string, { v: VersionRecord; dicts: string[][] }>();
  private chunks = new Map<string, Promise<(Float64Array | Int32Array)[]>>();

  constructor(private readonly db: () => Promise<DB>) {}

  async rows(versionId: string, start: number, count: number): Promise<string[][]> {
    const { v, dicts } = await this.version(versionId);
    const end = Math.min(v.rows, start + count);
    const out: string[][] = [];
    for (let r = Math.max(0, start); r < end; ) {
      const k = Math.floor(r / CHUNK_ROWS);
      const data = await this.chunk(v, k);
      const stop = Math.min(end, (k + 1) * CHUNK_ROWS);
      for (; r < stop; r++) {
        const i = r - k * CHUNK_ROWS;
        out.push(v.columns.map((c, j) => formatValue(c, data[j][i], dicts[j])));
      }
    }
    return out;
  }

  private async version(id: string): Promise<{ v: VersionRecord; dicts: string[][] }> {
    const db = await this.db();
    const current = await getVersion(db, id);
    if (!current) throw new Error(`No dataset version ${id.slice(0, 12)}….`);
    let hit = this.versions.get(id);
    // The same content deleted and imported again has the same id but new storage: drop the cache then.
    if (hit && hit.v.storageKey !== current.storageKey) hit = undefined;
    if (!hit) {
      const v = current;
      hit = { v, dicts: await Promise.all(v.columns.map((_, c) => readDictionary(db, v, c))) };
      this.versions.clear();
      this.chunks.clear();
      this.versions.set(id, hit);
    }
    return hit;
  }

  private chunk(v: VersionRecord, k: number): Promise<(Float64Array | Int32Array)[]> {
    const key = `${v.id}:${k}`;
    let p = this.chunks.get(key);
    if (!p) {
      p = this.db().then((db) => Promise.all(v.columns.map((_, c) => readChunk(db, v, c, k))));
      p.catch(() => this.chunks.delete(key));
      this.chunks.set(key, p);
      while (this.chunks.size > CACHED_CHUNKS) this.chunks.delete(this.chunks.keys().next().value!);
    }
    return p;
  }
}
