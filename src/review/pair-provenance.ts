/**
 * What the Compare view shows beside an original/defaced pair, and the rule for recording a verdict:
 * a review always belongs to a Veil self-check, so it names exactly which output bytes were looked at.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Review, ReviewVerdict } from '../api/contract.js';
import { SelfCheckSchema, type SelfCheck } from '../api/deface.js';
import { describeZodError, VeilError } from '../api/result.js';
import { resolveInside } from '../datasets/containment.js';
import { sidecarPathFor } from '../engine/sidecar.js';
import { loadReviews, saveReview } from './review-store.js';

export interface ImagePair {
  /** The original image, relative to the dataset root. */
  original: string;
  /** Its defaced output, relative to the dataset root. */
  defaced: string;
}

export interface PairProvenance {
  selfCheck: SelfCheck | null;
  /** The review of this very output, or null (none yet, or one made for an earlier output). */
  review: Review | null;
}

/**
 * The defaced image's self-check and the review that holds for it. Two arbitrary images (no Veil
 * sidecar beside the second) have neither.
 *
 * @param realRoot the dataset root, symlinks resolved
 * @example
 * await pairProvenance('/data/study', { original: 'sub-01/anat/sub-01_T1w.nii.gz', defaced: 'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz' });
 * // {selfCheck: {verdict: 'pass', …}, review: null}
 */
export async function pairProvenance(realRoot: string, pair: ImagePair): Promise<PairProvenance> {
  const selfCheck = await selfCheckFor(realRoot, pair);
  if (!selfCheck) return { selfCheck: null, review: null };
  const review = (await loadReviews(realRoot)).get(pair.original) ?? null;
  return { selfCheck, review: review && holdsFor(review, pair.defaced, selfCheck) ? review : null };
}

/**
 * True when `review` was made for the output as it is now: same path, same bytes per its self-check.
 *
 * @example
 * holdsFor(review, 'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz', selfCheck); // false after a re-deface
 */
export function holdsFor(review: Review, defacedPath: string, selfCheck: SelfCheck): boolean {
  return review.defacedPath === defacedPath && review.defacedSha256 === selfCheck.output.sha256;
}

/**
 * Records a verdict on a pair. Refused when the defaced image has no Veil self-check, or when the
 * self-check was made from a different original.
 *
 * @example
 * await recordReview('/data/study', pair, 'pass', 'Face and ears gone; brain intact.');
 */
export async function recordReview(realRoot: string, pair: ImagePair, verdict: ReviewVerdict, note: string): Promise<Review> {
  const selfCheck = await selfCheckFor(realRoot, pair);
  if (!selfCheck) {
    throw new VeilError('BAD_REQUEST', `${pair.defaced} has no Veil self-check beside it: only Veil's defaced outputs can be reviewed.`);
  }
  const review: Review = {
    verdict,
    note: note.trim(),
    reviewedAt: new Date().toISOString(),
    defacedPath: pair.defaced,
    defacedSha256: selfCheck.output.sha256,
  };
  await saveReview(realRoot, pair.original, review);
  return review;
}

/** The self-check beside the defaced image, checked to belong to this original; null when there is none. */
async function selfCheckFor(realRoot: string, pair: ImagePair): Promise<SelfCheck | null> {
  const [original, defaced] = await Promise.all([resolveInside(realRoot, pair.original), resolveInside(realRoot, pair.defaced)]);
  const sidecar = sidecarPathFor(defaced);
  let text: string;
  try {
    text = await readFile(sidecar, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VeilError('UNAVAILABLE', `Cannot read the self-check ${path.relative(realRoot, sidecar)}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VeilError('UNAVAILABLE', `The self-check ${path.relative(realRoot, sidecar)} is not valid JSON.`);
  }
  const parsed = SelfCheckSchema.safeParse(json);
  if (!parsed.success) throw new VeilError('UNAVAILABLE', `The self-check ${path.relative(realRoot, sidecar)} is malformed: ${describeZodError(parsed.error)}`);
  // The sidecar records the paths of the run; the dataset may have moved since, so names are compared, not folders.
  if (path.basename(parsed.data.input.path) !== path.basename(original)) {
    throw new VeilError('BAD_REQUEST', `${pair.defaced} was made from ${path.basename(parsed.data.input.path)}, not from ${pair.original}.`);
  }
  return parsed.data;
}
