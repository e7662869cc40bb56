import { useState } from 'react';
import { useVeil } from '../../state/store.js';
import { FileList } from './FileList.js';
import { ImagesView } from './ImagesView.js';
import { OpenDataset } from './OpenDataset.js';

type DatasetView = 'images' | 'files';

/** The Dataset area: open a folder, then see its images (and deface them) or browse its files. */
export function DatasetPanel() {
  const listing = useVeil((s) => s.listing);
  const datasetId = useVeil((s) => s.currentDatasetId);
  const [view, setView] = useState<DatasetView>('images');
  return (
    <section className="panel" aria-labelledby="dataset-title">
      <h1 id="dataset-title">Dataset</h1>
      <OpenDataset />
      {datasetId !== null ? (
        <>
          <div className="segmented view-switch" role="group" aria-label="View">
            <button type="button" aria-pressed={view === 'images'} onClick={() => setView('images')}>
              Images
            </button>
            <button type="button" aria-pressed={view === 'files'} onClick={() => setView('files')}>
              Files
            </button>
          </div>
          {/* Keyed by dataset: filter and selection belong to one dataset. */}
          {view === 'images' ? <ImagesView key={datasetId} /> : listing && <FileList listing={listing} />}
        </>
      ) : (
        <p className="empty">Open a dataset folder to see its contents.</p>
      )}
    </section>
  );
}
