/**
 * The Registry page driven in the built app: two runs trained from the UI are registered as
 * versions 1 and 2; v1 becomes champion; v2 is refused as champion without a gate or a reason,
 * fails a strict gate, is promoted with a written override; the history shows each step; the
 * version is exported as a bundle (a real download) and imported back as version 3; a corrupt
 * bundle is refused with its reason and writes nothing; the Data page's lineage graph shows the
 * runs and model versions.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importSample, openSession, startApp, type App } from './harness';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const SHOTS = 'test/e2e/screenshots';

/** A screenshot of the whole page: the app scrolls inside <main>, so the viewport is made tall for it. */
async function shot(page: Page, name: string, height = 900): Promise<void> {
  await page.setViewportSize({ width: 1400, height });
  await page.screenshot({ path: `${SHOTS}/registry-${name}.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** Trains a logistic regression named `name` with inverse regularisation `C` and waits for it to finish. */
async function train(page: Page, name: string, C: string, finished: number): Promise<void> {
  await page.selectOption('[data-testid=model]', 'logistic-regression');
  await page.fill('[data-param=C]', C);
  await page.dispatchEvent('[data-param=C]', 'change');
  await page.fill('[data-testid=run-name]', name);
  await page.click('[data-testid=train]');
  await page.waitForSelector(`[data-testid=job][data-status=FINISHED] >> nth=${finished - 1}`, { timeout: 60_000 });
}

/** Opens the run named `name` from the recent runs list and registers it under `model`. */
async function register(page: Page, run: string, model: string, isNew: boolean): Promise<void> {
  await page.click(`[data-testid=runs] >> text=${run}`);
  await page.waitForSelector('[data-testid=register-open]');
  expect(await page.textContent('[data-testid=run-name]')).toBe(run);
  await page.click('[data-testid=register-open]');
  await page.waitForSelector('[data-testid=register-dialog]');
  if (isNew) {
    await page.selectOption('[data-testid=register-model]', '');
    await page.fill('[data-testid=register-name]', model);
  } else {
    await page.selectOption('[data-testid=register-model]', model);
  }
  await page.fill('[data-testid=register-description]', `from ${run}`);
  await page.click('[data-testid=register]');
  await page.waitForSelector('[data-testid=register-done]');
}

describe('Registry page, end to end', () => {
  it('registers two runs, gates and overrides a promotion, exports and imports a bundle', async () => {
    const s = await openSession(app);
    const { page } = s;
    await page.goto(app.origin + '/?seed=none#/registry');
    await page.waitForSelector('[data-testid=registry-empty]');
    expect(await page.textContent('[data-testid=registry-empty]')).toMatch(/open its run and press Register/);
    await shot(page, 'empty');

    await page.goto(app.origin + '/?seed=none#/data');
    await importSample(page, 'breast-cancer', 569);
    const dataUrl = page.url();
    await page.click('[data-testid=train-link]');
    await page.waitForSelector('[data-testid=target]');
    await train(page, 'reg-a', '1', 1);
    await train(page, 'reg-b', '0.01', 2);
    const trainUrl = page.url();

    await register(page, 'reg-a', 'cancer', true);
    expect(await page.textContent('[data-testid=register-link]')).toBe('cancer v1');
    await page.goto(trainUrl);
    await page.waitForSelector('[data-testid=runs] >> text=reg-b');
    await register(page, 'reg-b', 'cancer', false);
    expect(await page.textContent('[data-testid=register-link]')).toBe('cancer v2');
    await page.waitForSelector('[data-testid=registered-as] >> text=Registered as cancer v2');
    await shot(page, 'run');

    // The models list: one model, two versions, no aliases yet.
    await page.click('nav >> text=Registry');
    await page.waitForSelector('[data-testid=models] tr[data-model=cancer]');
    expect(await page.textContent('[data-testid=models] tr[data-model=cancer]')).toMatch(/v2/);

    // v1 becomes the first champion: nothing to compare with, no gate needed.
    await page.click('[data-testid=models] tr[data-model=cancer] a.name');
    await page.waitForSelector('[data-testid=versions] tr[data-version="2"]');
    await page.click('[data-testid=versions] tr[data-version="1"] a.v');
    await page.waitForSelector('[data-testid=model-version][data-version="1"]');
    await page.fill('[data-testid=alias-input]', 'champion');
    await page.click('[data-testid=alias-set]');
    await page.waitForSelector('[data-testid=aliases] [data-alias=champion]');
    // The first Production version needs no gate either.
    await page.selectOption('[data-testid=stage-select]', 'Production');
    await page.click('[data-testid=stage-apply]');
    await page.waitForSelector('[data-testid=model-version][data-stage=Production]');

    // v2 as champion without a gate or a reason: refused, with the reason.
    await page.goto(app.origin + '/?seed=none#/registry/cancer/2');
    await page.waitForSelector('[data-testid=model-version][data-version="2"]');
    await page.fill('[data-testid=alias-input]', 'champion');
    expect(await page.textContent('[data-testid=alias-set]')).toBe('Move from v1');
    await page.click('[data-testid=alias-set]');
    await page.waitForSelector('[data-testid=version-error][data-code=GATE_FAILED]');
    expect(await page.textContent('[data-testid=version-error]')).toMatch(/no gate has been run for version 2/);
    expect(await page.locator('[data-testid=aliases] [data-alias=champion]').count()).toBe(0);
    expect(await page.isDisabled('[data-testid=promote-champion]')).toBe(true);

    // A strict gate on the training data: accuracy at least 0.9999 fails.
    await page.click('[data-testid=gate] button >> text=Add a check');
    const last = page.locator('[data-testid=gate] tr[data-check]').last();
    await last.locator('select[aria-label="Check metric"]').selectOption('accuracy');
    await last.locator('select[aria-label="Check kind"]').selectOption('min');
    await last.locator('input[aria-label=Threshold]').fill('0.9999');
    await page.click('[data-testid=gate-run]');
    await page.waitForSelector('[data-testid=gate-result]', { timeout: 60_000 });
    expect(await page.getAttribute('[data-testid=gate-result]', 'data-passed')).toBe('false');
    expect(await page.textContent('[data-testid=gate-result]')).toMatch(/against the champion v1/);
    expect(await page.locator('[data-testid=gate-check][data-passed=false]').count()).toBeGreaterThan(0);
    // Failed: promotion needs a reason of at least 10 characters.
    expect(await page.isDisabled('[data-testid=promote-champion]')).toBe(true);
    await page.fill('[data-testid=override-reason]', 'too short');
    expect(await page.isDisabled('[data-testid=promote-champion]')).toBe(true);
    await page.fill('[data-testid=override-reason]', 'Stronger regularisation is wanted for drift; accepted by the e2e test.');
    await page.click('[data-testid=promote-champion]');
    await page.waitForSelector('[data-testid=aliases] [data-alias=champion]');
    expect(await page.textContent('[data-testid=version-notice]')).toMatch(/@champion.*overridden/);
    const history = page.locator('[data-testid=model-version] [data-testid=transitions]');
    await history.locator('tr[data-kind=override]').waitFor();
    expect(await history.locator('tr[data-kind=override]').textContent()).toMatch(/accepted by the e2e test/);
    expect(await history.locator('tr[data-kind=gate]').count()).toBe(1);
    expect(await history.locator('tr[data-kind=alias-set]').textContent()).toMatch(/moved from version 1 to 2/);
    // The card, signature, lineage and usage code are all there.
    expect(await page.locator('[data-testid=signature] tr[data-column]').count()).toBe(30);
    expect(await page.locator('[data-testid=lineage-chain] li[data-kind=run] a').getAttribute('href')).toMatch(/^#\/runs\//);
    expect(await page.locator('[data-testid=lineage-chain] li[data-kind=version] a').first().getAttribute('href')).toMatch(/^#\/data\//);
    expect(await page.locator('[data-testid=usage-snippet]').count()).toBeGreaterThan(0);
    await page.click('[data-testid=card-edit]');
    await page.fill('[data-card-field=intendedUse]', 'Screening **research** only.');
    await page.click('[data-testid=card-save]');
    await page.waitForSelector('[data-card-text=intendedUse] strong');
    // A gate with the default checks now passes (v2 is the champion: nothing better to beat), so
    // v2 moves to Production without a reason, archiving v1.
    await page.click('[data-testid=gate] button >> text=Default checks');
    await page.click('[data-testid=gate-run]');
    await page.waitForSelector('[data-testid=gate-result][data-passed=true]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=override-reason]').count()).toBe(0);
    await page.click('[data-testid=promote-production]');
    await page.waitForSelector('[data-testid=model-version][data-stage=Production]');
    expect(await page.textContent('[data-testid=version-notice]')).toMatch(/in Production/);
    await shot(page, 'version', 2600);

    // Export: a real download of cancer-v2.benchtop.zip.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-bundle]')]);
    expect(download.suggestedFilename()).toBe('cancer-v2.benchtop.zip');
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    // A truncated bundle, and one whose model card was edited after export (its checksum no longer
    // matches), are refused with the reason, and nothing is written.
    await page.click('[data-testid=model-version] .head a >> text=Registry');
    await page.waitForSelector('[data-testid=models]');
    await page.setInputFiles('[data-testid=bundle-input]', { name: 'broken.benchtop.zip', mimeType: 'application/zip', buffer: Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(100)]) });
    await page.waitForSelector('[data-testid=registry-error][data-code=BAD_BUNDLE]');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files)).toContain('card.md');
    files['card.md'] = strToU8(strFromU8(files['card.md']).replace('Screening', 'Diagnosis'));
    await page.setInputFiles('[data-testid=bundle-input]', { name: 'tampered.benchtop.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) });
    await page.waitForSelector('[data-testid=registry-error][data-code=BAD_BUNDLE] >> text=/card\\.md/');
    expect(await page.textContent('[data-testid=registry-error]')).toMatch(/checksum|SHA-256/i);
    expect(await page.textContent('[data-testid=models] tr[data-model=cancer] td.num')).toBe('2');
    await shot(page, 'refused');

    // The exported bundle, dropped on the page, imports back as version 3 with its bundle as source.
    const dropped = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'cancer-v2.benchtop.zip', { type: 'application/zip' }));
      return dt;
    }, bytes.toString('base64'));
    await page.dispatchEvent('[data-testid=bundle-drop]', 'drop', { dataTransfer: dropped });
    await page.waitForSelector('[data-testid=model-version][data-version="3"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=model-version] .head')).toMatch(/imported from cancer-v2\.benchtop\.zip/);
    await page.click('[data-testid=model-version] .head a >> text=cancer');
    await page.waitForSelector('[data-testid=versions] tr[data-version="3"]');
    expect(await page.locator('[data-testid=model-view] [data-testid=transitions] tr[data-kind=import]').count()).toBe(1);
    expect(await page.textContent('[data-testid=versions] tr[data-version="1"]')).toMatch(/Archived/);
    expect(await page.textContent('[data-testid=versions] tr[data-version="2"]')).toMatch(/Production/);
    expect(await page.textContent('[data-testid=model-view] [data-testid=transitions]')).toMatch(/archived when version 2 went to Production/);
    await shot(page, 'model', 1400);
    await page.click('[data-testid=registry-page] a >> text=Registry');
    await page.waitForSelector('[data-testid=models] tr[data-model=cancer]');
    expect(await page.textContent('[data-testid=models] tr[data-model=cancer]')).toMatch(/@champion v2/);
    expect(await page.textContent('[data-testid=models] tr[data-model=cancer] td:nth-child(5)')).toBe('v2');
    await shot(page, 'list');

    // The Data page's lineage graph: the dataset version, both runs, and the three versions (v3, from
    // the bundle of v2, declares reg-b as its run, which is on this device).
    await page.goto(dataUrl.replace(/\/?$/, '') + '/lineage');
    await page.waitForSelector('[data-testid=lineage] .node.model');
    expect(await page.locator('[data-testid=lineage] .node.run').count()).toBe(2);
    expect(await page.locator('[data-testid=lineage] .node.model').count()).toBe(3);
    await shot(page, 'lineage');
    await page.click('[data-testid=lineage] .node.model >> nth=0');
    await page.waitForSelector('[data-testid=model-version]');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('creates a model, edits it, and deletes it only after the name is typed', async () => {
    const s = await openSession(app);
    const { page } = s;
    await page.goto(app.origin + '/?seed=none#/registry');
    await page.waitForSelector('[data-testid=registry-empty]');
    await page.click('[data-testid=create-model-open]');
    await page.fill('[data-testid=create-model-name]', 'bad name!');
    await page.click('[data-testid=create-model]');
    await page.waitForSelector('[data-testid=registry-error][data-code=BAD_REGISTRY]');
    expect(await page.textContent('[data-testid=registry-error]')).toMatch(/not a valid model name/);
    await page.fill('[data-testid=create-model-name]', 'scratch');
    await page.click('[data-testid=create-model]');
    await page.waitForSelector('[data-testid=model-view][data-model=scratch]');
    expect(await page.textContent('[data-testid=versions], [data-testid=model-view]')).toMatch(/No versions yet/);
    await page.fill('[data-testid=model-description]', 'A model with no versions.');
    await page.dispatchEvent('[data-testid=model-description]', 'change');
    await page.fill('[aria-label="Tag name"]', 'team');
    await page.fill('[aria-label="Tag value"]', 'e2e');
    await page.click('button >> text=Set tag');
    await page.waitForSelector('[data-testid=transitions] tr[data-kind=edit] >> nth=1');
    await page.click('[data-testid=delete-model]');
    expect(await page.isDisabled('[data-testid=delete-confirm]')).toBe(true);
    await page.fill('[data-testid=delete-confirm-name]', 'scratch');
    await page.click('[data-testid=delete-confirm]');
    await page.waitForSelector('[data-testid=registry-empty]');
    // The history of a deleted model stays readable under its name.
    await page.goto(app.origin + '/?seed=none#/registry/scratch');
    await page.waitForSelector('[data-testid=transitions] tr[data-kind=delete]');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
