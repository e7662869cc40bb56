/** The order in which the Compare view steps through defaced images (b / n). */
import { describe, expect, it } from 'vitest';
import type { ScannedImage } from '../../src/api/contract.js';
import { neighbour, pairForImage, reviewablePairs } from '../../renderer/src/features/compare/compare-pairs.js';

function image(path: string, overrides: Partial<ScannedImage> = {}): ScannedImage {
  const subject = /sub-\d+/.exec(path)?.[0] ?? null;
  return { path, location: 'primary', subject, session: null, series: null, seriesNumber: null, kind: 't1', state: 'defaced', output: `derivatives/veil/${path}`, reason: null, review: null, ...overrides };
}

describe('reviewable pairs', () => {
  const images = [
    image('sub-10/anat/sub-10_T1w.nii.gz'),
    image('sub-2/anat/sub-2_T1w.nii.gz'),
    image('sub-3/anat/sub-3_T1w.nii.gz', { state: 'stale' }),
    image('sub-4/anat/sub-4_T1w.nii.gz', { output: '/elsewhere/sub-4_T1w.nii.gz' }),
    image('sub-5/func/sub-5_bold.nii.gz', { kind: 'functional', state: null, output: null }),
    image('sub-1/anat/sub-1_T1w.nii.gz'),
  ];

  it('are the defaced T1s with an output inside the dataset, in subject order', () => {
    expect(reviewablePairs(images).map((pair) => pair.original)).toEqual(['sub-1/anat/sub-1_T1w.nii.gz', 'sub-2/anat/sub-2_T1w.nii.gz', 'sub-10/anat/sub-10_T1w.nii.gz']);
    expect(reviewablePairs(images)[0]?.defaced).toBe('derivatives/veil/sub-1/anat/sub-1_T1w.nii.gz');
  });

  it('are found from either image of a pair, and not for an image without one', () => {
    expect(pairForImage(images, 'sub-2/anat/sub-2_T1w.nii.gz')?.defaced).toBe('derivatives/veil/sub-2/anat/sub-2_T1w.nii.gz');
    expect(pairForImage(images, 'derivatives/veil/sub-2/anat/sub-2_T1w.nii.gz')?.original).toBe('sub-2/anat/sub-2_T1w.nii.gz');
    expect(pairForImage(images, 'sub-3/anat/sub-3_T1w.nii.gz')).toBeNull();
    expect(pairForImage(images, 'sub-5/func/sub-5_bold.nii.gz')).toBeNull();
  });

  it('step forward and back, stop at the ends, and start at the first', () => {
    const pairs = reviewablePairs(images);
    expect(neighbour(pairs, 'sub-1/anat/sub-1_T1w.nii.gz', 1)?.original).toBe('sub-2/anat/sub-2_T1w.nii.gz');
    expect(neighbour(pairs, 'sub-2/anat/sub-2_T1w.nii.gz', -1)?.original).toBe('sub-1/anat/sub-1_T1w.nii.gz');
    expect(neighbour(pairs, 'sub-10/anat/sub-10_T1w.nii.gz', 1)).toBeNull();
    expect(neighbour(pairs, 'sub-1/anat/sub-1_T1w.nii.gz', -1)).toBeNull();
    expect(neighbour(pairs, null, 1)?.original).toBe('sub-1/anat/sub-1_T1w.nii.gz');
  });
});
