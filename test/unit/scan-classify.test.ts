/** What the dataset scan takes each NIfTI for, from names and (only where present) JSON sidecars. */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyByName, kindFromBids, kindFromName } from '../../src/datasets/scan/classify.js';
import { scanDataset } from '../../src/datasets/scan/scan-dataset.js';
import { writeFakeOutput, writeTree } from '../fixtures/scan-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('dataset scan: kinds from names', () => {
  it.each([
    ['t1_mprage_sag_ipat2_1p0iso', 't1'],
    ['T1_MPRAGE', 't1'],
    ['MP2RAGE_UNI', 't1'],
    ['mp2rage_UNI_Images', 't1'],
    ['MP2RAGE_INV1', 'anatomical'],
    ['t2_tse_tra', 'anatomical'],
    ['t2_space_dark-fluid_FLAIR', 'anatomical'],
    ['pd_tse', 'anatomical'],
    ['cmrr_mbep2d_bold_mb6', 'functional'],
    ['fMRI_task', 'functional'],
    ['gre_field_mapping', 'functional'],
    ['fieldmap_2mm', 'functional'],
    ['ep2d_diff_mddw_64', 'diffusion'],
    ['DTI_30dir', 'diffusion'],
    ['localizer_32ch-head', 'other'],
    ['AAHead_Scout_64ch', 'other'],
    ['updated_survey', 'other'],
  ])('%s is %s', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });

  it('reads BIDS by datatype folder and suffix', () => {
    expect(kindFromBids('anat', 'sub-01_acq-mprage_T1w')).toBe('t1');
    expect(kindFromBids('anat', 'sub-01_UNIT1')).toBe('t1');
    expect(kindFromBids('anat', 'sub-01_T2starw')).toBe('anatomical');
    expect(kindFromBids('func', 'sub-01_task-rest_bold')).toBe('functional');
    expect(kindFromBids('fmap', 'sub-01_magnitude1')).toBe('functional');
    expect(kindFromBids('dwi', 'sub-01_dwi')).toBe('diffusion');
    expect(kindFromBids('perf', 'sub-01_asl')).toBe('other');
  });

  it('in a DCCN series folder goes by the protocol, not the file name', () => {
    expect(classifyByName('raw/sub-001/ses-mri01/004-fmri_task/00001_1.3.12.nii', 'primary')).toBe('functional');
    expect(classifyByName('raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.3.12.nii', 'primary')).toBe('t1');
  });

  it('names outputs by the defaced_ prefix and derivatives/veil/, and demotes T1s outside the primary data', () => {
    expect(classifyByName('raw/sub-001/ses-mri01/002-t1_mprage/defaced_00001.nii', 'primary')).toBe('defaced-output');
    expect(classifyByName('derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz', 'derivatives')).toBe('defaced-output');
    expect(classifyByName('derivatives/fmriprep/sub-01/anat/sub-01_desc-preproc_T1w.nii.gz', 'derivatives')).toBe('anatomical');
    expect(classifyByName('sourcedata/sub-01/anat/sub-01_T1w.nii.gz', 'sourcedata')).toBe('anatomical');
  });
});

describe('dataset scan: kinds in a BIDS tree', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => (tmp = await makeTempDir()));
  afterEach(() => tmp.remove());

  it('lists every kind, with derivatives and sourcedata by location, and finds outputs by their sidecars', async () => {
    await writeTree(tmp.path, [
      { 'dataset_description.json': '{"Name": "x"}' },
      'sub-01/anat/sub-01_T1w.nii.gz',
      'sub-01/anat/sub-01_FLAIR.nii.gz',
      'sub-01/func/sub-01_task-rest_bold.nii.gz',
      'sub-01/fmap/sub-01_phasediff.nii.gz',
      'sub-01/dwi/sub-01_dwi.nii.gz',
      'sub-01/perf/sub-01_asl.nii.gz',
      // Defaced by another tool: declared in the BIDS sidecar.
      'sub-02/anat/sub-02_T1w.nii.gz',
      { 'sub-02/anat/sub-02_T1w.json': '{"DeidentificationMethod": "pydeface"}' },
      // An ordinary BIDS sidecar does not make an output.
      'sub-03/anat/sub-03_T1w.nii',
      { 'sub-03/anat/sub-03_T1w.json': '{"RepetitionTime": 2.3}' },
      'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz',
      'derivatives/fmriprep/sub-01/anat/sub-01_desc-preproc_T1w.nii.gz',
      'sourcedata/sub-01/anat/sub-01_T1w.nii.gz',
    ]);
    // Written by `veil deface … --out` into a folder of its own choosing: only its sidecar tells.
    await writeFakeOutput(path.join(tmp.path, 'sub-01/anat/sub-01_T1w.nii.gz'), path.join(tmp.path, 'sub-01/anat/sub-01_rec-veil_T1w.nii.gz'));

    const scan = await scanDataset(tmp.path);
    const byPath = Object.fromEntries(scan.images.map((image) => [image.path, [image.location, image.kind]]));
    expect(byPath).toEqual({
      'derivatives/fmriprep/sub-01/anat/sub-01_desc-preproc_T1w.nii.gz': ['derivatives', 'anatomical'],
      'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz': ['derivatives', 'defaced-output'],
      'sourcedata/sub-01/anat/sub-01_T1w.nii.gz': ['sourcedata', 'anatomical'],
      'sub-01/anat/sub-01_FLAIR.nii.gz': ['primary', 'anatomical'],
      'sub-01/anat/sub-01_rec-veil_T1w.nii.gz': ['primary', 'defaced-output'],
      'sub-01/anat/sub-01_T1w.nii.gz': ['primary', 't1'],
      'sub-01/dwi/sub-01_dwi.nii.gz': ['primary', 'diffusion'],
      'sub-01/fmap/sub-01_phasediff.nii.gz': ['primary', 'functional'],
      'sub-01/func/sub-01_task-rest_bold.nii.gz': ['primary', 'functional'],
      'sub-01/perf/sub-01_asl.nii.gz': ['primary', 'other'],
      'sub-02/anat/sub-02_T1w.nii.gz': ['primary', 'defaced-output'],
      'sub-03/anat/sub-03_T1w.nii': ['primary', 't1'],
    });
    expect(scan.images.filter((image) => image.kind !== 't1').every((image) => image.state === null)).toBe(true);
  });

  it('does not take an image for an output when the Veil sidecar beside it names another file or cannot be read', async () => {
    await writeTree(tmp.path, ['scans/t1.nii', { 'scans/t1.veil.json': '{ not json' }, 'scans/mprage.nii']);
    const named = await writeFakeOutput(path.join(tmp.path, 'scans/t1.nii'), path.join(tmp.path, 'elsewhere/other.nii'));
    await writeTree(tmp.path, [{ 'scans/mprage.veil.json': JSON.stringify(named) }]);
    const scan = await scanDataset(tmp.path);
    expect(scan.images.filter((image) => image.path.startsWith('scans/')).map((image) => image.kind)).toEqual(['t1', 't1']);
  });
});
