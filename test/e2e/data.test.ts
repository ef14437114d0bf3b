import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startApp, openSession, chooseFile, importFile, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const stat = async (page: import('playwright-core').Page, column: string, name: string) =>
  (await page.textContent(`[data-testid=column-card][data-column="${column}"] [data-stat="${name}"]`))?.trim();

describe('Data page, end to end', () => {
  it('imports a CSV through the file chooser, profiles it, survives a reload, and never leaves the origin', async () => {
    const s = await openSession(app);
    const { page } = s;
    await chooseFile(page, 'test/fixtures/measurements.csv');
    // Inferred types are shown before saving.
    expect(await page.inputValue('[data-testid=type-2]')).toBe('float');
    expect(await page.inputValue('[data-testid=type-5]')).toBe('datetime');
    const version = await importFile(page, 'test/fixtures/measurements.csv');
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.textContent('[data-testid=row-count]')).toBe('8');

    // Profile figures match pandas' describe() on the same file.
    await page.click('[data-testid=tab-profile]');
    await page.waitForSelector('[data-testid=profile]');
    expect(await stat(page, 'temperature', 'mean')).toBe('20.32');
    expect(await stat(page, 'temperature', 'std')).toBe('2.178');
    expect(await stat(page, 'temperature', 'min')).toBe('17.25');
    expect(await stat(page, 'temperature', 'max')).toBe('23.25');
    expect(await stat(page, 'temperature', 'p50')).toBe('20');
    expect(await stat(page, 'temperature', 'p5')).toBe('17.7');
    expect(await stat(page, 'temperature', 'missing')).toMatch(/^1 /);
    expect(await stat(page, 'visits', 'mean')).toBe('9.5');
    expect(await stat(page, 'site', 'distinct')).toBe('3');
    expect(await stat(page, 'note', 'missing')).toMatch(/^1 /);
    await page.screenshot({ path: 'test/e2e/screenshots/profile.png' });

    // HTML in values is text, never markup.
    await page.click('[data-testid=tab-rows]');
    await page.waitForSelector('[data-testid=rows-table]');
    expect(await page.locator('[data-testid=rows-table] b').count()).toBe(0);
    expect(await page.textContent('[data-testid=rows-table]')).toContain('<b>bold</b>');

    // A deep link reloads to the same view.
    const url = page.url();
    expect(url).toContain(version);
    await page.reload();
    await page.waitForSelector(`[data-testid=version-view][data-version="${version}"]`);
    expect(await page.locator('[data-testid=dataset-link]').count()).toBe(1);

    // Importing the same content again stores nothing new.
    await chooseFile(page, 'test/fixtures/measurements.csv');
    await page.click('[data-testid=import-confirm]');
    await page.waitForSelector('[data-testid=import-existed]');
    expect(await page.textContent('[data-testid=import-existed]')).toContain(version.slice(0, 12));

    const origin = new URL(app.origin).origin;
    const foreign = s.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(s.errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    await s.context.close();
  });

  it('opens on a sample dataset at the first visit, and only then', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.origin + '/');
    await page.waitForSelector('[data-testid=version-view][data-rows="344"]');
    expect(await page.textContent('[data-testid=dataset-title]')).toBe('Palmer penguins');
    await page.screenshot({ path: 'test/e2e/screenshots/first-visit.png' });
    // Deleted by the user: it does not come back.
    await page.click('text=Delete');
    await page.click('[data-testid=confirm-delete]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dataset-link]').length === 0);
    await page.goto(app.origin + '/');
    await page.waitForSelector('[data-testid=drop-zone]');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid=dataset-link]').count()).toBe(0);
    await context.close();
  });

  it('sets a Content-Security-Policy that forbids other origins and inline script', async () => {
    const html = await (await fetch(app.origin + '/')).text();
    const meta = (/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
    expect(meta).toContain("default-src 'self'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toContain('unsafe-inline');
    // 'wasm-unsafe-eval' (WebAssembly for the tfjs WASM backend) is allowed; JavaScript eval is not.
    expect(meta).not.toContain("'unsafe-eval'");
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval';");
  });

  it('shows a specific error for a broken file and writes nothing', async () => {
    const s = await openSession(app);
    const { page } = s;
    const ragged = Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n');
    await chooseFile(page, { name: 'ragged.csv', mimeType: 'text/csv', buffer: ragged });
    // The review warns and blocks; skipping is offered.
    expect(await page.textContent('[data-testid=import-panel]')).toContain('line 3');
    expect(await page.isDisabled('[data-testid=import-confirm]')).toBe(true);

    await chooseFile(page, { name: 'picture.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]) });
    expect(await page.getAttribute('[data-testid=import-error]', 'data-code')).toBe('BINARY_FILE');
    expect(await page.textContent('[data-testid=import-error]')).toContain('PNG');

    await chooseFile(page, { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    expect(await page.getAttribute('[data-testid=import-error]', 'data-code')).toBe('EMPTY_FILE');

    await chooseFile(page, { name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n') });
    expect(await page.getAttribute('[data-testid=import-error]', 'data-code')).toBe('HEADER_ONLY');

    await chooseFile(page, { name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from([...Buffer.from('city,n\nZ'), 0xfc, ...Buffer.from('rich,1\n')]) });
    expect(await page.getAttribute('[data-testid=import-error]', 'data-code')).toBe('INVALID_UTF8');
    expect(await page.textContent('[data-testid=import-error]')).toContain('line 2');

    // Skipping malformed rows imports the rest and says how many were skipped.
    await chooseFile(page, { name: 'ragged.csv', mimeType: 'text/csv', buffer: ragged });
    await page.check('[data-testid=skip-malformed]');
    await page.click('[data-testid=import-confirm]');
    await page.waitForSelector('[data-testid=version-view]');
    expect(await page.textContent('[data-testid=row-count]')).toBe('2');
    expect(await page.textContent('[data-testid=version-view]')).toContain('Skipped 1 malformed row (lines 3)');
    expect(await page.locator('[data-testid=dataset-link]').count()).toBe(1);
    await s.context.close();
  });

  it('cancels a running import without saving anything, then deletes a dataset', async () => {
    const s = await openSession(app);
    const { page } = s;
    // About 12 MB: long enough to cancel mid-way.
    let csv = 'x,y,label\n';
    const rows: string[] = [];
    for (let i = 0; i < 600_000; i++) rows.push(`${(i * 0.37) % 101},${(i * 7919) % 1000},${i % 3 === 0 ? 'a' : 'b'}`);
    csv += rows.join('\n');
    await chooseFile(page, { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=import-confirm]');
    await page.waitForSelector('[data-testid=import-progress]');
    await page.click('[data-testid=import-cancel]');
    await page.waitForSelector('[data-testid=import-error][data-code=CANCELLED]');
    expect(await page.locator('[data-testid=dataset-link]').count()).toBe(0);
    const stored = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((res, rej) => { const r = indexedDB.open('benchtop'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const count = (store: string) => new Promise<number>((res) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => res(r.result); });
      const out = { chunks: await count('columnChunks'), versions: await count('datasetVersions'), staging: await count('staging') };
      db.close();
      return out;
    });
    expect(stored).toEqual({ chunks: 0, versions: 0, staging: 0 });

    // Import a sample, export it as CSV, then delete it with confirmation.
    await page.click('[data-testid=sample-penguins]');
    await page.waitForSelector('[data-testid=schema-table]');
    await page.click('[data-testid=import-confirm]');
    await page.waitForSelector('[data-testid=version-view][data-rows="344"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex');
    expect(text.trim().split('\n')).toHaveLength(345);
    await page.click('text=Delete');
    await page.click('[data-testid=confirm-delete]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dataset-link]').length === 0);
    await s.context.close();
  });
});
