// Runs every test layer: Node unit tests, browser tests in the system Chromium, then the
// end-to-end tests of the built app. Exits non-zero when any layer fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium, NO_CHROMIUM_HELP } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(NO_CHROMIUM_HELP);
  process.exit(1);
}

const REPORTS = '.vitest';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const vitest = (project) => ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/${project}.json`];
const steps = [
  ['unit tests', vitest('unit')],
  ['browser tests', vitest('browser')],
  ['build', ['vite', 'build', '--logLevel', 'warn']],
  ['end-to-end tests', vitest('e2e')],
];

const results = [];
for (const [name, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const t = Date.now();
  const r = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } });
  results.push({ name, ok: r.status === 0, s: (Date.now() - t) / 1000 });
  if (r.status !== 0) break;
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.s.toFixed(1)} s)`);
let passed = 0, failed = 0, skipped = 0;
for (const project of ['unit', 'browser', 'e2e']) {
  const file = `${REPORTS}/${project}.json`;
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.every((r) => r.ok) && results.length === steps.length ? 0 : 1);
