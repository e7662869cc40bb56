import { useState } from 'react';
import type { ChecklistDecision, ChecklistView } from '../../../../src/api/checklist.js';
import { CHECKLIST_SECTION_TITLES, checklistSectionId } from './sections.js';

interface MetadataSectionProps {
  view: ChecklistView;
  decide: (decision: ChecklistDecision) => Promise<void>;
}

/** Sidecars, NIfTI headers, gzip headers and names are scrubbed in the copy; only the institution is a choice. */
export function MetadataSection({ view, decide }: MetadataSectionProps) {
  const [keep, setKeep] = useState(view.keepInstitution !== null);
  const [reason, setReason] = useState(view.keepInstitution ?? '');
  return (
    <section className="checklist-section" id={checklistSectionId('metadata')} aria-label={CHECKLIST_SECTION_TITLES.metadata}>
      <h2>{CHECKLIST_SECTION_TITLES.metadata}</h2>
      <label>
        <input type="checkbox" checked={keep} onChange={(event) => setKeep(event.target.checked)} /> Keep the institution (name, address, department) in the sidecars
      </label>
      {keep && (
        <label>
          Because
          <input value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
      )}
      <button type="button" disabled={keep && reason.trim() === ''} onClick={() => void decide({ action: 'confirm-metadata', keepInstitution: keep ? reason : null })}>
        Confirm the metadata choices
      </button>
    </section>
  );
}
