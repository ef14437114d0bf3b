/**
 * CSV in and out for batch scoring. In: the text is tokenized with the importer's RFC 4180
 * tokenizer (delimiter sniffed as on import) into text columns (missing markers are missing), a
 * recipe table the predictor conforms to the signature (each distinct string parsed once). Out:
 * the input columns, the prediction, one probability column per class and an `error` column
 * with the reasons of refused rows.
 */
import { csvField, formatValue } from '../data/export';
import { CsvTokenizer, unescapeQuotes } from '../data/csv';
import { hasBom, sniffDelimiter } from '../data/sniff';
import { decodeField, isMissingString } from '../data/values';
import { BenchtopError } from '../errors';
import { codesColumn, isNumeric, type Table } from '../recipe/table';
import type { Violation } from './types';
import { isHard } from './validate-input';

/** A CSV text as a table of text columns (header names as given; ragged rows are refused). */
export function csvToTable(text: string): Table {
  const bytes = new TextEncoder().encode(text);
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  const delimiter = sniffDelimiter(body.subarray(0, 1 << 16), 'csv');
  let header: string[] | null = null;
  const cols: (string | null)[][] = [];
  const tok = new CsvTokenizer(delimiter, (r) => {
    if (r.count === 1 && r.starts[0] === r.ends[0] && r.flags[0] === 0) return true; // blank line
    const fields: string[] = [];
    for (let f = 0; f < r.count; f++) {
      const v = decodeField(r.buf, r.starts[f], r.ends[f]);
      fields.push(r.flags[f] === 2 ? unescapeQuotes(v) : v);
    }
    if (!header) {
      header = fields.map((h) => h.trim());
      header.forEach(() => cols.push([]));
      return true;
    }
    if (fields.length !== header.length) {
      throw new BenchtopError('RAGGED_ROW', `Line ${r.line} has ${fields.length} fields; the header has ${header.length}.`, { line: r.line });
    }
    // As the importer: unquoted fields are trimmed, quoted ones kept as written.
    for (let f = 0; f < fields.length; f++) { const t = fields[f].trim(); cols[f].push(isMissingString(t) ? null : r.flags[f] === 0 ? t : fields[f]); }
    return true;
  });
  tok.push(body, true);
  if (!header) throw new BenchtopError('EMPTY_FILE', 'The CSV holds no header row.');
  const names: string[] = header;
  return { rows: cols[0]?.length ?? 0, columns: names.map((n, i) => codesColumn(n, cols[i], 'text')) };
}

/** Formats rows [from, to) of a table plus its predictions as CSV lines. */
export function csvLines(
  t: Table, from: number, to: number,
  pred: { yPred: Float64Array; proba?: Float64Array; refused: Map<number, readonly Violation[]> },
  classes: string[] | null, offset: number,
): string {
  const fmt = t.columns.map((c) => {
    if (!isNumeric(c)) { const q = c.dictionary.map(csvField); return (i: number) => (c.codes[i] < 0 ? '' : q[c.codes[i]]); }
    const schema = { name: c.name, type: c.type, role: c.role };
    return (i: number) => formatValue(schema, c.values[i], []);
  });
  const k = classes?.length ?? 0, parts: string[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    let line = '';
    for (let c = 0; c < fmt.length; c++) line += (c ? ',' : '') + fmt[c](i);
    const j = i - offset, y = pred.yPred[j];
    line += (fmt.length ? ',' : '') + (y !== y ? '' : classes ? csvField(classes[y]) : String(y));
    if (k) for (let c = 0; c < k; c++) { const p = pred.proba?.[j * k + c]; line += ',' + (p === undefined || p !== p ? '' : String(p)); }
    const why = pred.refused.get(j);
    line += ',' + (why ? csvField(why.filter(isHard).map((v) => v.message).join(' ')) : '');
    parts[i - from] = line;
  }
  return parts.join('\n') + (parts.length ? '\n' : '');
}

/** The header: input columns, prediction, proba_<class> per class, error (names made unique). */
export function csvHeaderLine(t: Table, classes: string[] | null, predictionName = 'prediction'): string {
  const taken = new Set(t.columns.map((c) => c.name));
  const unique = (n: string) => { let m = n, k = 2; while (taken.has(m)) m = `${n}_${k++}`; taken.add(m); return m; };
  const names = [...t.columns.map((c) => c.name), unique(predictionName), ...(classes ?? []).map((c) => unique(`proba_${c}`)), unique('error')];
  return names.map(csvField).join(',') + '\n';
}
