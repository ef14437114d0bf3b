// Deterministic benchmark CSV: 1,000,000 rows x 10 columns (7 floats, a 4-value category, a 0/1 flag, a 0/1 label).
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateBenchCsv(path, rows = 1_000_000) {
  if (existsSync(path) && statSync(path).size > 0) return path;
  mkdirSync(dirname(path), { recursive: true });
  const rand = mulberry32(42);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const cats = ['alpha', 'beta', 'gamma', 'delta'];
  const out = createWriteStream(path);
  out.write('f1,f2,f3,f4,f5,f6,f7,category,flag,label\n');
  let buf = '';
  for (let r = 0; r < rows; r++) {
    const f = [];
    for (let k = 0; k < 7; k++) f.push((gauss() * (k + 1) + k * 10).toFixed(4));
    const cat = cats[Math.floor(rand() * 4)];
    const flag = rand() < 0.3 ? 1 : 0;
    const score = +f[0] + 0.5 * +f[1] - 10 + (cat === 'beta' ? 1 : 0);
    const label = score + gauss() > 0 ? 1 : 0;
    buf += `${f.join(',')},${cat},${flag},${label}\n`;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise((r) => out.once('drain', r)); buf = ''; }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
  return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = process.argv[2] ?? 'test/bench/.data/bench-1m.csv';
  await generateBenchCsv(p);
  console.log(p, statSync(p).size);
}
