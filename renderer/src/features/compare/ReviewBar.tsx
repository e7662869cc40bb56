import { useState } from 'react';
import type { Review, ReviewVerdict } from '../../../../src/api/contract.js';

export const VERDICTS: { verdict: ReviewVerdict; label: string; key: string }[] = [
  { verdict: 'pass', label: 'Pass', key: 'p' },
  { verdict: 'fail', label: 'Fail', key: 'f' },
  { verdict: 'attention', label: 'Needs attention', key: 'a' },
];

interface ReviewBarProps {
  /** The review that holds for the output on screen. */
  review: Review | null;
  /** False for two arbitrary images: only Veil outputs with a self-check are reviewed. */
  reviewable: boolean;
  /** The viewers show the files themselves: no verdict is given on a preview or a pair still loading. */
  filesShown: boolean;
  note: string;
  onNoteChange: (note: string) => void;
  onVerdict: (verdict: ReviewVerdict) => void;
}

/** Pass / Fail / Needs attention with a note; the keys p, f, a do the same (see ComparePanel). */
export function ReviewBar({ review, reviewable, filesShown, note, onNoteChange, onVerdict }: ReviewBarProps) {
  const canDecide = reviewable && filesShown;
  const [noteId] = useState(() => `review-note-${Math.random().toString(36).slice(2)}`);
  return (
    <section className="review-bar" aria-label="Review">
      <h3>Review</h3>
      <p data-testid="review-status">
        {review ? (
          <>
            <span className={`badge badge-review-${review.verdict}`}>{review.verdict}</span> {new Date(review.reviewedAt).toLocaleString()}
            {review.note && <span className="review-note"> — {review.note}</span>}
          </>
        ) : reviewable ? (
          filesShown ? 'Not reviewed yet.' : 'Not reviewed yet: a verdict can be given once the full images are shown.'
        ) : (
          'Only a Veil output with its self-check can be reviewed.'
        )}
      </p>
      <label htmlFor={noteId}>Note</label>
      <textarea id={noteId} rows={2} maxLength={2000} value={note} disabled={!reviewable} onChange={(event) => onNoteChange(event.target.value)} />
      <div className="verdicts">
        {VERDICTS.map(({ verdict, label, key }) => (
          <button key={verdict} type="button" className={`verdict verdict-${verdict}`} disabled={!canDecide} aria-keyshortcuts={key} onClick={() => onVerdict(verdict)}>
            {label} <kbd>{key}</kbd>
          </button>
        ))}
      </div>
    </section>
  );
}
