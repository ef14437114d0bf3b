import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, canonicalSchema, ingest, previewFile, sha256, toHex, versionId, type ImportOptions } from '../../../src/lib/data';
import { dictionaryBytes } from '../../../src/lib/data/hash';
import { ChunkedBlob, MemorySink, blob, bytes, importText, optionsFrom } from './helpers';

const idOf = async (content: string | Uint8Array, name = 'data.csv', change?: (o: ImportOptions) => ImportOptions | void) => (await importText(content, name, change)).result.id;

describe('hash primitives', () => {
  it('computes SHA-256 (FIPS 180-2 test vectors) and hex', async () => {
    expect(toHex(await sha256(bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(await sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const view = bytes('xxabcxx').subarray(2, 5);
    expect(toHex(await sha256(view))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(await sha256(bytes('abc').buffer as ArrayBuffer))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
  });

  it('writes the schema canonically: names, types, roles, date formats in column order', () => {
    const s = canonicalSchema(3, [
      { name: 'a', type: 'integer', role: 'feature' },
      { name: 'd', type: 'datetime', role: 'timestamp', dateFormat: 'dmy' },
    ]);
    expect(JSON.parse(s)).toEqual({
      format: 'benchtop-dataset-v1',
      rows: 3,
      columns: [
        { name: 'a', type: 'integer', role: 'feature' },
        { name: 'd', type: 'datetime', role: 'timestamp', dateFormat: 'dmy' },
      ],
    });
  });

  it('combines header and digests into an id that depends on each', async () => {
    const d1 = await sha256(bytes('one'));
    const d2 = await sha256(bytes('two'));
    const id = await versionId('h', [[d1], [d2]]);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await versionId('h', [[d1], [d2]])).toBe(id);
    expect(await versionId('h2', [[d1], [d2]])).not.toBe(id);
    expect(await versionId('h', [[d2], [d1]])).not.toBe(id);
    expect(dictionaryBytes(['a', 'b'])).toEqual(bytes('a\u0000b'));
  });
});

describe('dataset version id', () => {
  const base = 'id,name,score,ok,when\n1,Ann,1.5,true,2024-01-02\n2,Bob,,false,2024-01-03\n3,Ann,-2.25,true,\n';

  it('is the same for the same content, whatever the file name', async () => {
    expect(await idOf(base)).toBe(await idOf(base, 'other-name.csv'));
  });

  it('ignores line ends, a BOM, quoting, spaces around unquoted values and the delimiter', async () => {
    const id = await idOf(base);
    expect(await idOf(base.replaceAll('\n', '\r\n'))).toBe(id);
    expect(await idOf(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(base)]))).toBe(id);
    expect(await idOf(base.replace('1,Ann,', '1,"Ann",'))).toBe(id);
    expect(await idOf(base.replace('2,Bob,', '2, Bob ,'))).toBe(id);
    expect(await idOf(base.replaceAll(',', ';'))).toBe(id);
    expect(await idOf(base.replace('1.5', '1.50'))).toBe(id);
    expect(await idOf(base.replace('2,Bob,,', '2,Bob,NA,'))).toBe(id);
  });

  it('changes with the column order, a value, a missing value, a type or a role', async () => {
    const id = await idOf(base);
    const swapped = 'name,id,score,ok,when\nAnn,1,1.5,true,2024-01-02\nBob,2,,false,2024-01-03\nAnn,3,-2.25,true,\n';
    const others = [
      await idOf(swapped),
      await idOf(base.replace('1.5', '1.25')),
      await idOf(base.replace('2,Bob', '2,Bo')),
      await idOf(base.replace('2024-01-03', '2024-01-04')),
      await idOf(base.replace('1.5', '')),
      await idOf(base.replace('1,Ann,1.5', '1,Ann,2')),
      await idOf(base, 'data.csv', (o) => { o.columns[0].type = 'float'; o.fixed[0] = true; }),
      await idOf(base, 'data.csv', (o) => { o.columns[2].role = 'target'; }),
      await idOf(base, 'data.csv', (o) => { o.columns[1].role = 'ignore'; }),
      await idOf(base + '4,Cy,0,false,2024-01-05\n'),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('is the same for CSV, a JSON array and NDJSON holding the same typed data', async () => {
    const records = [
      { id: 1, name: 'Ann', score: 1.5, ok: true, when: '2024-01-02' },
      { id: 2, name: 'Bob', score: null, ok: false, when: '2024-01-03' },
      { id: 3, name: 'Ann', score: -2.25, ok: true },
    ];
    const csv = await importText(base);
    const json = await importText(JSON.stringify(records), 'data.json');
    const nd = await importText(records.map((r) => JSON.stringify(r)).join('\n'), 'data.ndjson');
    expect(json.result.columns).toEqual(csv.result.columns);
    expect(json.result.id).toBe(csv.result.id);
    expect(nd.result.id).toBe(csv.result.id);
  });

  it('does not depend on how the file is chunked (small file)', async () => {
    const file = blob(base);
    const opts = optionsFrom(await previewFile(file, 'data.csv'));
    const id = (await ingest(file, opts, new MemorySink())).id;
    for (const step of [1, 3, 7, 64]) expect((await ingest(new ChunkedBlob(base, step), opts, new MemorySink())).id, `step ${step}`).toBe(id);
  });

  it('does not depend on how the file is chunked (more than one row chunk)', async () => {
    const rows = CHUNK_ROWS + 1234;
    let text = 'k,x,c\n';
    for (let i = 0; i < rows; i++) text += `${i},${(i * 0.37).toFixed(2)},${'abcde'[i % 5]}\n`;
    const data = bytes(text);
    const file = blob(data);
    const opts = optionsFrom(await previewFile(file, 'big.csv'));
    const first = await ingest(file, opts, new MemorySink());
    expect(first.chunks).toBe(2);
    for (const step of [4096, 65_537, 1_000_003]) {
      const r = await ingest(new ChunkedBlob(data, step), opts, new MemorySink());
      expect(r.id, `step ${step}`).toBe(first.id);
    }
  });
});
