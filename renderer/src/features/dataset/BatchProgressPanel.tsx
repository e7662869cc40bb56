import type { BatchSummary } from '../../../../src/api/contract.js';
import { useVeil } from '../../state/store.js';
import type { BatchProgress, ImageProgress, ImageStatus } from './batch-progress.js';
import { fileName } from './image-rows.js';

/** Images listed at most; the summary counts all of them. */
const MAX_LISTED = 200;

/** What needs attention first: running, then failed, waiting, cancelled, done. */
const STATUS_ORDER: Record<ImageStatus, number> = { running: 0, failed: 1, queued: 2, cancelled: 3, done: 4 };

/** The current dataset's batch: every image with its stage and percent, cancel buttons, and failures in words. */
export function BatchProgressPanel() {
  const batch = useVeil((s) => (s.batch?.datasetId === s.currentDatasetId ? s.batch : null));
  const cancelBatch = useVeil((s) => s.cancelBatch);
  if (!batch) return null;

  const images = Object.values(batch.images).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return (
    <section className="batch-panel" aria-label="Batch progress">
      <header className="batch-header">
        <h2>Deface batch</h2>
        <span data-testid="batch-status">{describeBatch(batch, images)}</span>
        <button type="button" disabled={batch.finished} onClick={() => void cancelBatch()}>
          Cancel all
        </button>
      </header>
      {batch.error && <p className="batch-error">The batch stopped: {batch.error}</p>}
      <ul className="batch-images">
        {images.slice(0, MAX_LISTED).map((image) => (
          <BatchImage key={image.path} image={image} canCancel={!batch.finished} onCancel={() => void cancelBatch(image.path)} />
        ))}
      </ul>
      {images.length > MAX_LISTED && <p className="empty">… and {images.length - MAX_LISTED} more.</p>}
      {batch.skipped.length > 0 && (
        <details className="batch-skipped">
          <summary>{batch.skipped.length} skipped</summary>
          <ul>
            {batch.skipped.map(({ path, reason }) => (
              <li key={path}>
                <code>{path}</code>: {reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function BatchImage({ image, canCancel, onCancel }: { image: ImageProgress; canCancel: boolean; onCancel: () => void }) {
  const active = image.status === 'queued' || image.status === 'running';
  return (
    <li className="batch-image" data-status={image.status} data-path={image.path}>
      <span className="batch-file" title={image.path}>
        {fileName(image.path)}
      </span>
      <span className={`badge badge-${image.status}`}>{image.status}</span>
      <span className="batch-stage">{image.stage}</span>
      <progress max={1} value={image.fraction} aria-label={`Progress of ${image.path}`} />
      <span className="batch-percent">{Math.round(image.fraction * 100)}%</span>
      <button type="button" disabled={!canCancel || !active} aria-label={`Cancel ${image.path}`} onClick={onCancel}>
        Cancel
      </button>
      {image.message && <span className={image.status === 'failed' ? 'batch-error' : 'batch-note'}>{image.message}</span>}
      {image.log.length > 0 && (
        <details className="batch-log">
          <summary>Log ({image.log.length} lines)</summary>
          <pre>{image.log.join('\n')}</pre>
        </details>
      )}
    </li>
  );
}

function describeBatch(batch: BatchProgress, images: ImageProgress[]): string {
  if (batch.finished) return batch.summary ? `Finished: ${describeSummary(batch.summary)}` : 'Stopped.';
  const finished = images.filter((image) => !['queued', 'running'].includes(image.status)).length;
  return `Running: ${finished} of ${images.length} finished`;
}

function describeSummary(summary: BatchSummary): string {
  const warned = summary.warnings ? ` (${summary.warnings} with warnings)` : '';
  return `${summary.done} defaced${warned}, ${summary.failed} failed, ${summary.cancelled} cancelled, in ${summary.seconds.toFixed(1)} s.`;
}
