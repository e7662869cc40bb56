/**
 * Shows each defaced T1's review in the scan: the one in `.veil/reviews.json` that was made for its
 * current output (same path, same sha256 per the output's self-check). A review of an earlier output
 * is not shown: the image needs looking at again.
 */
import path from 'node:path';
import type { ScannedImage } from '../../api/contract.js';
import { sidecarPathFor } from '../../engine/sidecar.js';
import { holdsFor } from '../../review/pair-provenance.js';
import { loadReviews } from '../../review/review-store.js';
import type { SidecarFiles } from './sidecar-files.js';

/**
 * Sets `review` on every defaced T1 whose review still holds; returns a warning when the reviews
 * file cannot be read (the scan goes on without reviews).
 *
 * @example
 * const warning = await attachReviews(images, '/data/study', sidecars); // null when all is well
 */
export async function attachReviews(images: ScannedImage[], root: string, sidecars: SidecarFiles): Promise<string | null> {
  let reviews;
  try {
    reviews = await loadReviews(root);
  } catch (error) {
    return (error as Error).message;
  }
  if (reviews.size === 0) return null;
  await Promise.all(
    images.map(async (image) => {
      const review = reviews.get(image.path);
      if (!review || image.state !== 'defaced' || image.output === null) return;
      const sidecar = await sidecars.veilSidecar(sidecarPathFor(path.resolve(root, image.output)));
      if ('selfCheck' in sidecar && holdsFor(review, image.output, sidecar.selfCheck)) image.review = review;
    }),
  );
  return null;
}
