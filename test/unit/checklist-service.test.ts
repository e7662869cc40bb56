/**
 * The Checklist tab's side of the contract: the view, a decision, and the guard that keeps
 * `checklist.stage` from replacing any folder but the dataset's own last publication copy.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChecklistView, GeneralizationPreviewView } from '../../src/api/checklist.js';
import { createVeilService, type VeilService } from '../../src/service/veil-service.js';
import { PLANTED, writePlantedDataset } from '../fixtures/checklist-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the checklist through the core service', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let service: VeilService;
  let datasetId: string;

  beforeEach(async () => {
    tmp = await makeTempDir();
    await writePlantedDataset(path.join(tmp.path, 'study'));
    service = createVeilService({ shell: 'browser', allowTypedPaths: true, reportError: () => undefined });
    const opened = await service.invoke('datasets.open', { path: path.join(tmp.path, 'study') });
    datasetId = opened.ok ? (opened.value as { id: string }).id : '';
  });
  afterEach(() => tmp.remove());

  it('answers the five items, and the checklist after a decision', async () => {
    const view = await service.invoke('checklist.get', { datasetId });
    expect(view.ok && (view.value as ChecklistView).items.map((item) => item.id)).toEqual(['defacing', 'key', 'minimization', 'generalization', 'metadata']);
    const marked = await service.invoke('checklist.decide', { datasetId, decision: { action: 'mark-key', path: PLANTED.key } });
    expect(marked.ok && (marked.value as ChecklistView).key).toEqual({ status: 'marked', file: PLANTED.key });
    const wrong = await service.invoke('checklist.decide', { datasetId, decision: { action: 'dispose-key', confirmation: 'wrong.csv' } });
    expect(wrong).toMatchObject({ ok: false });
    expect(existsSync(path.join(tmp.path, 'study', ...PLANTED.key.split('/')))).toBe(true);
  });

  it('previews other generalization choices without saving them, and saves them when they are confirmed', async () => {
    const before = await service.invoke('checklist.get', { datasetId });
    expect(before.ok && (before.value as ChecklistView).generalization).toEqual({ dateOfBirth: 'birth-year', ages: 'years', ageBandWidth: 5, dates: 'shift' });
    const choices = { dateOfBirth: 'age', ages: 'bands', ageBandWidth: 10, dates: 'remove' } as const;
    const preview = await service.invoke('checklist.preview', { datasetId, choices });
    const participants = preview.ok ? (preview.value as GeneralizationPreviewView).tables.find((table) => table.file === 'participants.tsv') : undefined;
    // The planted table has an age column already: the age from the date of birth gets its own.
    expect(participants?.changes.map((change) => change.action)).toEqual(expect.arrayContaining(['date of birth → age in years (as age_from_dob)', 'ages → 10-year bands, 89+']));
    expect(participants?.after.header).toContain('age_from_dob');
    expect(participants?.after.header).not.toContain('birth_year');
    const unsaved = await service.invoke('checklist.get', { datasetId });
    expect(unsaved.ok && (unsaved.value as ChecklistView).generalization.dateOfBirth).toBe('birth-year');

    const confirmed = await service.invoke('checklist.decide', { datasetId, decision: { action: 'confirm-generalization', choices } });
    const view = confirmed.ok ? (confirmed.value as ChecklistView) : null;
    expect(view?.generalization).toEqual(choices);
    expect(view?.items.find((item) => item.id === 'generalization')?.status).toBe('done');
    const refused = await service.invoke('checklist.decide', { datasetId, decision: { action: 'confirm-generalization', choices: { ...choices, ageBandWidth: 1 } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses to replace a folder that is not the last publication copy, and leaves it alone', async () => {
    const precious = path.join(tmp.path, 'thesis');
    await mkdir(precious);
    await writeFile(path.join(precious, 'chapter1.tex'), 'years of work');
    const answer = await service.invoke('checklist.stage', { datasetId, out: precious, replace: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Only the last publication copy') } });
    expect(existsSync(path.join(precious, 'chapter1.tex'))).toBe(true);
  });
});
