/**
 * The Checklist tab in Chromium against the real `veil serve`, on the planted dataset: the key is
 * marked and deleted only after its name is typed, columns are justified or dropped, the selection,
 * generalization and metadata are confirmed, the publication copy passes its gate, and the report
 * is written. The source keeps everything but the key.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTED, writePlantedDataset } from '../fixtures/checklist-fixtures.js';
import { appProblems, chromiumMissingReason } from '../support/chromium.js';
import { AFTER_LOAD, useServedApp } from '../support/served-app.js';
import { runVeil } from '../support/veil-process.js';

async function writeReviewedPlantedDataset(root: string): Promise<void> {
  await writePlantedDataset(root);
  // The Compare view records this verdict in the app; here the command line does it before the tab opens.
  const review = await runVeil(['review', root, PLANTED.defacedT1, '--verdict', 'pass', '--note', 'face gone']);
  if (review.code !== 0) throw new Error(`veil review failed:\n${review.stderr}`);
}

describe.skipIf(chromiumMissingReason !== null)('the Checklist tab, in Chromium', () => {
  const app = useServedApp(writeReviewedPlantedDataset);
  const item = (id: string) => app.page.locator(`li.checklist-item[data-item="${id}"]`);
  const section = (name: string) => app.page.getByRole('region', { name });

  it('shows the five items with what is left to do', async () => {
    await app.page.goto(app.veil.url);
    await app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Checklist' }).click();
    await expect.poll(() => app.page.locator('li.checklist-item').count(), { timeout: 30_000 }).toBe(5);
    expect(await item('defacing').getAttribute('data-status')).toBe('todo'); // the undefaced T1 is still in the selection
    expect(await item('key').getAttribute('data-status')).toBe('todo');
    expect(await item('key').innerText()).toContain('admin/koppeltabel.csv');
    expect(appProblems(app.problems)).toEqual([]);
  });

  it('deletes the key only after its file name is typed', async () => {
    const key = section('Pseudonymization key');
    await key.getByRole('button', { name: 'This is the key' }).first().click();
    await expect.poll(() => key.innerText()).toContain('is marked as the key');
    await key.getByLabel('File name').fill('Koppeltabel.csv');
    expect(await key.getByRole('button', { name: 'Delete the key' }).isDisabled()).toBe(true);
    expect(existsSync(path.join(app.tmp, 'study', ...PLANTED.key.split('/')))).toBe(true);
    await key.getByLabel('File name').fill('koppeltabel.csv');
    await key.getByRole('button', { name: 'Delete the key' }).click();
    await expect.poll(() => item('key').getAttribute('data-status')).toBe('done');
    expect(existsSync(path.join(app.tmp, 'study', ...PLANTED.key.split('/')))).toBe(false);
  });

  it('takes the selection: the undefaced T1 out, each personal column justified or dropped, confirmed', async () => {
    const minimization = section('Data minimization');
    await minimization.getByText(/^Files: /).click();
    // The box shows what the core recorded: it turns off once the exclusion is saved.
    const undefaced = minimization.getByRole('checkbox', { name: new RegExp(`^${PLANTED.undefacedT1.replaceAll('.', '\\.')}`) });
    await undefaced.click();
    await expect.poll(() => undefaced.isChecked()).toBe(false);
    await expect.poll(() => item('defacing').getAttribute('data-status')).toBe('done');
    for (const column of ['notes', 'handedness']) {
      await minimization.locator(`tr[data-column="${column}"]`).getByRole('button', { name: 'Leave out' }).click();
      await expect.poll(() => minimization.locator(`tr[data-column="${column}"]`).innerText()).toContain('Left out');
    }
    for (const [column, why] of [['age', 'Covariate in the group GLM.'], ['dob', 'Birth year for cohort effects.'], ['sex', 'Covariate in the group GLM.'], ['acq_time', 'Intervals between sessions.']] as const) {
      const row = minimization.locator(`tr[data-column="${column}"]`);
      await row.getByRole('textbox').fill(why);
      await row.getByRole('button', { name: 'Keep with this reason' }).click();
      await expect.poll(() => item('minimization').innerText()).toContain(`Column "${column}" kept: ${why}`);
    }
    await minimization.getByRole('button', { name: 'Confirm the selection' }).click();
    await expect.poll(() => item('minimization').getAttribute('data-status')).toBe('done');
  });

  it('previews the generalization choices on screen, without the planted values, then confirms them and the metadata choices', async () => {
    const generalization = section('Data generalization');
    const dateOfBirth = generalization.getByLabel('Dates of birth become');
    const after = generalization.getByRole('table', { name: 'After' }).first();
    // Ages instead of birth years: the preview follows the choice on screen.
    await dateOfBirth.selectOption('age');
    await generalization.getByRole('button', { name: 'Show the preview' }).click();
    await expect.poll(() => after.innerText(), AFTER_LOAD).toContain('age_from_dob');
    expect(await after.innerText()).not.toContain('1970');
    // Back to birth years (what the course asks): a changed choice hides the old preview until asked again.
    await dateOfBirth.selectOption('birth-year');
    await expect.poll(() => after.count()).toBe(0);
    await generalization.getByRole('button', { name: 'Show the preview' }).click();
    await expect.poll(() => after.innerText(), AFTER_LOAD).toContain('1970');
    expect(await after.innerText()).not.toContain('06-06-1970');
    expect(await generalization.getByRole('table', { name: 'k-anonymity' }).innerText()).toContain('participants.tsv');
    await generalization.getByLabel('Dates are').selectOption('remove');
    await generalization.getByRole('button', { name: 'Confirm the generalization' }).click();
    await expect.poll(() => item('generalization').getAttribute('data-status')).toBe('done');
    // Saved: the tab opened again shows the confirmed choices, not the defaults.
    const areas = app.page.getByRole('navigation', { name: 'Areas' });
    await areas.getByRole('button', { name: 'Dataset' }).click();
    await areas.getByRole('button', { name: 'Checklist' }).click();
    await expect.poll(() => generalization.getByLabel('Dates are').inputValue(), AFTER_LOAD).toBe('remove');
    expect(await dateOfBirth.inputValue()).toBe('birth-year');
    await section('Metadata scrubbing').getByRole('button', { name: 'Confirm the metadata choices' }).click();
    await expect.poll(() => item('metadata').getAttribute('data-status')).toBe('done');
    expect(await app.page.getByTestId('checklist-summary').innerText()).toMatch(/^Every item is done/);
  });

  it('builds a publication copy that passes the gate, and writes the report', async () => {
    const publish = section('Publication copy');
    const out = path.join(app.tmp, 'publication');
    await publish.getByLabel('New folder for the copy').fill(out);
    await publish.getByRole('button', { name: 'Build publication copy' }).click();
    await expect.poll(() => app.page.getByTestId('gate').getAttribute('data-passed'), { timeout: 60_000 }).toBe('true');
    expect(existsSync(path.join(out, 'MANIFEST'))).toBe(true);
    const participants = await readFile(path.join(out, 'participants.tsv'), 'utf8');
    expect(participants).not.toContain('Jan de Vries');
    expect(participants).not.toContain('06-06-1970');

    await publish.getByRole('button', { name: 'Write the report' }).click();
    await expect.poll(() => app.page.getByTestId('report-status').innerText()).toContain('.veil/report/report.html');
    const report = await readFile(path.join(app.tmp, 'study', '.veil', 'report', 'report.html'), 'utf8');
    expect(report).toContain('koppeltabel.csv');
    expect(appProblems(app.problems)).toEqual([]);
  });
});
