// prep: apply a six-step recipe (impute, outlier removal, standardize 7 columns, one-hot a category,
// a derived column, an 80/20 split) to the 1,000,000-row benchmark dataset in the built app, and
// time the pandas/scikit-learn equivalent on the same data in the same run.
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { ROOT, MB, PEER_PYTHON, benchCsv, environment, fmt, launchBrowser, log, pipePageLogs, requireChromium, sampleTreeRss, treeRss, writeResult } from './lib.mjs';

const RECIPE = `version: 1
steps:
  - type: impute
    columns: [f1, f2, f3, f4, f5, f6, f7]
    strategy: mean
  - type: remove-outliers
    columns: [f1]
    method: iqr
    k: 1.5
  - type: standardize
    columns: [f1, f2, f3, f4, f5, f6, f7]
  - type: one-hot
    columns: [category]
  - type: derived
    name: ratio
    expression: f2 / (abs(f3) + 1)
`;

const PEER = String.raw`
import json, sys, time
import numpy as np, pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.model_selection import train_test_split
df = pd.read_csv(sys.argv[1])
t0 = time.perf_counter()
num = ['f1','f2','f3','f4','f5','f6','f7']
train_idx, test_idx = train_test_split(np.arange(len(df)), test_size=0.2, random_state=42)
train = df.iloc[train_idx]
imp = SimpleImputer(strategy='mean').fit(train[num])
df[num] = imp.transform(df[num])
q1, q3 = np.percentile(df.iloc[train_idx]['f1'], [25, 75]); iqr = q3 - q1
keep = (df['f1'] >= q1 - 1.5 * iqr) & (df['f1'] <= q3 + 1.5 * iqr)
split = np.zeros(len(df), dtype=np.int8); split[test_idx] = 2
df = df[keep.values]; split = split[keep.values]
is_train = split == 0
sc = StandardScaler().fit(df.loc[is_train, num])
df[num] = sc.transform(df[num])
oh = OneHotEncoder(handle_unknown='ignore', sparse_output=False).fit(df.loc[is_train, ['category']])
onehot = pd.DataFrame(oh.transform(df[['category']]), columns=oh.get_feature_names_out(), index=df.index)
df = pd.concat([df.drop(columns=['category']), onehot], axis=1)
df['ratio'] = df['f2'] / (df['f3'].abs() + 1)
t1 = time.perf_counter()
print(json.dumps({'seconds': t1 - t0, 'rows': int(len(df)), 'columns': int(df.shape[1])}))
`;

function peer(path) {
  try {
    return JSON.parse(execFileSync(PEER_PYTHON, ['-c', PEER, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop());
  } catch (e) {
    log(`prep peer failed (${PEER_PYTHON} with pandas and scikit-learn; Debian: apt-get install -y python3-pandas python3-sklearn): ${e.message.split('\n')[0]}`);
    return null;
  }
}

function longTaskObserver() {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
}

/** @param {import('./lib.mjs').BenchRun} run */
export async function prep(run) {
  requireChromium();
  const url = await run.app();
  const csv = await benchCsv('bench-1m.csv', 1_000_000);
  const { browser, pid, close } = await launchBrowser();
  let b = null;
  try {
    const page = await browser.newPage();
    pipePageLogs(page, 'prep');
    await page.addInitScript(longTaskObserver);
    await page.goto(new URL('?seed=none', url).href, { waitUntil: 'load' });
    log(`prep: importing ${relative(ROOT, csv.path)} first`);
    await page.setInputFiles('[data-testid=file-input]', csv.path);
    await page.waitForSelector('[data-testid=schema-table]', { timeout: 120_000 });
    await page.click('[data-testid=import-confirm]');
    const view = await page.waitForSelector('[data-testid=version-view][data-rows="1000000"]', { timeout: 600_000 });
    const source = await view.getAttribute('data-version');
    await page.click('[data-testid=prepare-link]');
    await page.waitForSelector('[data-testid=add-step]');
    await page.setInputFiles('[data-testid=import-yaml]', { name: 'bench.yaml', mimeType: 'text/yaml', buffer: Buffer.from(RECIPE) });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=steps] > li').length === 5);
    await page.waitForSelector('[data-testid=preview-summary]', { timeout: 60_000 });
    await page.waitForTimeout(500);
    const baseline = treeRss(pid);
    const sampler = sampleTreeRss(pid, { everyMs: 50 });
    const t0 = await page.evaluate(() => performance.now());
    await page.click('[data-testid=apply-recipe]');
    await page.waitForSelector(`[data-testid=version-view]:not([data-version="${source}"])`, { timeout: 600_000 });
    const t1 = await page.evaluate(() => performance.now());
    const mem = sampler.stop();
    const lt = await page.evaluate(([a, z]) => window.__lt.filter(([s, d]) => s + d > a && s < z).map(([, d]) => d), [t0, t1]);
    const rows = Number(await page.getAttribute('[data-testid=version-view]', 'data-rows'));
    b = { seconds: (t1 - t0) / 1000, rows, longestTaskMs: lt.length ? Math.max(...lt) : 0, memoryDeltaMB: Math.max(0, mem.peak - baseline) / MB, chromium: browser.version() };
  } catch (e) {
    console.error(`[bench] prep failed: ${e.stack ?? e.message}`);
  } finally {
    await close();
  }
  const p = peer(csv.path);
  const ratio = b && p ? b.seconds / p.seconds : null;
  const lineText = `prep recipe-6-steps-1m: ${b ? `benchtop ${fmt(b.seconds)} s (load + split + fit + transform + profile + store, ${b.rows.toLocaleString('en-US')} rows out), longest main-thread task ${fmt(b.longestTaskMs, 0)} ms, peak memory +${fmt(b.memoryDeltaMB, 0)} MB` : 'benchtop FAILED'}; ${p ? `pandas/scikit-learn ${fmt(p.seconds)} s (in memory, ${p.rows.toLocaleString('en-US')} rows out)` : 'pandas/scikit-learn n/a'} ratio ${fmt(ratio)}`;
  console.log(lineText);
  writeResult('prep', { benchmark: 'prep', ...environment(b?.chromium ?? null), recipe: RECIPE, split: 'random 80/20, seed 42', benchtop: b, peer: p, ratio, line: lineText });
  if (!b) throw new Error('prep benchmark failed');
}
