/**
 * The walkthrough of the current dataset as the core judges it (`tutorial.progress`), read again
 * whenever `revision` changes: a rescan after a batch, a recorded review.
 */
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../../src/api/result.js';
import type { TutorialProgressView } from '../../../../src/api/tutorial.js';
import { call } from '../../api/client.js';

export interface TutorialProgressHandle {
  /** Undefined while loading; null when the dataset is not a practice project. */
  view: TutorialProgressView | null | undefined;
  error: ApiError | null;
}

/**
 * Loads the walkthrough of `datasetId`.
 *
 * @example
 * const { view } = useTutorialProgress(datasetId, scan);
 * view?.steps.filter((step) => step.status === 'todo');
 */
export function useTutorialProgress(datasetId: string | null, revision: unknown): TutorialProgressHandle {
  // Kept with the dataset it is for: after a switch, the last dataset's steps are never shown as this one's.
  const [state, setState] = useState<TutorialProgressHandle & { datasetId: string | null }>({ datasetId: null, view: undefined, error: null });
  useEffect(() => {
    if (datasetId === null) return;
    let current = true;
    void call('tutorial.progress', { datasetId }).then((answer) => {
      if (!current) return;
      setState((previous) => {
        const view = previous.datasetId === datasetId ? previous.view : undefined;
        return answer.ok ? { datasetId, view: answer.value, error: null } : { datasetId, view, error: answer.error };
      });
    });
    return () => {
      current = false;
    };
  }, [datasetId, revision]);
  return state.datasetId === datasetId ? { view: state.view, error: state.error } : { view: undefined, error: null };
}
