import { PlannedArea } from '../../app/PlannedArea.js';

/** The Deface area (planned). */
export function DefacePanel() {
  return (
    <PlannedArea id="deface" title="Deface">
      {"Defacing is not available yet. This area will run Veil's native engine (or FSL's fsl_deface where it is installed) over the T1-weighted images of the open dataset."}
    </PlannedArea>
  );
}
