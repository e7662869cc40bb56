/**
 * The app in a real browser (Debian Chromium) against the real `veil serve` process: it loads with
 * no console errors, shows a dataset's images and lists its files through the API over HTTP with the
 * token, opens another folder by typed path, starts the practice project (at its walkthrough), shows
 * API errors legibly, and a page without the token is refused.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDccnFixture } from '../fixtures/dataset-tree.js';
import { chromiumMissingReason } from '../support/chromium.js';
import { AFTER_LOAD, useServedApp } from '../support/served-app.js';

if (chromiumMissingReason) console.warn(`Skipping browser UI tests: ${chromiumMissingReason}`);

describe.skipIf(chromiumMissingReason !== null)('Veil in Chromium through the browser shell', () => {
  const app = useServedApp(writeDccnFixture);

  it('loads with the dataset given on the command line scanned, its images in a table, and no console errors', async () => {
    await app.page.goto(app.veil.url);
    expect(new URL(app.page.url()).searchParams.has('token')).toBe(false);
    await expect.poll(() => app.page.locator('table.image-table tbody tr.image-row').count(), AFTER_LOAD).toBe(3);
    const rows = await app.page.locator('table.image-table tbody tr.image-row').allInnerTexts();
    expect(rows.map((row) => row.split('\t').map((cell) => cell.trim()).filter(Boolean))).toEqual([
      ['sub-001', 'ses-mri01', '002-t1_mprage_sag_ipat2_1p0iso', expect.stringMatching(/^00001_/), 't1', 'not-defaced'],
      ['sub-002', 'ses-mri01', '002-t1_mprage_sag_ipat2_1p0iso', expect.stringMatching(/^00001_/), 't1', 'not-defaced'],
      ['sub-010', 'ses-mri01', '004-fmri_task', expect.stringMatching(/^00001_/), 'functional'],
    ]);
    expect(app.problems).toEqual([]);
  });

  it('stays in the area clicked while it was still opening its dataset', async () => {
    // The start-up's dataset listing is held back until a tab has been clicked: on a loaded machine
    // it can answer that late, and the dataset it opens used to pull the page back to Dataset.
    let release = () => {};
    const clicked = new Promise<void>((resolve) => (release = resolve));
    await app.page.route('**/api/invoke', async (route) => {
      if ((route.request().postDataJSON() as { method?: string }).method === 'datasets.list') await clicked;
      await route.continue();
    });
    try {
      await app.page.goto(app.veil.url);
      const checklistTab = app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Checklist' });
      await checklistTab.click();
      release();
      await expect.poll(() => app.page.getByTestId('status-dataset').innerText(), AFTER_LOAD).toContain('Dataset: study');
      expect(await checklistTab.getAttribute('aria-current')).toBe('page');
      expect(await app.page.locator('table.image-table').isVisible()).toBe(false);
    } finally {
      await app.page.unroute('**/api/invoke');
    }
    await app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Dataset' }).click();
  });

  it('shows the files of the dataset in the Files view', async () => {
    await app.page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Files' }).click();
    await expect.poll(() => app.page.locator('table.file-list').innerText()).toContain('raw/');
    expect(await app.page.locator('table.file-list').innerText()).toContain('README.txt');
    expect(await app.page.getByTestId('status-dataset').innerText()).toContain('Dataset: study');
    expect(await app.page.getByRole('status').innerText()).toContain('browser shell');
    expect(await app.page.getByRole('navigation', { name: 'Areas' }).innerText()).toMatch(/Dataset\s+Walkthrough\s+Compare\s+Checklist/);
    expect(app.problems).toEqual([]);
  });

  it('browses into a folder and back through the breadcrumb', async () => {
    await app.page.getByRole('button', { name: 'raw/' }).click();
    await expect.poll(() => app.page.locator('table.file-list').innerText()).toContain('sub-010/');
    const rows = await app.page.locator('table.file-list tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['sub-001/', 'sub-002/', 'sub-010/']);
    await app.page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'study' }).click();
    await expect.poll(() => app.page.locator('table.file-list').innerText()).toContain('README.txt');
  });

  it('opens another folder by typed path (the "Open dataset" action) and lists its top level', async () => {
    const other = path.join(app.tmp, 'study', 'raw', 'sub-002');
    await app.page.getByLabel('Dataset folder').fill(other);
    await app.page.getByRole('button', { name: 'Open dataset' }).click();
    await expect.poll(() => app.page.getByTestId('status-dataset').innerText()).toContain('Dataset: sub-002');
    expect(await app.page.locator('table.file-list').innerText()).toContain('ses-mri01/');
  });

  it('starts the practice project in a typed folder and opens it at its walkthrough', async () => {
    await app.page.getByLabel('Dataset folder').fill(path.join(app.tmp, 'practice'));
    await app.page.getByRole('button', { name: 'Start practice project here' }).click();
    await expect.poll(() => app.page.getByTestId('walkthrough-summary').innerText(), { timeout: 30_000 }).toMatch(/^0 of 8 steps done/);
    expect(await app.page.getByTestId('status-dataset').innerText()).toContain('Dataset: practice');
    await app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Dataset' }).click();
    await app.page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Files' }).click();
    await expect.poll(() => app.page.locator('table.file-list').innerText()).toMatch(/admin\/[\s\S]*raw\//);
  }, 60_000);

  it('shows an API error legibly and lets the user dismiss it', async () => {
    await app.page.getByLabel('Dataset folder').fill(path.join(app.tmp, 'no-such-folder'));
    await app.page.getByRole('button', { name: 'Open dataset' }).click();
    const alert = app.page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('NOT_FOUND');
    expect(await alert.innerText()).toContain('no-such-folder');
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await app.page.getByRole('alert').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('refuses a browser that has no token', async () => {
    const stranger = await app.browser.newPage();
    const response = await stranger.goto(app.veil.origin);
    expect(response?.status()).toBe(401);
    expect(await stranger.locator('body').innerText()).toContain('Unauthorized');
    await stranger.close();
  });
});
