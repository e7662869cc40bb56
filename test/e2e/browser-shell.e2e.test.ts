/**
 * The app in a real browser (Debian Chromium) against the real `veil serve` process: it loads with
 * no console errors, lists a dataset through the API over HTTP with the token, opens another folder
 * by typed path, shows API errors legibly, and a page without the token is refused.
 */
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDccnFixture } from '../fixtures/dataset-tree.js';
import { requireBuild } from '../support/built-app.js';
import { chromiumMissingReason, launchChromium } from '../support/chromium.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startVeilServe, type ServingVeil } from '../support/veil-process.js';

if (chromiumMissingReason) console.warn(`Skipping browser UI tests: ${chromiumMissingReason}`);

describe.skipIf(chromiumMissingReason !== null)('Veil in Chromium through the browser shell', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let veil: ServingVeil;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    await writeDccnFixture(path.join(tmp.path, 'study'));
    veil = await startVeilServe([path.join(tmp.path, 'study')]);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await veil?.stop();
    await tmp?.remove();
  });

  it('loads with the dataset given on the command line listed, and no console errors', async () => {
    await page.goto(veil.url);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await expect.poll(() => page.locator('table.file-list').innerText()).toContain('raw/');
    expect(await page.locator('table.file-list').innerText()).toContain('README.txt');
    expect(await page.getByTestId('status-dataset').innerText()).toContain('Dataset: study');
    expect(await page.getByRole('status').innerText()).toContain('browser shell');
    expect(await page.getByRole('navigation', { name: 'Areas' }).innerText()).toMatch(/Dataset\s+Deface\s+Compare\s+Checklist/);
    expect(problems).toEqual([]);
  });

  it('browses into a folder and back through the breadcrumb', async () => {
    await page.getByRole('button', { name: 'raw/' }).click();
    await expect.poll(() => page.locator('table.file-list').innerText()).toContain('sub-010/');
    const rows = await page.locator('table.file-list tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['sub-001/', 'sub-002/', 'sub-010/']);
    await page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'study' }).click();
    await expect.poll(() => page.locator('table.file-list').innerText()).toContain('README.txt');
  });

  it('opens another folder by typed path (the "Open dataset" action) and lists its top level', async () => {
    const other = path.join(tmp.path, 'study', 'raw', 'sub-002');
    await page.getByLabel('Dataset folder').fill(other);
    await page.getByRole('button', { name: 'Open dataset' }).click();
    await expect.poll(() => page.getByTestId('status-dataset').innerText()).toContain('Dataset: sub-002');
    expect(await page.locator('table.file-list').innerText()).toContain('ses-mri01/');
  });

  it('shows an API error legibly and lets the user dismiss it', async () => {
    await page.getByLabel('Dataset folder').fill(path.join(tmp.path, 'no-such-folder'));
    await page.getByRole('button', { name: 'Open dataset' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('NOT_FOUND');
    expect(await alert.innerText()).toContain('no-such-folder');
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('refuses a browser that has no token', async () => {
    const stranger = await browser.newPage();
    const response = await stranger.goto(veil.origin);
    expect(response?.status()).toBe(401);
    expect(await stranger.locator('body').innerText()).toContain('Unauthorized');
    await stranger.close();
  });
});
