import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, openSession, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('Train page, end to end', () => {
  it('trains on a sample from the UI, shows the live curve, cancels one run, finishes another and shows its evaluation', async () => {
    const s = await openSession(app);
    const { page } = s;
    await importSample(page, 'breast-cancer', 569);
    await page.click('[data-testid=train-link]');
    await page.waitForSelector('[data-testid=target]');
    expect(await page.inputValue('[data-testid=target]')).toBe('diagnosis');
    expect(await page.inputValue('[data-testid=task]')).toBe('binary');

    // A long MLP run, cancelled once its curve has points.
    await page.selectOption('[data-testid=model]', 'mlp');
    // Long enough to cancel: the stopping rule waits 1,000 epochs for no improvement.
    await page.fill('[data-param=max_iter]', '10000');
    await page.dispatchEvent('[data-param=max_iter]', 'change');
    await page.fill('[data-param=n_iter_no_change]', '1000');
    await page.dispatchEvent('[data-param=n_iter_no_change]', 'change');
    await page.selectOption('[data-testid=backend]', 'wasm');
    await page.click('[data-testid=train]');
    await page.waitForSelector('[data-testid=job][data-status=RUNNING] figure svg path.line');
    await page.screenshot({ path: 'test/e2e/screenshots/train-live.png' });
    await page.click('[data-testid=cancel]');
    await page.waitForSelector('[data-testid=job][data-status=KILLED]');

    // A logistic regression that finishes.
    await page.selectOption('[data-testid=model]', 'logistic-regression');
    await page.fill('[data-testid=run-name]', 'e2e-logistic');
    await page.click('[data-testid=train]');
    await page.waitForSelector('[data-testid=job][data-status=FINISHED]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=job][data-status=KILLED]').count()).toBe(1);
    await page.waitForSelector('[data-testid=runs] >> text=e2e-logistic');
    expect(await page.textContent('[data-testid=runs]')).toContain('KILLED');

    await page.click('[data-testid=job][data-status=FINISHED] [data-testid=open-run]');
    await page.waitForSelector('[data-testid=metrics] [data-metric=accuracy]');
    expect(await page.textContent('[data-testid=run-name]')).toBe('e2e-logistic');
    expect(await page.textContent('[data-testid=run-status]')).toBe('FINISHED');
    const accuracy = Number(await page.textContent('[data-testid=metrics] [data-metric=accuracy]'));
    expect(accuracy).toBeGreaterThan(0.9);
    expect(await page.locator('svg[aria-label="ROC curve"] path.line').count()).toBe(1);
    expect(await page.locator('[data-testid=per-class] tbody tr').count()).toBe(4);
    expect(await page.locator('[data-testid=worst] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test/e2e/screenshots/run.png', fullPage: true });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('a grid search shows its candidates; a bad search space is refused before any work', async () => {
    const s = await openSession(app);
    const { page } = s;
    await importSample(page, 'cars', 406);
    await page.click('[data-testid=train-link]');
    await page.waitForSelector('[data-testid=target]');
    await page.selectOption('[data-testid=target]', 'Miles_per_Gallon');
    expect(await page.inputValue('[data-testid=task]')).toBe('regression');
    // Cars has missing values: without imputation the run is refused with the column named.
    await page.click('[data-testid=train]');
    await page.waitForSelector('[data-testid=train-error]');
    expect(await page.textContent('[data-testid=train-error]')).toMatch(/missing/i);
    await page.selectOption('[data-testid=missing]', 'impute');
    await page.selectOption('[data-testid=model]', 'ridge');
    await page.check('[data-testid=search-on]');
    await page.fill('[data-space=alpha]', '0.01, 1, 100');
    await page.fill('[data-testid=folds]', '3');
    await page.click('[data-testid=train]');
    await page.waitForSelector('[data-testid=job][data-status=FINISHED]', { timeout: 60_000 });
    await page.click('[data-testid=job][data-status=FINISHED] [data-testid=open-run]');
    await page.waitForSelector('[data-testid=cv-results] tbody tr >> nth=2');
    expect(await page.locator('[data-testid=cv-results] tbody tr').count()).toBe(3);
    expect(await page.locator('svg[aria-label="Predicted against actual values"] circle').count()).toBeGreaterThan(50);
    await page.screenshot({ path: 'test/e2e/screenshots/search.png', fullPage: true });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
  it('a run left RUNNING by a closed page is marked KILLED when the app next opens', async () => {
    const s = await openSession(app);
    const { page } = s;
    await importSample(page, 'breast-cancer', 569);
    await page.click('[data-testid=train-link]');
    await page.waitForSelector('[data-testid=target]');
    await page.selectOption('[data-testid=model]', 'mlp');
    await page.fill('[data-param=max_iter]', '10000');
    await page.dispatchEvent('[data-param=max_iter]', 'change');
    await page.fill('[data-param=n_iter_no_change]', '1000');
    await page.dispatchEvent('[data-param=n_iter_no_change]', 'change');
    await page.selectOption('[data-testid=backend]', 'cpu');
    await page.fill('[data-testid=run-name]', 'left-running');
    await page.click('[data-testid=train]');
    await page.waitForSelector('[data-testid=job][data-status=RUNNING] figure svg path.line');
    // The tab goes away mid-run: its worker dies without ending the run.
    await page.goto(app.origin + '/?seed=none#/experiments');
    await page.waitForSelector('[data-testid=runs-table] [data-run]');
    // The start-up sweep (2 s after opening) finds the run without its lock.
    await page.waitForFunction(async () => {
      const row = [...document.querySelectorAll('[data-testid=runs-table] [data-run]')].find((r) => r.textContent?.includes('left-running'));
      if (row?.textContent?.includes('KILLED')) return true;
      document.querySelector<HTMLSelectElement>('[aria-label="Which runs"]')?.dispatchEvent(new Event('change'));
      return false;
    }, null, { timeout: 20_000, polling: 1000 });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
