import { PlannedArea } from '../../app/PlannedArea.js';

/** The Checklist area (planned). */
export function ChecklistPanel() {
  return (
    <PlannedArea id="checklist" title="Checklist">
      {"The anonymization checklist is not available yet. This area will track defacing, key disposal, data minimization, generalization and metadata scrubbing, with evidence and a report."}
    </PlannedArea>
  );
}
