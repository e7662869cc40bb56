import type { TutorialAction } from '../../../../src/api/tutorial.js';
import { useVeil } from '../../state/store.js';
import { CHECKLIST_SECTION_TITLES } from '../checklist/sections.js';

/**
 * A step's button: what the step's commands do, done in the app with its own actions — a batch
 * like the Dataset tab's (native engine, as the course's commands), Compare on a pair, or the
 * Checklist at the section where the learner decides.
 */
export function StepAction({ action }: { action: TutorialAction }) {
  const startBatch = useVeil((s) => s.startBatch);
  const openCompare = useVeil((s) => s.openCompare);
  const openChecklist = useVeil((s) => s.openChecklist);
  const running = useVeil((s) => s.startingBatch || (s.batch !== null && !s.batch.finished && s.batch.datasetId === s.currentDatasetId));

  switch (action.kind) {
    case 'deface':
      return (
        <button type="button" className="primary" disabled={running} onClick={() => void startBatch({ paths: action.paths, engine: 'native', output: 'derivatives', scheduler: 'local' })}>
          {running ? 'Defacing…' : `Deface ${action.paths.length === 1 ? 'this T1' : `these ${action.paths.length} T1s`}`}
        </button>
      );
    case 'compare':
      return (
        <button type="button" className="primary" onClick={() => openCompare({ original: action.original, defaced: action.defaced }, true)}>
          Compare with the original
        </button>
      );
    case 'checklist':
      return (
        <button type="button" className="primary" onClick={() => openChecklist(action.section, true)}>
          {action.section === null ? 'Open the checklist' : `Open ${CHECKLIST_SECTION_TITLES[action.section]}`}
        </button>
      );
  }
}
