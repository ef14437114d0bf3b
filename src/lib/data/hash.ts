/**
 * Content addressing. A dataset version's id is the SHA-256 of a canonical form: a header
 * ("benchtop-dataset-v1", the row count, the schema as JSON) followed by, for each column in
 * order, the digest of its dictionary (string columns) and the digest of each of its chunks of
 * CHUNK_ROWS rows (little-endian Float64 with canonical NaN, or Int32 codes). Digests of chunks
 * are taken with the platform's native SHA-256 as chunks complete.
 */
import type { ColumnSchema } from './types';

export async function sha256(data: ArrayBufferView | ArrayBuffer): Promise<Uint8Array> {
  const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function canonicalSchema(rows: number, columns: ColumnSchema[]): string {
  return JSON.stringify({
    format: 'benchtop-dataset-v1',
    rows,
    columns: columns.map((c) => ({ name: c.name, type: c.type, role: c.role, ...(c.dateFormat ? { dateFormat: c.dateFormat } : {}) })),
  });
}

export function dictionaryBytes(dict: string[]): Uint8Array {
  return new TextEncoder().encode(dict.join('\u0000'));
}

/** Combines the header and per-column digests (dictionary digest first, then chunk digests) into the version id. */
export async function versionId(header: string, columnDigests: Uint8Array[][]): Promise<string> {
  const head = new TextEncoder().encode(header);
  const total = head.length + columnDigests.reduce((s, d) => s + d.length * 32, 0);
  const all = new Uint8Array(total);
  all.set(head, 0);
  let o = head.length;
  for (const col of columnDigests) for (const d of col) { all.set(d, o); o += 32; }
  return toHex(await sha256(all));
}
