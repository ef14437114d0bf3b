import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, openSession, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('Experiments page, end to end', () => {
  it("shows a grid search's parent and child runs, narrows them with a filter, compares three and renders the charts", async () => {
    const s = await openSession(app);
    const { page } = s;
    await importSample(page, 'breast-cancer', 569);
    await page.click('[data-testid=train-link]');
    await page.waitForSelector('[data-testid=target]');
    await page.check('[data-testid=search-on]');
    await page.fill('[data-space=C]', '0.001, 0.01, 0.1, 1, 10');
    await page.fill('[data-testid=folds]', '3');
    await page.fill('[data-testid=run-name]', 'grid-c');
    await page.click('[data-testid=train]');
    await page.waitForSelector('[data-testid=job][data-status=FINISHED]', { timeout: 90_000 });

    await page.click('nav >> text=Experiments');
    await page.waitForSelector('[data-testid=runs-table] [data-run]');
    expect(await page.textContent('[data-testid=match-count]')).toBe('6 of 6 runs');
    expect(await page.locator('[data-testid=runs-table] >> text=grid-c-3').count()).toBe(1);

    // A syntax error points at its position; a valid filter narrows the table.
    await page.fill('[data-testid=filter]', "params.C = 0.1");
    await page.waitForSelector('[data-testid=filter-error]');
    expect(await page.textContent('[data-testid=filter-error]')).toMatch(/position 11/);
    await page.fill('[data-testid=filter]', "tags.`benchtop.kind` = 'candidate' AND params.C IN ('0.01', '0.1', '1') ORDER BY params.C");
    await page.waitForFunction(() => document.querySelector('[data-testid=match-count]')?.textContent === '3 of 6 runs');
    expect(await page.locator('[data-testid=filter-error]').count()).toBe(0);
    await page.screenshot({ path: 'test/e2e/screenshots/experiments.png' });

    await page.check('[aria-label="Check every run shown"]');
    await page.click('[data-testid=compare]');
    await page.waitForSelector('[data-testid=compare-table]');
    expect(await page.locator('[data-testid=compare-table] thead th').count()).toBe(4);
    await page.waitForSelector('[data-testid=parallel] svg path');
    expect(await page.locator('svg[aria-label^="mean_test_score by"], svg[aria-label*="by C"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test/e2e/screenshots/compare.png', fullPage: true });

    // The run page: tags and a note are editable; the note renders as Markdown.
    await page.click('[data-testid=compare-table] thead th a >> nth=0');
    await page.waitForSelector('[data-testid=tags]');
    await page.fill('[data-testid=tag-key]', 'team');
    await page.fill('[data-testid=tag-value]', 'e2e');
    await page.click('[data-testid=tags] >> text=Set tag');
    await page.waitForSelector('[data-testid=tags] >> text=e2e');
    await page.click('[data-testid=note-edit]');
    await page.fill('[data-testid=note-text]', '**best** fold <script>x</script>');
    await page.click('[data-testid=note-save]');
    await page.waitForSelector('[data-testid=note] strong');
    expect(await page.locator('[data-testid=note] script').count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
