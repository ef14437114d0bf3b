import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, openSession, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('Prepare page, end to end', () => {
  it('builds a recipe, previews it, applies it, shows the lineage, and round-trips its YAML', async () => {
    const s = await openSession(app);
    const { page } = s;
    await page.click('[data-testid=sample-penguins]');
    await page.waitForSelector('[data-testid=schema-table]');
    await page.click('[data-testid=import-confirm]');
    const source = await (await page.waitForSelector('[data-testid=version-view][data-rows="344"]')).getAttribute('data-version');

    await page.click('[data-testid=prepare-link]');
    await page.waitForSelector('[data-testid=add-step]');
    await page.fill('[data-testid=recipe-name]', 'clean penguins');
    await page.selectOption('[data-testid=add-step]', 'impute');
    await page.selectOption('[data-testid=add-step]', 'standardize');
    await page.selectOption('[data-testid=add-step]', 'one-hot');
    expect(await page.locator('[data-testid=steps] > li').count()).toBe(3);
    // The live preview shows the one-hot columns and no missing numbers left.
    await page.waitForSelector('[data-testid=preview-summary] >> text=Island=Biscoe');
    await page.screenshot({ path: 'test/e2e/screenshots/prepare.png' });

    await page.click('[data-testid=apply-recipe]');
    const view = await page.waitForSelector(`[data-testid=version-view]:not([data-version="${source}"])`);
    const derived = (await view.getAttribute('data-version'))!;
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    await page.waitForSelector('[data-testid=lineage]');
    expect(await page.locator('[data-testid=lineage] .node').count()).toBe(2);
    expect(await page.textContent('[data-testid=lineage]')).toContain('clean penguins');
    await page.screenshot({ path: 'test/e2e/screenshots/lineage.png' });

    await page.click('[data-testid=prepare-link]');
    await page.waitForSelector('[data-testid=add-step]');

    // Export the YAML, then import it back into an empty draft.
    await page.selectOption('[data-testid=add-step]', 'log1p');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-yaml]')]);
    const yaml = readFileSync((await download.path())!, 'utf8');
    expect(yaml).toContain('type: log1p');
    // The draft travels from version to version: the three steps, plus log1p.
    expect(await page.locator('[data-testid=steps] > li').count()).toBe(4);
    while ((await page.locator('[data-testid=steps] > li').count()) > 0) await page.click('[data-testid=steps] li >> [aria-label="Remove step"] >> nth=0');
    await page.setInputFiles('[data-testid=import-yaml]', { name: 'r.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=steps] > li').length === 4);
    expect(await page.locator('[data-testid=steps] > li >> nth=3').getAttribute('data-step')).toBe('log1p');

    // A broken YAML names its line.
    const bad = join(tmpdir(), 'bad-recipe.yaml');
    writeFileSync(bad, 'version: 1\nsteps:\n  - type: standardise\n');
    await page.setInputFiles('[data-testid=import-yaml]', bad);
    expect(await page.textContent('[data-testid=yaml-error]')).toMatch(/line 3/i);
    await s.context.close();
  });

  it('generates a validation suite, runs it on the version it came from and on a changed one', async () => {
    const s = await openSession(app);
    const { page } = s;
    await page.click('[data-testid=sample-cars]');
    await page.waitForSelector('[data-testid=schema-table]');
    await page.click('[data-testid=import-confirm]');
    await page.waitForSelector('[data-testid=version-view][data-rows="406"]');
    await page.click('[data-testid=prepare-link]');
    await page.click('[data-testid=tab-validate]');
    await page.click('[data-testid=generate-suite]');
    await page.waitForSelector('[data-testid=suite-rules] tbody tr');
    await page.click('[data-testid=run-suite]');
    const report = await page.waitForSelector('[data-testid=suite-report]');
    expect(await report.getAttribute('data-failed')).toBe('0');
    expect(Number(await report.getAttribute('data-passed'))).toBeGreaterThan(10);
    await page.screenshot({ path: 'test/e2e/screenshots/validation.png' });
    await s.context.close();
  });
});
