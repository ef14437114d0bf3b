import { afterAll, describe, expect, it } from 'vitest';
import { IngestBridge } from '../../src/bridge/ingest';
import { PrepBridge } from '../../src/bridge/prep';
import { errorInfo } from '../../src/lib/errors';
import { getVersion, openBenchtopDB, readChunk, readDictionary } from '../../src/lib/store';
import type { Recipe } from '../../src/lib/recipe/recipe';

const ingest = new IngestBridge();
const prep = new PrepBridge();
afterAll(() => { ingest.dispose(); prep.dispose(); });

async function importCsv(text: string, name: string) {
  const file = new File([text], `${name}.csv`, { type: 'text/csv' });
  const p = await ingest.preview(file);
  return ingest.importFile(crypto.randomUUID(), file, { name, format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: false }, { fileName: p.fileName, size: p.size, sourceSample: p.sourceSample }, () => {});
}

function data(rows: number): string {
  const out = ['x,y,color,label'];
  for (let i = 0; i < rows; i++) out.push(`${i % 10 === 0 ? '' : (i * 0.37) % 50},${i % 13},${['red', 'green', 'blue'][i % 3]},${i % 2}`);
  return out.join('\n');
}

const recipe: Recipe = {
  version: 1,
  steps: [
    { type: 'impute', params: { columns: ['x'], strategy: 'mean' } },
    { type: 'standardize', params: { columns: ['x', 'y'] } },
    { type: 'one-hot', params: { columns: ['color'] } },
  ],
};

describe('recipes in the prep worker with real IndexedDB', () => {
  it('stores a derived version with its lineage; the same recipe again gives the same version', async () => {
    const src = await importCsv(data(5000), 'prep-source');
    const split = { method: 'random' as const, test: 0.2, validation: 0, seed: 7 };
    const first = await prep.apply(crypto.randomUUID(), src.versionId, recipe, 'scale', split, () => {});
    expect(first.existed).toBe(false);
    expect(first.datasetId).toBe(src.datasetId);
    const again = await prep.apply(crypto.randomUUID(), src.versionId, recipe, 'scale', split, () => {});
    expect(again.existed).toBe(true);
    expect(again.versionId).toBe(first.versionId);

    const db = await openBenchtopDB();
    const v = (await getVersion(db, first.versionId))!;
    expect(v.parent).toBe(src.versionId);
    expect(v.recipeId).toBe(first.recipeId);
    expect(v.split).toEqual(split);
    expect(v.columns.map((c) => c.name)).toEqual(['x', 'y', 'color=blue', 'color=green', 'color=red', 'label', 'split']);
    const stored = await db.get('recipes', first.recipeId);
    expect(stored?.fitted).toBe(true);

    // Statistics were learned on the training rows only: x has mean 0 over train rows, not over all.
    const splitIdx = v.columns.findIndex((c) => c.name === 'split');
    const dict = await readDictionary(db, v, splitIdx);
    const codes = await readChunk(db, v, splitIdx, 0);
    const x = (await readChunk(db, v, 0, 0)) as Float64Array;
    let train = 0, sum = 0, all = 0;
    for (let i = 0; i < x.length; i++) { all += x[i]; if (dict[codes[i]] === 'train') { train++; sum += x[i]; } }
    expect(train).toBe(4000);
    expect(Math.abs(sum / train)).toBeLessThan(1e-9);
    expect(Math.abs(all / x.length)).toBeGreaterThan(1e-6);
    db.close();
  });

  it('a recipe that cannot apply fails with the step named and stores nothing', async () => {
    const src = await importCsv(data(300), 'prep-bad');
    const db = await openBenchtopDB();
    const before = await db.count('datasetVersions');
    const bad: Recipe = { version: 1, steps: [{ type: 'standardize', params: { columns: ['color'] } }] };
    const err = await prep.apply(crypto.randomUUID(), src.versionId, bad, 'bad', { method: 'random', test: 0.2, validation: 0, seed: 1 }, () => {}).then(() => null, (e) => e);
    expect(errorInfo(err).message).toMatch(/Step 1 \(standardize\)/);
    expect(await db.count('datasetVersions')).toBe(before);
    expect(await db.count('staging')).toBe(0);
    db.close();
  });
});
