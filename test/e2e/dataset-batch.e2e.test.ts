/**
 * The Dataset tab's batch deface in Chromium against the real `veil serve`: a DCCN phantom dataset
 * with two T1s and a functional series shows its images with kinds and 'not-defaced' badges; the
 * T1s are selected and defaced with progress shown, and after the rescan their badges say 'defaced'.
 * A dataset of 10,000 images renders only the rows in view.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../fixtures/scan-fixtures.js';
import { PHANTOM_DATASET, writePhantomDataset } from '../fixtures/phantom-dataset.js';
import { chromiumMissingReason } from '../support/chromium.js';
import { AFTER_LOAD, useServedApp } from '../support/served-app.js';

describe.skipIf(chromiumMissingReason !== null)('batch deface from the Dataset tab, in Chromium', () => {
  const app = useServedApp(writePhantomDataset);

  const row = (relative: string) => app.page.locator(`tr.image-row[data-path="${relative}"]`);

  it('shows every image with its kind and the T1s as not defaced', async () => {
    await app.page.goto(app.veil.url);
    await expect.poll(() => app.page.locator('tr.image-row').count(), AFTER_LOAD).toBe(3);
    for (const t1 of PHANTOM_DATASET.t1s) {
      expect(await row(t1).innerText()).toMatch(/t1\s+not-defaced/);
    }
    expect(await row(PHANTOM_DATASET.functional).innerText()).toContain('functional');
    expect(await row(PHANTOM_DATASET.functional).getByRole('checkbox').count()).toBe(0);
    await app.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'T1 not defaced' }).click();
    await expect.poll(() => app.page.locator('tr.image-row').count()).toBe(2);
    expect(app.problems).toEqual([]);
  });

  it('defaces the selected T1s with progress, then shows them as defaced', async () => {
    await app.page.getByRole('button', { name: 'Select all visible T1s' }).click();
    await app.page.getByLabel('Engine').selectOption('native');
    await app.page.getByRole('button', { name: 'Deface selected (2)' }).click();

    const panel = app.page.getByRole('region', { name: 'Batch progress' });
    await expect.poll(() => panel.locator('li.batch-image').count()).toBe(2);
    await expect.poll(() => app.page.getByTestId('batch-status').innerText(), { timeout: 60_000 }).toMatch(/^Finished: 2 defaced/);
    for (const t1 of PHANTOM_DATASET.t1s) {
      const item = panel.locator(`li.batch-image[data-path="${t1}"]`);
      expect(await item.getAttribute('data-status')).toBe('done');
      expect(await item.innerText()).toContain('100%');
    }

    await app.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Defaced', exact: true }).click();
    await expect.poll(() => app.page.locator('tr.image-row').count()).toBe(2);
    for (const t1 of PHANTOM_DATASET.t1s) expect(await row(t1).innerText()).toMatch(/t1\s+defaced/);
    expect(app.problems).toEqual([]);
  });

  it('renders only the visible rows of a 10,000-image dataset, down to the last one', async () => {
    const big = path.join(app.tmp, 'big');
    const series = ['002-t1_mprage_sag_ipat2_1p0iso', '004-fmri_task', '006-dwi', '008-t2_space'];
    const subjects = Array.from({ length: 2_500 }, (_, n) => `sub-${String(n + 1).padStart(4, '0')}`);
    await writeTree(big, subjects.flatMap((subject) => series.map((name) => `raw/${subject}/ses-mri01/${name}/00001_${subject}.nii`)));
    await app.page.getByLabel('Dataset folder').fill(big);
    await app.page.getByRole('button', { name: 'Open dataset' }).click();
    await expect.poll(() => app.page.locator('.scan-summary').innerText(), { timeout: 30_000 }).toContain('10000 images');
    await app.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();
    expect(await app.page.locator('tr.image-row').count()).toBeLessThan(60);
    expect(await app.page.locator('table.image-table').getAttribute('aria-rowcount')).toBe('10001');

    await app.page.getByRole('region', { name: 'Images' }).evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    await expect.poll(() => app.page.locator('tr.image-row').last().getAttribute('data-path')).toBe('raw/sub-2500/ses-mri01/008-t2_space/00001_sub-2500.nii');
    expect(await app.page.locator('tr.image-row').count()).toBeLessThan(60);
    expect(app.problems).toEqual([]);
  });
});
