import { useState } from 'react';
import type { ScannedImage } from '../../../../src/api/contract.js';
import { fileName, isSelectable } from './image-rows.js';
import { ReviewCell } from './ReviewCell.js';
import { StateBadge } from './StateBadge.js';

/** Fixed row height and viewport (styles.css `.image-scroller` and `.image-row` agree): only visible rows are rendered. */
const ROW_HEIGHT = 30;
const VIEWPORT_HEIGHT = 480;
/** Rows rendered above and below the viewport, so fast scrolling does not show blanks. */
const OVERSCAN = 10;

interface ImageTableProps {
  rows: readonly ScannedImage[];
  selected: ReadonlySet<string>;
  onToggle: (path: string) => void;
}

/** The images of the dataset as a virtualised table: smooth with tens of thousands of rows. */
export function ImageTable({ rows, selected, onToggle }: ImageTableProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEWPORT_HEIGHT) / ROW_HEIGHT) + OVERSCAN);

  if (rows.length === 0) return <p className="empty">No image matches this filter.</p>;
  return (
    <div className="image-scroller" role="region" aria-label="Images" tabIndex={0} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <table className="image-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <th scope="col" className="select-column">
              <span className="visually-hidden">Selected</span>
            </th>
            <th scope="col" className="subject-column">Subject</th>
            <th scope="col" className="session-column">Session</th>
            <th scope="col">Series</th>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col" className="review-column">Review</th>
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_HEIGHT }} />}
          {rows.slice(first, last).map((image, index) => (
            <ImageRow key={image.path} image={image} rowIndex={first + index + 2} checked={selected.has(image.path)} onToggle={onToggle} />
          ))}
          {last < rows.length && <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_HEIGHT }} />}
        </tbody>
      </table>
    </div>
  );
}

function ImageRow({ image, rowIndex, checked, onToggle }: { image: ScannedImage; rowIndex: number; checked: boolean; onToggle: (path: string) => void }) {
  return (
    <tr className="image-row" aria-rowindex={rowIndex} data-path={image.path}>
      <td className="select-column">
        {isSelectable(image) && <input type="checkbox" aria-label={`Select ${image.path}`} checked={checked} onChange={() => onToggle(image.path)} />}
      </td>
      <td>{image.subject ?? ''}</td>
      <td>{image.session ?? ''}</td>
      <td title={image.series ?? undefined}>{image.series ?? ''}</td>
      <td title={image.reason ? `${image.path}\n${image.reason}` : image.path}>{fileName(image.path)}</td>
      {/* Outputs in derivatives/ share their original's subject, series and name: the location tells them apart. */}
      <td>{image.location === 'primary' ? image.kind : `${image.kind} · ${image.location}`}</td>
      <td>
        <StateBadge state={image.state} />
      </td>
      <td>
        <ReviewCell image={image} />
      </td>
    </tr>
  );
}
