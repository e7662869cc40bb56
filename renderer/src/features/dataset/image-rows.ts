/** The rows of the image table: sorted by subject → session → series → file, and filtered. */
import type { ScannedImage } from '../../../../src/api/contract.js';

export type ImageFilter = 'all' | 't1-not-defaced' | 'failed' | 'stale' | 'defaced';

export const IMAGE_FILTERS: { id: ImageFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 't1-not-defaced', label: 'T1 not defaced' },
  { id: 'failed', label: 'Failed' },
  { id: 'stale', label: 'Stale' },
  { id: 'defaced', label: 'Defaced' },
];

const collator = new Intl.Collator('en', { numeric: true });

/** Compares two optional names, missing ones last. */
function compareNames(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return collator.compare(a, b);
}

/** The file name of a '/'-separated path. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The images in table order: subject, session, series (by number), file. */
export function sortImages(images: readonly ScannedImage[]): ScannedImage[] {
  return [...images].sort(
    (a, b) =>
      compareNames(a.subject, b.subject) ||
      compareNames(a.session, b.session) ||
      (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) ||
      compareNames(a.series, b.series) ||
      collator.compare(a.path, b.path),
  );
}

/** Whether an image passes the filter. */
export function matchesFilter(image: ScannedImage, filter: ImageFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 't1-not-defaced':
      return image.kind === 't1' && image.state === 'not-defaced';
    default:
      return image.state === filter;
  }
}

/** Whether the batch takes this image (the core checks again). */
export function isSelectable(image: ScannedImage): boolean {
  return image.kind === 't1' && image.location === 'primary';
}
