/**
 * The Walkthrough area in Chromium against the real `veil serve`: the practice project is created
 * through the app, every step is done with the app's own buttons (a batch, Compare and its review
 * bar, the Checklist's sections), each step turns done as the core sees it in the project, and the
 * course ends with a publication copy that passes its gate and a written report. Slow by nature (five
 * phantom heads are defaced and each pair is rendered for review): one file, generous timeouts.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRACTICE_KEY_FILE } from '../../src/tutorial/practice-files.js';
import { appProblems, chromiumMissingReason } from '../support/chromium.js';
import { waitUntilShown } from '../support/compare-page.js';
import { AFTER_LOAD, useServedApp } from '../support/served-app.js';

/** Defacing a 2 mm phantom takes a few seconds of CPU; the machine is shared, so allow for ten times that. */
const DEFACE_TIMEOUT = 180_000;

describe.skipIf(chromiumMissingReason !== null)('the walkthrough of the practice project, in Chromium', () => {
  // The app starts on an ordinary (empty) folder: the walkthrough is only for the practice project.
  const app = useServedApp((folder) => mkdir(folder, { recursive: true }).then(() => undefined));
  const nav = (area: string) => app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: area }).click();
  const step = (id: string) => app.page.locator(`li.walkthrough-step[data-step="${id}"]`);
  const section = (name: string) => app.page.getByRole('region', { name });
  const practice = () => path.join(app.tmp, 'veil-practice');

  /** Back in the walkthrough, waits until the step shows `status`. */
  async function expectStep(id: string, status: 'done' | 'todo', timeout = 30_000): Promise<void> {
    if (!(await app.page.locator('.walkthrough').isVisible())) await nav('Walkthrough');
    await expect.poll(() => step(id).getAttribute('data-status'), { timeout }).toBe(status);
  }

  it('offers no walkthrough for a dataset that is not a practice project', async () => {
    await app.page.goto(app.veil.url);
    await expect.poll(() => app.page.getByTestId('status-dataset').innerText(), AFTER_LOAD).toContain('study');
    await nav('Walkthrough');
    await expect.poll(() => app.page.getByTestId('walkthrough-empty').innerText()).toContain('not a practice project');
    expect(app.problems).toEqual([]);
  });

  it('creates the practice project from the Dataset tab and opens its walkthrough, nothing done yet', async () => {
    await app.page.getByRole('button', { name: 'Go to the Dataset tab' }).click();
    await app.page.getByLabel('Dataset folder').fill(practice());
    await app.page.getByRole('button', { name: 'Start practice project here' }).click();
    await expect.poll(() => app.page.getByTestId('walkthrough-summary').innerText(), { timeout: 60_000 }).toMatch(/^0 of 8 steps done/);
    expect(await app.page.getByRole('heading', { level: 1 }).innerText()).toBe('Walkthrough: veil-practice');
    expect(await step('survey').innerText()).toContain('5 in T1s that still show a face.');
    expect(await step('deface-all').locator('pre').innerText()).toBe('$ veil deface-all veil-practice --engine native');
    expect(await step('deface-one').locator('.todo').innerText()).toBe("sub-001's T1 is not defaced yet.");
  });

  it('defaces the first T1, and compares it with its original', async () => {
    await step('deface-one').getByRole('button', { name: 'Deface this T1' }).click();
    await expectStep('deface-one', 'done', DEFACE_TIMEOUT);
    expect(await step('deface-all').locator('.todo').innerText()).toBe('4 of 5 T1s not defaced yet: sub-002, sub-003, sub-004, sub-005.');
    await step('deface-one').getByRole('button', { name: 'Compare with the original' }).click();
    await waitUntilShown(app.page);
    const back = app.page.getByRole('region', { name: 'Compare' }).getByRole('button', { name: 'Back to the walkthrough' });
    expect(await back.count()).toBe(1);
    // Compare opened from the sidebar is not part of a step: no way back is offered.
    await nav('Dataset');
    await nav('Compare');
    await expect.poll(() => back.count()).toBe(0);
  });

  it('defaces the other four T1s', async () => {
    await nav('Walkthrough');
    await step('deface-all').getByRole('button', { name: 'Deface these 4 T1s' }).click();
    await expectStep('deface-all', 'done', DEFACE_TIMEOUT);
    expect(await step('review').locator('.todo').innerText()).toBe('5 of 5 defaced T1s not reviewed yet: sub-001, sub-002, sub-003, sub-004, sub-005.');
  }, DEFACE_TIMEOUT);

  it('reviews each defaced T1 in Compare, one after the other', async () => {
    for (let left = 5; left > 0; left--) {
      await expect.poll(() => step('review').locator('.todo').innerText()).toContain(`${left} of 5 defaced T1s not reviewed yet`);
      await step('review').getByRole('button', { name: 'Compare with the original' }).click();
      await waitUntilShown(app.page);
      await section('Review').getByRole('button', { name: /^Pass/ }).click();
      await expect.poll(() => app.page.getByTestId('review-status').innerText()).toMatch(/^pass/);
      // Opened by the step: Compare offers the way back to it.
      await app.page.getByRole('region', { name: 'Compare' }).getByRole('button', { name: 'Back to the walkthrough' }).click();
      await expect.poll(() => app.page.locator('.walkthrough').isVisible()).toBe(true);
    }
    await expectStep('review', 'done');
    expect(await step('review').innerText()).toContain('5 of 5 T1s reviewed as pass.');
  }, 300_000);

  it('disposes of the key in the Checklist section the step opens', async () => {
    await step('key').getByRole('button', { name: 'Open Pseudonymization key' }).click();
    const key = section('Pseudonymization key');
    // Opened at its section: the key section is scrolled to the top of the checklist, not left below the items.
    await expect.poll(() => key.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(200);
    await key.locator('li', { hasText: PRACTICE_KEY_FILE }).getByRole('button', { name: 'This is the key' }).click();
    await key.getByLabel('File name').fill('koppeltabel.csv');
    await key.getByRole('button', { name: 'Delete the key' }).click();
    await expect.poll(() => key.innerText()).toContain('was deleted and verified gone');
    await expectStep('key', 'done');
    expect(existsSync(path.join(practice(), ...PRACTICE_KEY_FILE.split('/')))).toBe(false);
  });

  it('chooses what to publish: localizers and BOLD runs out, handedness dropped, date of birth and sex justified', async () => {
    expect(await step('minimize').locator('.todo').innerText()).toContain('10 of 10 localizer and BOLD series still go into the copy');
    await step('minimize').getByRole('button', { name: 'Open Data minimization' }).click();
    const minimization = section('Data minimization');
    await minimization.getByText(/^Files: /).click();
    const leftOut = minimization.locator('li', { hasText: /\/(001-localizer_32ch|005-cmrr_mbep2d_bold_mb6_2p0iso)\// }).getByRole('checkbox', { checked: true });
    // Each box turns off once the core recorded the exclusion: one at a time.
    for (let left = await leftOut.count(); left > 0; left--) {
      await leftOut.first().click();
      await expect.poll(() => leftOut.count()).toBe(left - 1);
    }
    await minimization.locator('tr[data-column="handedness"]').getByRole('button', { name: 'Leave out' }).click();
    await expect.poll(() => minimization.locator('tr[data-column="handedness"]').innerText()).toContain('Left out');
    for (const [column, why] of [['date_of_birth', 'Birth year for cohort effects'], ['sex', 'Covariate in the group analysis']] as const) {
      const row = minimization.locator(`tr[data-column="${column}"]`);
      await row.getByRole('textbox').fill(why);
      await row.getByRole('button', { name: 'Keep with this reason' }).click();
      await expect.poll(() => row.getByRole('button', { name: 'Keep with this reason' }).isDisabled()).toBe(true);
    }
    await minimization.getByRole('button', { name: 'Confirm the selection' }).click();
    await expectStep('minimize', 'done');
  }, 120_000);

  it('generalizes dates of birth to birth years (not ages) and confirms the metadata scrubbing', async () => {
    await step('generalize').getByRole('button', { name: 'Open Data generalization' }).click();
    const generalization = section('Data generalization');
    // Ages confirmed in the app: the course's check says they should be birth years.
    await generalization.getByLabel('Dates of birth become').selectOption('age');
    await generalization.getByRole('button', { name: 'Confirm the generalization' }).click();
    await app.page.getByRole('region', { name: 'Checklist' }).getByRole('button', { name: 'Back to the walkthrough' }).click();
    await expect.poll(() => step('generalize').locator('.todo').innerText(), AFTER_LOAD).toContain('Dates of birth become ages');
    expect(await step('generalize').getAttribute('data-status')).toBe('todo');

    await step('generalize').getByRole('button', { name: 'Open Data generalization' }).click();
    await generalization.getByLabel('Dates of birth become').selectOption('birth-year');
    await generalization.getByRole('button', { name: 'Show the preview' }).click();
    await expect.poll(() => generalization.getByRole('table', { name: 'After' }).first().innerText()).toContain('1994');
    await generalization.getByRole('button', { name: 'Confirm the generalization' }).click();
    await expectStep('generalize', 'done');

    await step('metadata').getByRole('button', { name: 'Open Metadata scrubbing' }).click();
    await section('Metadata scrubbing').getByRole('button', { name: 'Confirm the metadata choices' }).click();
    await expectStep('metadata', 'done');
  });

  it('builds the publication copy, which passes the gate, writes the report, and completes the course', async () => {
    await step('publish').getByRole('button', { name: 'Open Publication copy' }).click();
    const publish = section('Publication copy');
    const out = path.join(app.tmp, 'veil-practice-publication');
    await publish.getByLabel('New folder for the copy').fill(out);
    await publish.getByRole('button', { name: 'Build publication copy' }).click();
    await expect.poll(() => app.page.getByTestId('gate').getAttribute('data-passed'), { timeout: 120_000 }).toBe('true');
    await publish.getByRole('button', { name: 'Write the report' }).click();
    await expect.poll(() => app.page.getByTestId('report-status').innerText()).toContain('.veil/report/report.html');

    await expectStep('publish', 'done');
    expect(await app.page.getByTestId('walkthrough-summary').innerText()).toMatch(/^Course complete/);
    expect(await app.page.locator('li.walkthrough-step[data-status="todo"]').count()).toBe(0);
    expect(existsSync(path.join(out, 'MANIFEST'))).toBe(true);
    expect(existsSync(path.join(out, 'raw', 'sub-001', 'ses-mri01', '001-localizer_32ch'))).toBe(false);
    expect(appProblems(app.problems)).toEqual([]);
  }, 180_000);
});
