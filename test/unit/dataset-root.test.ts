import { describe, expect, it } from 'vitest';
import { datasetRootForImage, isNiftiName } from '../../src/datasets/dataset-root.js';

describe('the dataset an opened image belongs to', () => {
  it.each([
    ['DCCN project folder', '/project/3010000.01/raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.3.12.2.nii', '/project/3010000.01'],
    ['DCCN defaced copy beside the original', '/project/3010000.01/raw/sub-001/ses-mri01/002-t1_mprage/defaced_00001_1.3.nii', '/project/3010000.01'],
    ['DCCN tree without raw/', '/scans/sub-001/ses-mri01/002-t1_mprage/00001_1.3.nii', '/scans'],
    ['BIDS with sessions', '/bids/study/sub-01/ses-2/anat/sub-01_ses-2_T1w.nii.gz', '/bids/study'],
    ['BIDS without sessions', '/bids/study/sub-01/anat/sub-01_T1w.nii', '/bids/study'],
    ['Veil output in derivatives', '/bids/study/derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz', '/bids/study'],
    ['a lone image', '/scratch/head.nii', '/scratch'],
    ['a folder that only looks like a series', '/scratch/2024-scans/head.nii', '/scratch/2024-scans'],
    ['an image inside a subject folder', '/data/sub-07/T1.nii', '/data'],
  ])('%s', (_, image, root) => {
    expect(datasetRootForImage(image)).toBe(root);
  });

  it('recognises NIfTI names, compressed or not, in any case', () => {
    expect(['a.nii', 'a.nii.gz', 'A.NII.GZ'].map(isNiftiName)).toEqual([true, true, true]);
    expect(['a.gz', 'a.nii.json', 'nii'].map(isNiftiName)).toEqual([false, false, false]);
  });
});
