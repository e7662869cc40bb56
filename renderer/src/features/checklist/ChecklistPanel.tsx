import { useEffect } from 'react';
import { useVeil } from '../../state/store.js';
import { BackToWalkthrough } from '../walkthrough/BackToWalkthrough.js';
import { GeneralizationSection } from './GeneralizationSection.js';
import { ItemList } from './ItemList.js';
import { KeySection } from './KeySection.js';
import { MetadataSection } from './MetadataSection.js';
import { MinimizationSection } from './MinimizationSection.js';
import { PublishSection } from './PublishSection.js';
import { checklistSectionId } from './sections.js';
import { useChecklist } from './use-checklist.js';

/** The anonymization checklist: five items with evidence, their decisions, the publication copy and its report. */
export function ChecklistPanel() {
  const datasetId = useVeil((s) => s.currentDatasetId);
  // A rescan (new defacing, a review verdict) changes item 1: the checklist is read again.
  const scan = useVeil((s) => s.scan);
  const checklist = useChecklist(datasetId, scan);
  const { view } = checklist;
  // Opened at a section (a walkthrough step's button): bring it into view once the sections exist.
  const section = useVeil((s) => s.checklistSection);
  const loaded = view !== null;
  useEffect(() => {
    if (loaded && section !== null) document.getElementById(checklistSectionId(section))?.scrollIntoView({ block: 'start' });
  }, [loaded, section]);

  if (datasetId === null) return <p className="empty">Open a dataset first.</p>;
  return (
    <section className="panel checklist" aria-labelledby="checklist-title" aria-busy={checklist.busy}>
      <h1 id="checklist-title">Checklist</h1>
      <BackToWalkthrough />
      {checklist.error && (
        <p role="alert" className="inline-error">
          {checklist.error.message}
        </p>
      )}
      {!view ? (
        <p className="empty">Checking the dataset…</p>
      ) : (
        <>
          <p data-testid="checklist-summary">{view.allDone ? 'Every item is done: build the publication copy.' : 'Work through the items below; each says what is left.'}</p>
          <ItemList items={view.items} />
          <KeySection view={view} decide={checklist.decide} />
          <MinimizationSection view={view} decide={checklist.decide} />
          <GeneralizationSection key={JSON.stringify(view.generalization)} datasetId={datasetId} saved={view.generalization} decide={checklist.decide} />
          <MetadataSection view={view} decide={checklist.decide} />
          <PublishSection datasetId={datasetId} view={view} onStaged={checklist.reload} />
        </>
      )}
    </section>
  );
}
