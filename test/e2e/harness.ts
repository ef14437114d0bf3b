import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_HELP } from '../tools/chromium.mjs';

export interface App {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

/** The built app's folder: dist/, or BENCHTOP_DIST (for a build made elsewhere, e.g. `vite build --outDir .scratch/d`). */
const DIST = process.env.BENCHTOP_DIST ?? 'dist';

/** Serves the built app (dist/) with `vite preview` and launches the system Chromium. */
export async function startApp(): Promise<App> {
  if (!existsSync(`${DIST}/index.html`)) throw new Error(`${DIST}/ is missing: run \`npx vite build\` first (npm test does).`);
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_HELP);
  const port = await freePort();
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--outDir', DIST, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'pipe', detached: true });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(origin + '/');
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 150) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        server.kill('SIGTERM');
      }
    },
  };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors, page errors and CSP violations. */
  errors: string[];
}

export async function openSession(app: App): Promise<Session> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  // ?seed=none: no sample is imported for the first visit, so each test starts empty.
  await page.goto(app.origin + '/?seed=none');
  await page.waitForSelector('[data-testid=drop-zone]');
  return { context, page, requests, errors };
}

/** Picks a file in the file chooser and waits for the schema review (or an error). */
export async function chooseFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=schema-table], [data-testid=import-error]');
}

export async function importFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<string> {
  await chooseFile(page, file);
  await page.click('[data-testid=import-confirm]');
  const view = await page.waitForSelector('[data-testid=version-view]');
  return (await view.getAttribute('data-version'))!;
}

/** Imports a bundled sample from the drop zone and waits for its version (of `rows` rows). */
export async function importSample(page: Page, sample: string, rows: number): Promise<void> {
  await page.click(`[data-testid=sample-${sample}]`);
  await page.waitForSelector('[data-testid=schema-table]');
  await page.click('[data-testid=import-confirm]');
  await page.waitForSelector(`[data-testid=version-view][data-rows="${rows}"]`);
}
