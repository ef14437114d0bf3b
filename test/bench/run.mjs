// Benchmark runner: `npm run bench` runs every benchmark, `npm run bench -- ingest [name ...]` only those.
// Figures go to stdout (one line per workload) and test/bench/results/<name>.json; logs go to stderr.
import { BenchFatal, BenchRun } from './lib.mjs';

/** Every benchmark, in run order; null = not built yet. Each module exports an async function(run). */
const BENCHMARKS = {
  ingest: () => import('./ingest.mjs').then((m) => m.ingest),
  prep: () => import('./prep.mjs').then((m) => m.prep),
  train: () => import('./train.mjs').then((m) => m.train),
  tracking: () => import('./tracking.mjs').then((m) => m.tracking),
  serve: () => import('./serve.mjs').then((m) => m.serve),
  drift: () => import('./drift.mjs').then((m) => m.drift),
};

const names = process.argv.slice(2).filter((a) => a !== '--');
const unknown = names.filter((n) => !Object.hasOwn(BENCHMARKS, n));
if (unknown.length) {
  console.error(`Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid names: ${Object.keys(BENCHMARKS).join(', ')}.`);
  process.exit(1);
}

const selected = names.length ? [...new Set(names)] : Object.keys(BENCHMARKS);
const run = new BenchRun();
let failed = 0;
try {
  for (const name of selected) {
    const load = BENCHMARKS[name];
    if (!load) { console.log(`${name}: not built yet`); continue; }
    try {
      await (await load())(run);
    } catch (e) {
      if (e instanceof BenchFatal) throw e;
      failed++;
      console.error(`[bench] ${name} FAILED: ${e.stack ?? e.message}`);
    }
  }
} catch (e) {
  console.error(e instanceof BenchFatal ? e.message : (e.stack ?? e.message));
  process.exitCode = 1;
} finally {
  await run.close();
}
if (failed) process.exitCode = 1;
