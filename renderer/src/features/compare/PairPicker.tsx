import { useState } from 'react';
import type { ScannedImage } from '../../../../src/api/contract.js';
import type { ComparePair } from '../../state/store.js';
import type { ReviewablePair } from './compare-pairs.js';

interface PairPickerProps {
  pairs: readonly ReviewablePair[];
  images: readonly ScannedImage[];
  pair: ComparePair | null;
  onOpen: (pair: ComparePair) => void;
  onStep: (step: 1 | -1) => void;
}

const reviewedMark = (pair: ReviewablePair) => (pair.review ? ` — ${pair.review.verdict}` : '');

/** Which pair is on screen: step through the defaced T1s (b / n), or pick any two images of the dataset. */
export function PairPicker({ pairs, images, pair, onOpen, onStep }: PairPickerProps) {
  const index = pairs.findIndex((candidate) => candidate.original === pair?.original && candidate.defaced === pair.defaced);
  const reviewed = pairs.filter((candidate) => candidate.review !== null).length;
  return (
    <div className="pair-picker">
      <button type="button" aria-keyshortcuts="b" disabled={index <= 0} onClick={() => onStep(-1)}>
        ← Previous <kbd>b</kbd>
      </button>
      <label>
        <span className="visually-hidden">Defaced image</span>
        <select
          aria-label="Defaced image"
          value={index === -1 ? '' : String(index)}
          onChange={(event) => {
            const chosen = pairs[Number(event.target.value)];
            if (chosen) onOpen({ original: chosen.original, defaced: chosen.defaced });
          }}
        >
          {index === -1 && <option value="">{pair ? 'Two images of your choice' : 'Choose a defaced image'}</option>}
          {pairs.map((candidate, position) => (
            <option key={candidate.original} value={String(position)}>
              {candidate.original}
              {reviewedMark(candidate)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-keyshortcuts="n" disabled={pairs.length === 0 || index === pairs.length - 1} onClick={() => onStep(1)}>
        Next <kbd>n</kbd> →
      </button>
      <span className="pair-count" data-testid="review-progress">
        {index === -1 ? '' : `${index + 1} of ${pairs.length} · `}
        {reviewed} reviewed
      </span>
      <AnyTwoImages images={images} onOpen={onOpen} />
    </div>
  );
}

/** Any two NIfTI files of the dataset, e.g. a T1 and a T2, or two defacing runs. */
function AnyTwoImages({ images, onOpen }: { images: readonly ScannedImage[]; onOpen: (pair: ComparePair) => void }) {
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  return (
    <details className="any-two">
      <summary>Any two images…</summary>
      <ImageSelect label="Left" images={images} value={left} onChange={setLeft} />
      <ImageSelect label="Right" images={images} value={right} onChange={setRight} />
      <button type="button" disabled={!left || !right} onClick={() => onOpen({ original: left, defaced: right })}>
        Show these two
      </button>
    </details>
  );
}

interface ImageSelectProps {
  label: string;
  images: readonly ScannedImage[];
  value: string;
  onChange: (path: string) => void;
}

function ImageSelect({ label, images, value, onChange }: ImageSelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">—</option>
        {images.map((image) => (
          <option key={image.path} value={image.path}>
            {image.path}
          </option>
        ))}
      </select>
    </label>
  );
}
