import { useVeil } from '../../state/store.js';

/**
 * The way back to the walkthrough from an area a step's button opened (Compare, the Checklist): the
 * learner returns to the step, which shows what the decision changed. Nothing when the area was
 * opened otherwise.
 */
export function BackToWalkthrough() {
  const fromWalkthrough = useVeil((s) => s.fromWalkthrough);
  const showArea = useVeil((s) => s.showArea);
  if (!fromWalkthrough) return null;
  return (
    <button type="button" className="back-to-walkthrough" onClick={() => showArea('walkthrough')}>
      ← Back to the walkthrough
    </button>
  );
}
