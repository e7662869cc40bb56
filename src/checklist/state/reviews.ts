/**
 * Review verdicts of defaced images, `.veil/reviews.json` in the dataset. The Compare view (issue #5)
 * owns this file; the checklist reads it through here only, so the format lives in one place. The
 * writer exists for `veil review` until that view ships.
 *
 * Format: `{ "version": 1, "reviews": { "<original image, dataset-relative>": { verdict, note, reviewedAt, defacedPath } } }`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { VeilError } from '../../api/result.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { writeJsonAtomic } from '../../files/write-json-atomic.js';

export const ReviewVerdictSchema = z.enum(['pass', 'fail', 'attention']);
export type ReviewVerdict = z.infer<typeof ReviewVerdictSchema>;

export const ReviewSchema = z.object({
  verdict: ReviewVerdictSchema,
  note: z.string(),
  reviewedAt: z.string(),
  /** The defaced image that was looked at, dataset-relative. */
  defacedPath: z.string(),
});
export type Review = z.infer<typeof ReviewSchema>;

const ReviewsFileSchema = z.object({ version: z.literal(1), reviews: z.record(z.string(), ReviewSchema) });

/**
 * Where a dataset's reviews live.
 *
 * @example
 * reviewsPath('/data/study'); // '/data/study/.veil/reviews.json'
 */
export function reviewsPath(root: string): string {
  return path.join(root, '.veil', 'reviews.json');
}

/**
 * The reviews by original image path; empty when nothing was reviewed yet. A file that does not parse
 * is an error naming it: silently reading it as "no reviews" would hide verdicts.
 *
 * @example
 * (await readReviews('/data/study')).get('sub-01/anat/sub-01_T1w.nii.gz')?.verdict; // 'pass'
 */
export async function readReviews(root: string): Promise<Map<string, Review>> {
  const file = reviewsPath(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw fileSystemError(error, 'read', file);
  }
  let parsed;
  try {
    parsed = ReviewsFileSchema.safeParse(JSON.parse(text));
  } catch {
    throw new VeilError('BAD_REQUEST', `${file} is damaged (not JSON).`);
  }
  if (!parsed.success) throw new VeilError('BAD_REQUEST', `${file} is not a Veil reviews file.`);
  return new Map(Object.entries(parsed.data.reviews));
}

/**
 * Records (or replaces) the verdict on one image.
 *
 * @example
 * await recordReview('/data/study', 'sub-01/anat/sub-01_T1w.nii.gz', { verdict: 'pass', note: '', reviewedAt: new Date().toISOString(), defacedPath: 'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz' });
 */
export async function recordReview(root: string, imagePath: string, review: Review): Promise<void> {
  const reviews = await readReviews(root);
  reviews.set(imagePath, review);
  await writeJsonAtomic(reviewsPath(root), { version: 1, reviews: Object.fromEntries(reviews) });
}
