import { useVeil } from '../../state/store.js';
import { FileList } from './FileList.js';
import { OpenDataset } from './OpenDataset.js';

/** The Dataset area: open a folder, then browse what it holds. */
export function DatasetPanel() {
  const listing = useVeil((s) => s.listing);
  return (
    <section className="panel" aria-labelledby="dataset-title">
      <h1 id="dataset-title">Dataset</h1>
      <OpenDataset />
      {listing ? <FileList listing={listing} /> : <p className="empty">Open a dataset folder to see its contents.</p>}
    </section>
  );
}
