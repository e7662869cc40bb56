import { useEffect, useState } from 'react';
import { readBytes } from '../../api/client.js';
import type { ComparePair } from '../../state/store.js';

type SheetState = { status: 'idle' } | { status: 'running' } | { status: 'shown'; url: string } | { status: 'failed'; message: string };

/**
 * The recognizability check's renders of the pair on screen (a row per view, original | defaced, the
 * faces the detector found drawn in), on request: the core runs the check again, which takes seconds.
 */
export function RecognizabilitySheet({ datasetId, pair }: { datasetId: string; pair: ComparePair }) {
  const [sheet, setSheet] = useState<SheetState>({ status: 'idle' });
  const url = sheet.status === 'shown' ? sheet.url : null;
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  const run = async () => {
    setSheet({ status: 'running' });
    const png = await readBytes('recognizability.sheet', { datasetId, ...pair });
    setSheet(png.ok ? { status: 'shown', url: URL.createObjectURL(new Blob([png.value], { type: 'image/png' })) } : { status: 'failed', message: png.error.message });
  };
  return (
    <section className="recognizability" aria-label="Face detection renders">
      <button type="button" disabled={sheet.status === 'running'} onClick={() => void run()}>
        {sheet.status === 'running' ? 'Rendering and detecting…' : 'Show the face-detection renders'}
      </button>
      {sheet.status === 'failed' && <p className="inline-error">{sheet.message}</p>}
      {sheet.status === 'shown' && <img src={sheet.url} alt="Skin-surface renders, original | defaced, per view, with the faces the detector found" />}
    </section>
  );
}
