import { describe, expect, it } from 'vitest';
import { ingest, previewFile, type ChunkSink, type IngestHooks } from '../../../src/lib/data';
import { parsePart, splitRanges } from '../../../src/lib/data/parallel';
import { summarizeNumeric } from '../../../src/lib/data/summary';

function sink(): ChunkSink & { writes: number; resets: number } {
  return { writes: 0, resets: 0, async write() { this.writes++; }, async reset() { this.resets++; } };
}

/** Runs the "other threads" in-process: what the part workers do, without workers. */
function inProcess(count: number): IngestHooks {
  return {
    parts: { count, minBytes: 0, run: (file, range, opts) => parsePart(file, range, opts) },
    summarize: async (v, min, max, integer) => summarizeNumeric(v, min, max, integer),
  };
}

async function both(text: string, count = 3) {
  const blob = new Blob([text]);
  const p = await previewFile(blob, 'x.csv');
  const opts = { format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: true };
  const one = await ingest(blob, opts, sink());
  const many = await ingest(blob, opts, sink(), inProcess(count));
  return { one, many };
}

function table(rows: number, quoteEvery = 0): string {
  const out = ['id,value,city,note'];
  const cities = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Baku'];
  for (let i = 0; i < rows; i++) {
    // Later parts see cities the first part never saw, so dictionaries must be merged.
    const city = i < rows / 2 ? cities[i % 2] : cities[(i % 5)];
    const note = quoteEvery && i % quoteEvery === 0 ? `"line one\nline ""two"" of ${i}"` : `n${i % 97}`;
    out.push(`${i},${(i * 0.37) % 50},${city},${note}`);
  }
  return out.join('\n') + '\n';
}

describe('parallel import', () => {
  it('gives the same version id, profile and notices as one pass', async () => {
    const { one, many } = await both(table(150_000), 3);
    expect(many.timings.threads).toBe(3);
    expect(many.id).toBe(one.id);
    expect(many.rows).toBe(150_000);
    expect(many.dictionaries).toEqual(one.dictionaries);
    expect(many.profile).toEqual(one.profile);
    expect(many.columns).toEqual(one.columns);
  });

  it('falls back to one pass when a cut lands inside a quoted multi-line field', async () => {
    const text = table(40_000, 1);
    const ranges = await splitRanges(new Blob([text]), 4);
    expect(ranges.length).toBe(4);
    const { one, many } = await both(text, 4);
    expect(many.id).toBe(one.id);
    expect(many.rows).toBe(40_000);
  });

  it('skipped malformed rows report the same line numbers', async () => {
    const lines = table(90_000).split('\n');
    lines[70_000] = '1,2,3';
    lines[20_000] = 'too,few';
    const { one, many } = await both(lines.join('\n'), 2);
    expect(many.timings.threads).toBe(2);
    expect(many.skipped).toEqual(one.skipped);
    expect(many.skipped.lines).toEqual([20_001, 70_001]);
    expect(many.id).toBe(one.id);
  });

  it('splits at line ends only', async () => {
    const text = 'a,b\n' + '1,2\n'.repeat(1000);
    const ranges = await splitRanges(new Blob([text]), 3);
    for (const r of ranges.slice(1)) expect(text[r.start - 1]).toBe('\n');
    expect(ranges[ranges.length - 1].end).toBe(text.length);
  });
});

describe('columnsToVersion', () => {
  it('gives the same version id and profile as importing the same data', async () => {
    const { columnsToVersion } = await import('../../../src/lib/data/derive');
    const text = table(70_000);
    const blob = new Blob([text]);
    const p = await previewFile(blob, 'x.csv');
    const opts = { format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => true), skipMalformed: false };
    const chunks: (Float64Array | Int32Array)[][] = [];
    const memory: ChunkSink = { async write(_i, data) { chunks.push(data.map((d) => d.slice())); }, async reset() {} };
    const imported = await ingest(blob, opts, memory);
    const columns = imported.columns.map((schema, k) => {
      const parts = chunks.map((c) => c[k]);
      const values = parts[0] instanceof Float64Array ? new Float64Array(imported.rows) : new Int32Array(imported.rows);
      let o = 0;
      for (const part of parts) { values.set(part, o); o += part.length; }
      return { schema, values, dictionary: imported.dictionaries[k] };
    });
    const derived = await columnsToVersion(columns, imported.rows, sink());
    expect(derived.id).toBe(imported.id);
    expect(derived.profile).toEqual(imported.profile);
  });
});
