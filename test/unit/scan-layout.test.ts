/** Layout detection and path parsing of the dataset scan, on small generated trees. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanDataset } from '../../src/datasets/scan/scan-dataset.js';
import { parseImagePath, parseSeriesFolder } from '../../src/datasets/scan/path-entities.js';
import { DCCN_FIXTURE_FILES, writeDccnFixture } from '../fixtures/dataset-tree.js';
import { writeTree } from '../fixtures/scan-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

const T1_SERIES = 'raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso';

describe('dataset scan: layouts', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => (tmp = await makeTempDir()));
  afterEach(() => tmp.remove());

  it('detects DCCN rooted at the project folder: data root raw/, paths from the project', async () => {
    await writeDccnFixture(tmp.path);
    const scan = await scanDataset(tmp.path);
    expect(scan).toMatchObject({ layout: 'dccn', dataRoot: 'raw', warnings: [] });
    expect(scan.images.map((image) => image.path)).toEqual(DCCN_FIXTURE_FILES.filter((file) => file.endsWith('.nii')));
    expect(scan.images[0]).toMatchObject({
      location: 'primary',
      subject: 'sub-001',
      session: 'ses-mri01',
      series: '002-t1_mprage_sag_ipat2_1p0iso',
      seriesNumber: 2,
      kind: 't1',
      state: 'not-defaced',
    });
  });

  it('detects DCCN rooted at raw/ itself', async () => {
    await writeDccnFixture(tmp.path);
    const scan = await scanDataset(path.join(tmp.path, 'raw'));
    expect(scan).toMatchObject({ layout: 'dccn', dataRoot: '' });
    expect(scan.images.map((image) => [image.path, image.subject, image.kind])).toEqual([
      [DCCN_FIXTURE_FILES[0]?.slice('raw/'.length), 'sub-001', 't1'],
      [DCCN_FIXTURE_FILES[1]?.slice('raw/'.length), 'sub-002', 't1'],
      [DCCN_FIXTURE_FILES[2]?.slice('raw/'.length), 'sub-010', 'functional'],
    ]);
  });

  it('in a DCCN project folder, T1s outside raw/ are listed as location other and not taken as T1', async () => {
    await writeTree(tmp.path, [`${T1_SERIES}/00001_1.nii`, 'processed/sub-001/t1_brain.nii.gz']);
    const scan = await scanDataset(tmp.path);
    expect(scan.images.find((image) => image.path.startsWith('processed/'))).toMatchObject({ location: 'other', kind: 'anatomical', state: null });
  });

  it('detects BIDS with sessions and parses sub/ses from the file name and the datatype folder', async () => {
    await writeTree(tmp.path, [{ 'dataset_description.json': '{"Name": "x"}' }, 'sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz', 'sub-01/ses-1/func/sub-01_ses-1_task-rest_bold.nii.gz']);
    const scan = await scanDataset(tmp.path);
    expect(scan).toMatchObject({ layout: 'bids', dataRoot: '' });
    expect(scan.images).toEqual([
      expect.objectContaining({ path: 'sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz', subject: 'sub-01', session: 'ses-1', series: 'anat', seriesNumber: null, kind: 't1' }),
      expect.objectContaining({ path: 'sub-01/ses-1/func/sub-01_ses-1_task-rest_bold.nii.gz', series: 'func', kind: 'functional', state: null }),
    ]);
  });

  it('detects BIDS without sessions and without dataset_description.json (by sub-*/anat)', async () => {
    await writeTree(tmp.path, ['sub-02/anat/sub-02_T1w.nii', 'sub-02/dwi/sub-02_dwi.nii.gz']);
    const scan = await scanDataset(tmp.path);
    expect(scan.layout).toBe('bids');
    expect(scan.images.map((image) => [image.subject, image.session, image.kind])).toEqual([
      ['sub-02', null, 't1'],
      ['sub-02', null, 'diffusion'],
    ]);
  });

  it('treats any other folder of NIfTI files as flat, subfolders included', async () => {
    await writeTree(tmp.path, ['mprage.nii', 'patient7/T2_FLAIR.nii.gz', 'notes.txt']);
    const scan = await scanDataset(tmp.path);
    expect(scan).toMatchObject({ layout: 'flat', dataRoot: '' });
    expect(scan.images.map((image) => [image.path, image.kind, image.subject, image.series])).toEqual([
      ['mprage.nii', 't1', null, null],
      ['patient7/T2_FLAIR.nii.gz', 'anatomical', null, null],
    ]);
  });

  it('lets the caller override the layout', async () => {
    await writeDccnFixture(tmp.path);
    const scan = await scanDataset(tmp.path, { layout: 'flat' });
    expect(scan).toMatchObject({ layout: 'flat', dataRoot: '' });
    // The series folder still names the kind; the layout decides what counts as the primary data.
    expect(scan.images[0]).toMatchObject({ kind: 't1', location: 'primary' });
    expect((await scanDataset(tmp.path, { layout: 'bids' })).images[0]).toMatchObject({ location: 'other', kind: 'anatomical' });
  });

  it('ignores hidden files and .veil folders, and fails with a one-line reason only when the root cannot be listed', async () => {
    await writeTree(tmp.path, ['.veil/cache/x_T1w.nii', 'sub-01/anat/.sub-01_T1w.nii', 'sub-01/anat/sub-01_T1w.nii']);
    expect((await scanDataset(tmp.path)).images.map((image) => image.path)).toEqual(['sub-01/anat/sub-01_T1w.nii']);
    await expect(scanDataset(path.join(tmp.path, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/missing: no such file or folder\.$/) });
    await mkdir(path.join(tmp.path, 'empty'));
    expect(await scanDataset(path.join(tmp.path, 'empty'))).toEqual({ layout: 'flat', dataRoot: '', images: [], warnings: [] });
  });
});

describe('dataset scan: path parsing', () => {
  it('reads DCCN series folders as number and protocol', () => {
    expect(parseSeriesFolder('002-t1_mprage_sag_ipat2_1p0iso')).toEqual({ number: 2, protocol: 't1_mprage_sag_ipat2_1p0iso' });
    expect(parseSeriesFolder('014-MP2RAGE_UNI')).toEqual({ number: 14, protocol: 'MP2RAGE_UNI' });
    expect(parseSeriesFolder('anat')).toBeNull();
  });

  it('prefers BIDS entities in the file name over folders, and leaves unknowns null', () => {
    expect(parseImagePath('derivatives/x/sub-03/ses-b/anat/sub-03_ses-b_desc-preproc_T1w.nii.gz')).toEqual({
      subject: 'sub-03', session: 'ses-b', series: 'anat', seriesNumber: null,
    });
    expect(parseImagePath('sub-001/ses-mri02/007-ep2d_diff/00001_1.nii')).toEqual({
      subject: 'sub-001', session: 'ses-mri02', series: '007-ep2d_diff', seriesNumber: 7,
    });
    expect(parseImagePath('scan.nii')).toEqual({ subject: null, session: null, series: null, seriesNumber: null });
  });
});
