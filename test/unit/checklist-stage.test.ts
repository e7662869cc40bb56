/**
 * The checklist's decisions and the publication copy through the core functions: key disposal with
 * its typed confirmation and record, the selection and its justifications, the checklist items, and
 * the stage (what the copy holds, MANIFEST, untouched source, refusals, no partial copy on failure).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmGeneralization, confirmMetadata } from '../../src/checklist/items/choices.js';
import { evaluateChecklist } from '../../src/checklist/items/evaluate-checklist.js';
import { disposeKeyFile, markKeyFile, recordNoKey } from '../../src/checklist/items/key-disposal.js';
import { confirmSelection, dropColumns, excludeFromCopy, includeInCopy, justifyColumn } from '../../src/checklist/items/minimization.js';
import { readAudit } from '../../src/checklist/state/audit-log.js';
import { loadChecklistState } from '../../src/checklist/state/checklist-state.js';
import { recordReview } from '../../src/review/pair-provenance.js';
import { loadLastStage } from '../../src/checklist/stage/last-stage.js';
import { stagePublicationCopy } from '../../src/checklist/stage/stage-copy.js';
import { parseNifti } from '../../src/nifti/index.js';
import { findPlantedValues, PLANTED, sourceFingerprint, writeFiles, writePlantedDataset } from '../fixtures/checklist-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

/** Handles every checklist item the way a user would, for the planted dataset. */
async function handleEveryItem(root: string): Promise<void> {
  await recordReview(root, { original: PLANTED.defacedT1, defaced: PLANTED.defacedOutput }, 'pass', 'face gone');
  await markKeyFile(root, PLANTED.key);
  await disposeKeyFile(root, 'koppeltabel.csv');
  await excludeFromCopy(root, [PLANTED.undefacedT1]);
  await dropColumns(root, ['notes', 'handedness']);
  await justifyColumn(root, 'age', 'Covariate in the group GLM.');
  await justifyColumn(root, 'dob', 'Birth year for cohort effects.');
  await justifyColumn(root, 'sex', 'Covariate in the group GLM.');
  await justifyColumn(root, 'acq_time', 'Intervals between sessions.');
  await confirmSelection(root);
  await confirmGeneralization(root, {});
  await confirmMetadata(root, { keepInstitution: null });
}

describe('the checklist core', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  beforeEach(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.path, 'study');
    await writePlantedDataset(root);
  });
  afterEach(() => tmp.remove());

  describe('key disposal', () => {
    it('deletes only the marked file, only after its exact name is typed, and records who, when, where and its sha256', async () => {
      const keyFile = path.join(root, ...PLANTED.key.split('/'));
      const sha256 = createHash('sha256').update(await readFile(keyFile)).digest('hex');
      await expect(disposeKeyFile(root, 'koppeltabel.csv')).rejects.toThrow(/No key file is marked/);
      await markKeyFile(root, PLANTED.key);
      await expect(disposeKeyFile(root, 'Koppeltabel.csv')).rejects.toThrow('To delete admin/koppeltabel.csv, type its file name exactly: koppeltabel.csv');
      expect(existsSync(keyFile)).toBe(true);
      const record = await disposeKeyFile(root, 'koppeltabel.csv');
      expect(existsSync(keyFile)).toBe(false);
      expect(record).toMatchObject({ status: 'disposed', file: PLANTED.key, sha256, host: os.hostname(), verifiedGone: true, disposed: { user: os.userInfo().username } });
      expect(record.status === 'disposed' && record.warning).toMatch(/copies.*backups/);
      expect((await readAudit(root)).map((entry) => entry.action)).toEqual(['key.mark', 'key.dispose']);
      const { items } = await evaluateChecklist(root);
      expect(items.find((item) => item.id === 'key')?.status).toBe('done');
      await writeFile(keyFile, 'back from a backup');
      expect((await evaluateChecklist(root)).items.find((item) => item.id === 'key')?.status).toBe('attention');
    });

    it('refuses a file outside the dataset, a folder, and a key that changed since it was marked', async () => {
      await expect(markKeyFile(root, '../elsewhere.csv')).rejects.toThrow(/may not use '\.\.'/);
      await expect(markKeyFile(root, 'admin')).rejects.toThrow('admin is not a file');
      await markKeyFile(root, PLANTED.key);
      await writeFile(path.join(root, ...PLANTED.key.split('/')), 'changed');
      await expect(disposeKeyFile(root, 'koppeltabel.csv')).rejects.toThrow(/changed since it was marked/);
      expect(existsSync(path.join(root, ...PLANTED.key.split('/')))).toBe(true);
    });

    it('records "no key exists" only with a reason', async () => {
      await expect(recordNoKey(root, '  ')).rejects.toThrow(/Say why no key exists/);
      expect(await recordNoKey(root, 'Recruited anonymously.')).toMatchObject({ status: 'none', reason: 'Recruited anonymously.' });
    });
  });

  describe('selection', () => {
    it('lists personal-data columns until justified or dropped, and clears its confirmation when changed', async () => {
      let evaluation = await evaluateChecklist(root);
      expect(evaluation.personalColumns.map((column) => column.column)).toEqual(['acq_time', 'age', 'dob', 'handedness', 'notes', 'sex']);
      expect(evaluation.plan.files.find((file) => file.path === PLANTED.key)?.excluded?.reason).toBe('key-file');
      expect(evaluation.plan.files.filter((file) => file.path.startsWith('sourcedata/')).every((file) => file.excluded?.reason === 'sourcedata')).toBe(true);
      await writeFiles(root, { MANIFEST: 'the study’s own list of files\n' });
      await includeInCopy(root, ['MANIFEST']);
      expect((await evaluateChecklist(root)).plan.files.find((file) => file.path === 'MANIFEST')?.excluded?.reason).toBe('name-taken');
      await confirmSelection(root);
      await dropColumns(root, ['handedness']);
      expect((await loadChecklistState(root)).selectionConfirmed).toBeNull();
      await expect(justifyColumn(root, 'age', 'two\nlines')).rejects.toThrow(/must be one line/);
      await expect(excludeFromCopy(root, ['../x'])).rejects.toThrow(/may not use '\.\.'/);
      await includeInCopy(root, [PLANTED.key]);
      evaluation = await evaluateChecklist(root);
      expect(evaluation.plan.files.find((file) => file.path === PLANTED.key)?.excluded).toBeNull();
      expect(evaluation.personalColumns.find((column) => column.column === 'handedness')?.dropped).toBe(true);
      expect(evaluation.items.find((item) => item.id === 'minimization')?.todo).toContain('Review the selection and confirm it.');
    });
  });

  describe('stage', () => {
    it('writes a copy whose gate fails until every item is handled, never touching the source', async () => {
      const before = await sourceFingerprint(root);
      const out = path.join(tmp.path, 'publication');
      const first = await stagePublicationCopy(root, out, { random: () => 0 });
      expect(first.gate.passed).toBe(false);
      expect(first.gate.itemsNotDone).toEqual(['defacing', 'key', 'minimization', 'generalization', 'metadata']);
      expect(first.findings.some((finding) => finding.rule === 'deface.not-defaced' && finding.file === 'sub-02/ses-1/anat/sub-02_ses-1_T1w.nii')).toBe(true);
      expect(await sourceFingerprint(root)).toEqual(before);

      await handleEveryItem(root);
      const afterDecisions = await sourceFingerprint(root);
      const second = await stagePublicationCopy(root, out, { replace: true });
      expect(second.gate).toEqual({ passed: true, blocking: 0, warnings: second.gate.warnings, itemsNotDone: [], reasons: [] });
      expect(await sourceFingerprint(root)).toEqual(afterDecisions);
      expect((await loadLastStage(root))?.gate.passed).toBe(true);
      expect((await readAudit(root)).filter((entry) => entry.action === 'stage')).toHaveLength(2);
    });

    it('renames UID and date names, rewrites references, keeps the defaced voxels byte for byte, and lists every file in MANIFEST', async () => {
      await handleEveryItem(root);
      const out = path.join(tmp.path, 'publication');
      const result = await stagePublicationCopy(root, out);
      const copied = (await readdir(out, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(out, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
      expect(copied.sort()).toEqual([
        'MANIFEST',
        'README.md',
        'dataset_description.json',
        'participants.tsv',
        'sub-01/ses-1/anat/sub-01_ses-1_T1w.json',
        'sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz',
        'sub-01/ses-1/func/sub-01_ses-1_task-rest_bold.json',
        'sub-01/ses-1/func/sub-01_ses-1_task-rest_bold.nii.gz',
        'sub-01/ses-1/sub-01_ses-1_scans.tsv',
        'sub-01/sub-01_sessions.tsv',
      ]);
      expect(await readFile(path.join(out, 'sub-01/ses-1/sub-01_ses-1_scans.tsv'), 'utf8')).toMatch(/^filename\tacq_time\nanat\/sub-01_ses-1_T1w\.nii\.gz\t18\d\d-/);
      expect(await readFile(path.join(out, 'sub-01/sub-01_sessions.tsv'), 'utf8')).toMatch(/^session_id\tacq_time\nses-1\t18\d\d-/);
      const defaced = parseNifti(gunzipSync(await readFile(path.join(root, ...PLANTED.defacedOutput.split('/')))), 'source');
      const inCopy = parseNifti(gunzipSync(await readFile(path.join(out, 'sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz'))), 'copy');
      expect(Buffer.from(inCopy.stored.buffer).equals(Buffer.from(defaced.stored.buffer))).toBe(true);
      expect(inCopy.extensions).toEqual([]);
      expect(inCopy.descrip).toBe('');
      const sidecar = JSON.parse(await readFile(path.join(out, 'sub-01/ses-1/anat/sub-01_ses-1_T1w.json'), 'utf8')) as { DeidentificationMethodCodeSequence: { CodeValue: string }[] };
      expect(sidecar.DeidentificationMethodCodeSequence.map((code) => code.CodeValue)).toContain('113102');
      const manifest = (await readFile(path.join(out, 'MANIFEST'), 'utf8')).trimEnd().split('\n');
      expect(manifest).toHaveLength(copied.length - 1);
      for (const line of manifest) {
        const [hash, file] = line.split('  ');
        expect(createHash('sha256').update(await readFile(path.join(out, file ?? ''))).digest('hex'), file).toBe(hash);
      }
      expect(result.files.find((file) => file.copy === 'participants.tsv')?.actions).toContain('email: removed (e-mail addresses) (2 cells)');
    });

    it('leaves no planted value anywhere in the copy', async () => {
      const { planted } = await writePlantedDataset(root);
      await handleEveryItem(root);
      const out = path.join(tmp.path, 'publication');
      await stagePublicationCopy(root, out);
      expect(await findPlantedValues(out, planted)).toEqual([]);
    });

    it('refuses an OUT inside the dataset or already there, and leaves nothing behind when a file cannot be transformed', async () => {
      await expect(stagePublicationCopy(root, path.join(root, 'copy'))).rejects.toThrow(/overlaps the dataset/);
      await expect(stagePublicationCopy(root, path.join(root, '..'))).rejects.toThrow(/overlaps the dataset/);
      await writeFiles(tmp.path, { existing: 'x' });
      await expect(stagePublicationCopy(root, path.join(tmp.path, 'existing'))).rejects.toThrow(/already exists/);
      await writeFiles(root, { 'sub-01/ses-20210304/func/sub-01_ses-20210304_task-rest_bold.json': '{ not json' });
      await expect(stagePublicationCopy(root, path.join(tmp.path, 'publication'))).rejects.toThrow('sub-01/ses-20210304/func/sub-01_ses-20210304_task-rest_bold.json is not valid JSON');
      expect((await readdir(tmp.path)).sort()).toEqual(['existing', 'study']);
    });
  });
});
