import { useVeil } from '../../state/store.js';
import { BatchProgressPanel } from '../dataset/BatchProgressPanel.js';
import { useTutorialProgress } from './use-tutorial-progress.js';
import { WalkthroughStep } from './WalkthroughStep.js';

/**
 * The course on the practice project (issue #9), step by step: each with its commands for the cluster
 * and the button that does the same here, checked by the core against the project as it is now.
 * Other datasets get no walkthrough: the checks only make sense on the practice project's known data.
 */
export function WalkthroughPanel() {
  const datasetId = useVeil((s) => s.currentDatasetId);
  // A rescan (a batch finished) or a recorded review changes what is done: the progress is read again.
  const scan = useVeil((s) => s.scan);
  const showArea = useVeil((s) => s.showArea);
  const { view, error } = useTutorialProgress(datasetId, scan);

  const emptyState = (text: string) => (
    <section className="panel" aria-labelledby="walkthrough-title">
      <h1 id="walkthrough-title">Walkthrough</h1>
      <p className="empty" data-testid="walkthrough-empty">
        {text}
      </p>
      <button type="button" onClick={() => showArea('dataset')}>
        Go to the Dataset tab
      </button>
    </section>
  );

  if (datasetId === null) return emptyState('The walkthrough guides you through the practice project: start it in the Dataset tab ("Start practice project").');
  if (view === null) {
    return emptyState('This dataset is not a practice project, so there is no walkthrough for it: use the Checklist. To learn on made-up participants first, start the practice project in the Dataset tab (or run veil tutorial).');
  }
  const steps = view?.steps ?? [];
  const toDo = steps.filter((step) => step.status !== 'read');
  const done = toDo.filter((step) => step.status === 'done').length;
  return (
    <section className="panel walkthrough" aria-labelledby="walkthrough-title" aria-busy={view === undefined && error === null}>
      <h1 id="walkthrough-title">Walkthrough{view && `: ${view.project}`}</h1>
      {error && (
        <p role="alert" className="inline-error">
          {error.message}
        </p>
      )}
      {view === undefined ? (
        // A failed first load shows its error alone, not a check that never ends.
        error === null && <p className="empty">Checking the practice project…</p>
      ) : (
        <>
          <p data-testid="walkthrough-summary">
            {done === toDo.length
              ? 'Course complete: the publication copy passed its gate and the report is written.'
              : `${done} of ${toDo.length} steps done. Type the commands on the cluster from the folder that holds ${view.project}, or use the buttons here: both change the same project.`}
          </p>
          <BatchProgressPanel />
          <ol className="walkthrough-steps">
            {steps.map((step, index) => (
              <WalkthroughStep key={step.id} step={step} number={index + 1} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
