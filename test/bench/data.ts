/** What the benchmark workers share: fetching a data file the driver serves, and gathering rows of a row-major matrix. */

/** The bytes of `name` under `base` (a data route of the bench's dev server). */
export async function benchFile(base: string, name: string): Promise<ArrayBuffer> {
  const r = await fetch(base + name);
  if (!r.ok) throw new Error(`${base}${name}: HTTP ${r.status}`);
  return r.arrayBuffer();
}

/** Rows `idx` of the row-major n × d matrix X, in that order. */
export function gatherRows(X: Float64Array, d: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * d);
  for (let i = 0; i < idx.length; i++) out.set(X.subarray(idx[i] * d, idx[i] * d + d), i * d);
  return out;
}
