// Enforces the import rules of the architecture (see README "Layout"):
// - src/lib imports nothing outside src/lib and never touches document/window;
// - workers/ import only src/lib, comlink and tfjs;
// - src/bridge imports only types from src/lib/protocol.ts (plus the worker's API type);
// - components and pages never reach a worker, the bridge or IndexedDB directly.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const files = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(f) ? [p] : [];
  });
const IMPORT = /^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|new URL\(['"]([^'"]+)['"]/gm;

const problems = [];
function imports(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(IMPORT)) out.push({ typeOnly: !!m[1], spec: m[2] ?? m[3] ?? m[4], text });
  return out;
}
const inside = (file, spec, dir) => spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(root, dir));

for (const f of files(join(root, 'src/lib'))) {
  const rel = relative(root, f);
  for (const { spec } of imports(f)) {
    if (spec.startsWith('.') && !inside(f, spec, 'src/lib')) problems.push(`${rel}: imports ${spec} from outside src/lib`);
    if (/^(svelte|comlink)/.test(spec)) problems.push(`${rel}: src/lib must not import ${spec}`);
  }
  const code = readFileSync(f, 'utf8');
  if (/\b(document|window)\./.test(code)) problems.push(`${rel}: touches document/window`);
}
for (const f of files(join(root, 'workers'))) {
  const rel = relative(root, f);
  for (const { spec } of imports(f)) {
    if (spec.startsWith('.') && !inside(f, spec, 'src/lib') && !inside(f, spec, 'workers')) problems.push(`${rel}: workers may import only src/lib (and start other workers), not ${spec}`);
    if (!spec.startsWith('.') && !/^(comlink|@tensorflow\/)/.test(spec)) problems.push(`${rel}: workers may import only comlink and tfjs, not ${spec}`);
  }
}
for (const f of files(join(root, 'src/bridge'))) {
  const rel = relative(root, f);
  for (const { spec, typeOnly } of imports(f)) {
    if (inside(f, spec, 'src/lib') && (!typeOnly || !spec.endsWith('lib/protocol'))) problems.push(`${rel}: the bridge may import only types from src/lib/protocol.ts, not ${spec}`);
    if (inside(f, spec, 'workers') && !typeOnly && !/\.ts$/.test(spec)) problems.push(`${rel}: the bridge may import only the worker's API type, not ${spec}`);
  }
}
for (const dir of ['src/components', 'src/pages']) {
  for (const f of files(join(root, dir))) {
    const rel = relative(root, f);
    for (const { spec, typeOnly } of imports(f)) {
      if (/^(comlink|idb)$/.test(spec) || /\/bridge\//.test(spec) || /\/workers\//.test(spec)) problems.push(`${rel}: components and pages go through src/state, not ${spec}`);
      if (/lib\/store/.test(spec) && !typeOnly) problems.push(`${rel}: components and pages read storage through src/state, not ${spec}`);
    }
    if (/\bindexedDB\b|new Worker\(/.test(readFileSync(f, 'utf8'))) problems.push(`${rel}: touches IndexedDB or a Worker directly`);
  }
}
if (problems.length) {
  console.error(`Import rules broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('import rules: ok');
