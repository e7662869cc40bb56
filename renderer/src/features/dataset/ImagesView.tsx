import { useMemo, useState } from 'react';
import { LineList } from '../../app/LineList.js';
import { useVeil } from '../../state/store.js';
import { BatchProgressPanel } from './BatchProgressPanel.js';
import { DefaceControls } from './DefaceControls.js';
import { ImageFilters } from './ImageFilters.js';
import { ImageTable } from './ImageTable.js';
import { isSelectable, matchesFilter, sortImages, type ImageFilter } from './image-rows.js';

/** Every image of the dataset with its kind and deface state; select T1s and deface them. */
export function ImagesView() {
  const scan = useVeil((s) => s.scan);
  const [filter, setFilter] = useState<ImageFilter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const sorted = useMemo(() => (scan ? sortImages(scan.images) : []), [scan]);
  const rows = useMemo(() => sorted.filter((image) => matchesFilter(image, filter)), [sorted, filter]);

  if (!scan) return <p className="empty">Scanning the dataset…</p>;

  const toggle = (path: string) =>
    setSelected((before) => {
      const after = new Set(before);
      if (!after.delete(path)) after.add(path);
      return after;
    });
  const selectVisibleT1s = () => setSelected((before) => new Set([...before, ...rows.filter(isSelectable).map((image) => image.path)]));
  const t1Count = scan.images.filter((image) => image.kind === 't1').length;

  return (
    <div className="images-view">
      <p className="scan-summary">
        {scan.layout.toUpperCase()} layout · {scan.images.length} images · {t1Count} T1
      </p>
      <LineList className="scan-warnings" lines={scan.warnings} />
      <div className="image-toolbar">
        <ImageFilters filter={filter} onChange={setFilter} />
        <button type="button" onClick={selectVisibleT1s}>
          Select all visible T1s
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
          Clear selection
        </button>
      </div>
      <ImageTable rows={rows} selected={selected} onToggle={toggle} />
      <DefaceControls selected={[...selected]} onStarted={() => setSelected(new Set())} />
      <BatchProgressPanel />
    </div>
  );
}
