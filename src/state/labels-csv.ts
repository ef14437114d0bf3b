/**
 * Ground-truth labels from a CSV file of (prediction id, label): a header naming the columns
 * (`id`/`prediction_id` and `label`/`y`/`target`, any case) or, without one, the first two
 * columns. Numeric labels become numbers (regression); the rest stay text (class labels).
 */
import { CsvTokenizer, unescapeQuotes } from '../lib/data/csv';
import { BenchtopError } from '../lib/errors';

export interface ParsedLabels {
  labels: { id: string; label: string | number }[];
  /** Rows without an id or a label (1-based lines), at most 20 listed. */
  skipped: number[];
  skippedCount: number;
}

const ID_NAMES = ['id', 'prediction_id', 'predictionid', 'prediction id'];
const LABEL_NAMES = ['label', 'y', 'target', 'actual', 'truth', 'ground_truth'];
const decoder = new TextDecoder();

export function parseLabelCsv(bytes: Uint8Array): ParsedLabels {
  const rows: { line: number; fields: string[] }[] = [];
  const text = decoder.decode(bytes.subarray(0, 2048));
  const delimiter = text.split('\n')[0].includes('\t') && !text.split('\n')[0].includes(',') ? '\t' : text.split('\n')[0].includes(';') && !text.split('\n')[0].includes(',') ? ';' : ',';
  const tok = new CsvTokenizer(delimiter, (r) => {
    const fields: string[] = [];
    for (let i = 0; i < r.count; i++) {
      const s = decoder.decode(r.buf.subarray(r.starts[i], r.ends[i]));
      fields.push((r.flags[i] === 2 ? unescapeQuotes(s) : s).trim());
    }
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: r.line, fields });
  });
  tok.push(bytes, true);
  if (rows.length === 0) throw new BenchtopError('EMPTY_FILE', 'The labels file is empty: it needs one row per prediction, with the prediction id and its label.');
  const head = rows[0].fields.map((f) => f.toLowerCase().replace(/^\ufeff/, ''));
  let idCol = head.findIndex((h) => ID_NAMES.includes(h));
  let labelCol = head.findIndex((h) => LABEL_NAMES.includes(h));
  let body = rows;
  if (idCol >= 0 || labelCol >= 0) {
    if (idCol < 0 || labelCol < 0) {
      throw new BenchtopError('BAD_REQUEST', `The labels file's header (${rows[0].fields.join(', ')}) needs an id column (${ID_NAMES.join(', ')}) and a label column (${LABEL_NAMES.join(', ')}).`, { header: rows[0].fields });
    }
    body = rows.slice(1);
  } else {
    if (rows[0].fields.length < 2) throw new BenchtopError('BAD_REQUEST', 'The labels file needs two columns: the prediction id, then the label.');
    [idCol, labelCol] = [0, 1];
  }
  const labels: ParsedLabels['labels'] = [];
  const skipped: number[] = [];
  let skippedCount = 0;
  for (const r of body) {
    const id = r.fields[idCol] ?? '', raw = r.fields[labelCol] ?? '';
    if (!id || raw === '') {
      skippedCount++;
      if (skipped.length < 20) skipped.push(r.line);
      continue;
    }
    const n = Number(raw);
    labels.push({ id, label: raw !== '' && Number.isFinite(n) && /^[-+.\d]/.test(raw) ? n : raw });
  }
  return { labels, skipped, skippedCount };
}
