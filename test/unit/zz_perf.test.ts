import { test } from 'vitest';
import { openAsBlob } from 'node:fs';
import { previewFile, ingest } from '../../src/lib/data';

test('perf', async () => {
  const blob = await openAsBlob('test/bench/.data/bench-1m.csv');
  let t = performance.now();
  const p = await previewFile(blob, 'bench.csv');
  console.log('preview', performance.now() - t, p.columns.map((c) => c.type + ':' + c.role).join(' '), p.estimatedRows);
  t = performance.now();
  const sink = { async write() {}, async reset() {} };
  const r = await ingest(blob, { format: p.format, delimiter: p.delimiter, columns: p.columns, fixed: p.columns.map(() => false), skipMalformed: false }, sink, {
    progress: (x) => { if (x.kind === 'progress' && x.phase === 'profile' && x.done === 0) console.log('parse done', performance.now() - t); },
  });
  console.log('ingest', performance.now() - t, r.rows, r.id, r.columns.map((c) => c.type).join(','));
  console.log(JSON.stringify(r.profile.columns[0]).slice(0, 600));
  console.log(JSON.stringify(r.profile.columns[7]).slice(0, 300));
}, 120000);
