/**
 * The Checklist tab's side of the contract: the view, a decision, and the guard that keeps
 * `checklist.stage` from replacing any folder but the dataset's own last publication copy.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChecklistView } from '../../src/api/checklist.js';
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

  it('refuses to replace a folder that is not the last publication copy, and leaves it alone', async () => {
    const precious = path.join(tmp.path, 'thesis');
    await mkdir(precious);
    await writeFile(path.join(precious, 'chapter1.tex'), 'years of work');
    const answer = await service.invoke('checklist.stage', { datasetId, out: precious, replace: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('Only the last publication copy') } });
    expect(existsSync(path.join(precious, 'chapter1.tex'))).toBe(true);
  });
});
