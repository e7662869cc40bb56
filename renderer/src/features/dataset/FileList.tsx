import type { DirectoryListing } from '../../../../src/api/contract.js';
import { useVeil } from '../../state/store.js';

const sizeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${sizeFormat.format(value)} ${units[unit]}`;
}

/** One folder of the dataset: a breadcrumb to go up, folders to open, files with their sizes. */
export function FileList({ listing }: { listing: DirectoryListing }) {
  const browse = useVeil((s) => s.browse);
  const dataset = useVeil((s) => s.datasets.find((d) => d.id === listing.datasetId));
  const segments = listing.path ? listing.path.split('/') : [];

  return (
    <section aria-label="Dataset contents">
      <nav className="breadcrumb" aria-label="Folder">
        <button type="button" onClick={() => void browse('')}>
          {dataset?.name ?? 'dataset'}
        </button>
        {segments.map((segment, index) => (
          <span key={segments.slice(0, index + 1).join('/')}>
            {' / '}
            <button type="button" onClick={() => void browse(segments.slice(0, index + 1).join('/'))}>
              {segment}
            </button>
          </span>
        ))}
      </nav>
      {listing.entries.length === 0 ? (
        <p className="empty">This folder is empty.</p>
      ) : (
        <table className="file-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col" className="number">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.entries.map((entry) => (
              <tr key={entry.path} data-type={entry.type}>
                <td>
                  {entry.type === 'directory' ? (
                    <button type="button" className="link" onClick={() => void browse(entry.path)}>
                      {entry.name}/
                    </button>
                  ) : (
                    entry.name
                  )}
                </td>
                <td>{entry.type}</td>
                <td className="number">{entry.type === 'file' ? formatSize(entry.size) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
