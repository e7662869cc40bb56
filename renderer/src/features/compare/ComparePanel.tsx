import { PlannedArea } from '../../app/PlannedArea.js';

/** The Compare area (planned). */
export function ComparePanel() {
  return (
    <PlannedArea id="compare" title="Compare">
      {"Comparison is not available yet. This area will show an original and its defaced copy side by side, linked in 2D and 3D."}
    </PlannedArea>
  );
}
