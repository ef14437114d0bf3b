// Runs every test layer: Node unit tests, browser tests in the system Chromium, then the
// end-to-end tests of the built app. Exits non-zero when any layer fails.
import { spawnSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM_HELP } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(NO_CHROMIUM_HELP);
  process.exit(1);
}

const steps = [
  ['unit tests', ['vitest', 'run', '--project', 'unit']],
  ['browser tests', ['vitest', 'run', '--project', 'browser']],
  ['build', ['vite', 'build', '--logLevel', 'warn']],
  ['end-to-end tests', ['vitest', 'run', '--project', 'e2e']],
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
process.exit(results.every((r) => r.ok) && results.length === steps.length ? 0 : 1);
