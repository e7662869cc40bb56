import { useCallback, useMemo, useState } from 'react';
import type { ReviewVerdict } from '../../../../src/api/contract.js';
import { useVeil } from '../../state/store.js';
import { BackToWalkthrough } from '../walkthrough/BackToWalkthrough.js';
import { neighbour, reviewablePairs } from './compare-pairs.js';
import { CompareViewers } from './CompareViewers.js';
import { exportSnapshots } from './export-snapshots.js';
import { PairPicker } from './PairPicker.js';
import { ProvenancePanel } from './ProvenancePanel.js';
import { RecognizabilitySheet } from './RecognizabilitySheet.js';
import { ReviewBar, VERDICTS } from './ReviewBar.js';
import { useProvenance } from './use-provenance.js';
import { useShortcuts } from './use-shortcuts.js';
import type { ViewerPair } from './viewer-pair.js';

/**
 * Original and defaced side by side, linked in 2D and 3D, with the self-check, a one-key verdict and
 * snapshot export. Always mounted (hidden when another area is shown): its viewers' WebGL contexts
 * live as long as the window and are reused for every pair.
 */
export function ComparePanel({ visible }: { visible: boolean }) {
  const scan = useVeil((s) => s.scan);
  const datasetId = useVeil((s) => s.currentDatasetId);
  const pair = useVeil((s) => s.comparePair);
  const openCompare = useVeil((s) => s.openCompare);
  const recordReview = useVeil((s) => s.recordReview);
  const pairs = useMemo(() => reviewablePairs(scan?.images ?? []), [scan]);
  const onScreen = pairs.find((candidate) => candidate.original === pair?.original && candidate.defaced === pair.defaced) ?? null;
  const provenance = useProvenance(datasetId, pair, onScreen?.review);
  const [viewers, setViewers] = useState<ViewerPair | null>(null);
  const [note, setNote] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const reviewable = provenance.status === 'shown' && provenance.provenance.selfCheck !== null;
  // A verdict is for what the reviewer saw: the files themselves, not their 2 mm previews (the viewers are handed over only then).
  const filesShown = viewers !== null;
  const review = provenance.status === 'shown' ? provenance.provenance.review : null;

  const step = (direction: 1 | -1) => {
    const next = neighbour(pairs, pair?.original ?? null, direction);
    if (next) show({ original: next.original, defaced: next.defaced });
  };
  const show = (next: { original: string; defaced: string }) => {
    setNote('');
    setExported(null);
    openCompare(next);
  };
  const decide = (verdict: ReviewVerdict) => {
    if (reviewable && filesShown) void recordReview(verdict, note);
  };
  const exportPictures = async () => {
    if (!viewers || datasetId === null || pair === null) return;
    // The face-detection renders take seconds, unless they were just shown for these files (the core keeps those).
    setExporting(true);
    const saved = await exportSnapshots(viewers, datasetId, pair);
    setExporting(false);
    setExported(saved.ok ? `Saved ${saved.value.length} pictures in ${saved.value[0]?.replace(/\/[^/]+$/, '')}` : saved.error.message);
  };
  useShortcuts(visible, {
    ...Object.fromEntries(VERDICTS.map(({ verdict, key }) => [key, () => decide(verdict)])),
    n: () => step(1),
    b: () => step(-1),
  });
  const handOver = useCallback((ready: ViewerPair | null) => setViewers(ready), []);

  return (
    <section className={visible ? 'compare' : 'compare area-hidden'} aria-label="Compare" aria-hidden={!visible} inert={!visible}>
      <PairPicker pairs={pairs} images={scan?.images ?? []} pair={pair} onOpen={show} onStep={step} />
      {pair === null && (
        <p className="empty">{pairs.length > 0 ? 'Choose a defaced image above, or press n to start with the first one.' : 'No defaced T1 in this dataset yet: deface some in the Dataset tab.'}</p>
      )}
      <div className="compare-body">
        <CompareViewers datasetId={datasetId} pair={pair} onViewers={handOver} />
        <aside className="compare-side">
          <ProvenancePanel state={pair ? provenance : { status: 'loading' }} />
          {pair && datasetId !== null && reviewable && <RecognizabilitySheet key={`${pair.original}|${pair.defaced}`} datasetId={datasetId} pair={pair} />}
          <ReviewBar review={review} reviewable={reviewable} filesShown={filesShown} note={note} onNoteChange={setNote} onVerdict={decide} />
          <BackToWalkthrough />
          <section className="export" aria-label="Export">
            <button type="button" disabled={!viewers || pair === null || exporting} onClick={() => void exportPictures()}>
              {exporting ? 'Exporting pictures…' : 'Export pictures for the report'}
            </button>
            {exported && <p data-testid="export-status">{exported}</p>}
          </section>
        </aside>
      </div>
    </section>
  );
}
