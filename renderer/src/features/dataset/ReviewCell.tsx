import type { ScannedImage } from '../../../../src/api/contract.js';
import { useVeil } from '../../state/store.js';

/** A defaced T1's review verdict, and the way into the Compare view for it. */
export function ReviewCell({ image }: { image: ScannedImage }) {
  const openCompare = useVeil((s) => s.openCompare);
  const output = image.output;
  if (image.state !== 'defaced' || output === null) return null;
  return (
    <>
      <button type="button" className="link" aria-label={`Compare ${image.path}`} onClick={() => openCompare({ original: image.path, defaced: output })}>
        Compare
      </button>{' '}
      {image.review ? <span className={`badge badge-review-${image.review.verdict}`}>{image.review.verdict}</span> : <span className="muted">to review</span>}
    </>
  );
}
