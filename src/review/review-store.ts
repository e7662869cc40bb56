/**
 * The reviews of a dataset, in `<dataset>/.veil/reviews.json`: one entry per original T1 (by its
 * dataset-relative path), holding the verdict on its defaced output. Writes are atomic and, within
 * this process, one at a time per file, so two quick verdicts never lose each other.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReviewSchema, type Review } from '../api/contract.js';
import { describeZodError, VeilError } from '../api/result.js';
import { writeJsonAtomic } from '../files/write-json-atomic.js';

const ReviewFileSchema = z.strictObject({
  version: z.literal(1),
  reviews: z.record(z.string(), ReviewSchema),
});
type ReviewFile = z.infer<typeof ReviewFileSchema>;

/** Pending writes per reviews file: each record waits for the previous one to land. */
const writeQueues = new Map<string, Promise<unknown>>();

/**
 * Where a dataset's reviews live.
 *
 * @example
 * reviewsPathFor('/data/study'); // '/data/study/.veil/reviews.json'
 */
export function reviewsPathFor(datasetRoot: string): string {
  return path.join(datasetRoot, '.veil', 'reviews.json');
}

/**
 * Every review of a dataset, keyed by the original's relative path; empty when none was recorded.
 * A damaged file is an error (naming the file), not an empty map: saving over it would lose every review in it.
 *
 * @example
 * const reviews = await loadReviews('/data/study');
 * reviews.get('sub-01/anat/sub-01_T1w.nii.gz')?.verdict; // 'pass'
 */
export async function loadReviews(datasetRoot: string): Promise<Map<string, Review>> {
  return new Map(Object.entries((await readReviewFile(reviewsPathFor(datasetRoot))).reviews));
}

/**
 * Stores (or replaces) the review of one original image.
 *
 * @example
 * await saveReview('/data/study', 'sub-01/anat/sub-01_T1w.nii.gz', review);
 */
export async function saveReview(datasetRoot: string, originalPath: string, review: Review): Promise<void> {
  const file = reviewsPathFor(datasetRoot);
  const previous = writeQueues.get(file) ?? Promise.resolve();
  const write = previous.catch(() => undefined).then(async () => {
    const current = await readReviewFile(file);
    await writeJsonAtomic(file, { version: 1, reviews: { ...current.reviews, [originalPath]: review } } satisfies ReviewFile);
  });
  writeQueues.set(file, write);
  try {
    await write;
  } finally {
    if (writeQueues.get(file) === write) writeQueues.delete(file);
  }
}

async function readReviewFile(file: string): Promise<ReviewFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, reviews: {} };
    throw new VeilError('UNAVAILABLE', `Cannot read the reviews in ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VeilError('UNAVAILABLE', `The reviews in ${file} are not valid JSON; fix or move the file before recording new reviews.`);
  }
  const parsed = ReviewFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new VeilError('UNAVAILABLE', `The reviews in ${file} do not have the expected form (${describeZodError(parsed.error)}); fix or move the file.`);
  }
  return parsed.data;
}
