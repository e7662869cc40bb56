import { IMAGE_FILTERS, type ImageFilter } from './image-rows.js';

/** The filter buttons above the image table. */
export function ImageFilters({ filter, onChange }: { filter: ImageFilter; onChange: (filter: ImageFilter) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Show">
      {IMAGE_FILTERS.map(({ id, label }) => (
        <button key={id} type="button" aria-pressed={filter === id} onClick={() => onChange(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}
