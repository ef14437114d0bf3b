import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, chunkToCsv, csvField, csvHeader, formatValue, type ColumnSchema, type IngestResult } from '../../../src/lib/data';
import { MemorySink, importText } from './helpers';

const col = (name: string, type: ColumnSchema['type']): ColumnSchema => ({ name, type, role: 'feature' });

/** Exports what an import stored, chunk by chunk, as the app's CSV export does. */
function exportCsv(result: IngestResult, sink: MemorySink): string {
  let out = csvHeader(result.columns);
  for (const w of [...sink.writes].sort((a, b) => a.chunk - b.chunk)) out += chunkToCsv(result.columns, w.data, result.dictionaries);
  return out;
}

describe('csvField and csvHeader', () => {
  it('quotes only what needs it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('in side')).toBe('in side');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(csvField('trail\t')).toBe('"trail\t"');
    expect(csvField('')).toBe('');
    expect(csvField('ünï😀')).toBe('ünï😀');
  });

  it('writes a header line', () => {
    expect(csvHeader([col('a', 'integer'), col('b,c', 'float')])).toBe('a,"b,c"\n');
  });
});

describe('formatValue', () => {
  it('formats stored values by column type, missing as empty', () => {
    const dict = ['x', 'y,z'];
    expect(formatValue(col('c', 'categorical'), 1, dict)).toBe('y,z');
    expect(formatValue(col('c', 'categorical'), -1, dict)).toBe('');
    expect(formatValue(col('n', 'float'), 2.5, [])).toBe('2.5');
    expect(formatValue(col('n', 'float'), NaN, [])).toBe('');
    expect(formatValue(col('n', 'float'), -Infinity, [])).toBe('-Infinity');
    expect(formatValue(col('b', 'boolean'), 1, [])).toBe('true');
    expect(formatValue(col('b', 'boolean'), 0, [])).toBe('false');
    expect(formatValue(col('d', 'datetime'), Date.UTC(2024, 0, 2), [])).toBe('2024-01-02');
    expect(formatValue(col('d', 'datetime'), Date.UTC(2024, 0, 2, 3, 4, 5), [])).toBe('2024-01-02T03:04:05Z');
  });
});

describe('chunkToCsv', () => {
  it('renders rows with quoting, missing values and every type', () => {
    const columns = [col('n', 'integer'), col('s', 'categorical'), col('b', 'boolean'), col('d', 'datetime'), col('f', 'float')];
    const data = [
      Float64Array.from([1, 2, NaN]),
      Int32Array.from([0, 1, -1]),
      Float64Array.from([1, 0, NaN]),
      Float64Array.from([Date.UTC(2024, 0, 2), NaN, Date.UTC(2024, 0, 2, 12)]),
      Float64Array.from([0.1, 1e21, -2.5e-7]),
    ];
    const dicts = [[], ['a "q", b', ' x'], [], [], []];
    expect(chunkToCsv(columns, data, dicts)).toBe('1,"a ""q"", b",true,2024-01-02,0.1\n2," x",false,,1e+21\n,,,2024-01-02T12:00:00Z,-2.5e-7\n');
    expect(chunkToCsv(columns, columns.map(() => new Float64Array(0)), dicts)).toBe('');
  });
});

describe('export then import', () => {
  it('gives the same version id (quoting, unicode, missing values, every type)', async () => {
    const source = [
      'id;label;price;ok;when;note',
      '1;"a;b";1.25;true;2024-01-02T10:30:00Z;"say ""hi"""',
      '2;"multi\nline";-3;false;2024-01-03;" padded "',
      '3;Zoë 😀;;yes;;"comma, here"',
      '4;"a;b";0.5;no;2024-02-29T00:00:01.500Z;NA',
      '5;plain;1e3;TRUE;2024-03-01;\'quote\'',
    ].join('\n');
    const first = await importText(source, 'source.csv');
    expect(first.result.columns.map((c) => c.type)).toEqual(['integer', 'categorical', 'float', 'boolean', 'datetime', 'categorical']);
    const exported = exportCsv(first.result, first.sink);
    const again = await importText(exported, 'export.csv');
    expect(again.preview.delimiter).toBe(',');
    expect(again.result.columns).toEqual(first.result.columns);
    expect(again.result.dictionaries).toEqual(first.result.dictionaries);
    expect(again.result.id).toBe(first.result.id);
    // A second round trip writes the same bytes.
    expect(exportCsv(again.result, again.sink)).toBe(exported);
  });

  it('gives the same version id for text and identifier columns across several chunks', async () => {
    let text = 'sku,review,qty\n';
    for (let i = 0; i < CHUNK_ROWS + 10; i++) text += `SKU-${i},"review ${i % 40000}, ok",${i % 13}\n`;
    const first = await importText(text, 'big.csv');
    expect(first.result.columns.map((c) => c.type)).toEqual(['identifier', 'text', 'integer']);
    const again = await importText(exportCsv(first.result, first.sink), 'export.csv');
    expect(again.result.id).toBe(first.result.id);
  });

  it('keeps -0 through a round trip', async () => {
    const first = await importText('x\n-0.0\n1.5\n2\n', 'z.csv');
    const again = await importText(exportCsv(first.result, first.sink), 'export.csv');
    expect(again.result.id).toBe(first.result.id);
  });

  it('keeps a float column of whole numbers float through a round trip', async () => {
    const first = await importText('price\n10.00\n2.0\n7.00\n', 'p.csv');
    expect(first.result.columns[0].type).toBe('float');
    const again = await importText(exportCsv(first.result, first.sink), 'export.csv');
    expect(again.result.columns[0].type).toBe('float');
    expect(again.result.id).toBe(first.result.id);
  });
});
