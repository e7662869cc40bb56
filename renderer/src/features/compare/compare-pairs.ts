/** The pairs the Compare view steps through: every defaced T1 of the scan with its output, in table order. */
import type { Review, ScannedImage } from '../../../../src/api/contract.js';
import { sortImages } from '../dataset/image-rows.js';

export interface ReviewablePair {
  original: string;
  defaced: string;
  review: Review | null;
}

/**
 * The defaced T1s whose output lies in the dataset (the viewer reads only dataset files), in the Dataset tab's order.
 *
 * @example
 * reviewablePairs(scan.images)[0]; // {original: 'raw/sub-001/…/00001_1.nii', defaced: 'raw/sub-001/…/defaced_00001_1.nii', review: null}
 */
export function reviewablePairs(images: readonly ScannedImage[]): ReviewablePair[] {
  return sortImages(images)
    .filter((image) => image.kind === 't1' && image.state === 'defaced' && image.output !== null && !isAbsolute(image.output))
    .map((image) => ({ original: image.path, defaced: image.output as string, review: image.review }));
}

/**
 * The pair an image belongs to, as the original or as the defaced output; null when it has none (not a
 * T1, not defaced yet, or its output lies outside the dataset).
 *
 * @example
 * pairForImage(scan.images, 'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz')?.original; // 'sub-01/anat/sub-01_T1w.nii.gz'
 */
export function pairForImage(images: readonly ScannedImage[], path: string): ReviewablePair | null {
  return reviewablePairs(images).find((pair) => pair.original === path || pair.defaced === path) ?? null;
}

/**
 * The pair `step` places after (1) or before (-1) the one on screen; the first pair when none of them is on screen.
 *
 * @example
 * neighbour(pairs, 'raw/sub-001/…/00001_1.nii', 1)?.original; // 'raw/sub-002/…'
 */
export function neighbour(pairs: readonly ReviewablePair[], original: string | null, step: 1 | -1): ReviewablePair | null {
  const index = pairs.findIndex((pair) => pair.original === original);
  if (index === -1) return pairs[0] ?? null;
  return pairs[index + step] ?? null;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}
