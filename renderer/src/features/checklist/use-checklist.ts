/**
 * The checklist of the current dataset, as the core evaluates it, and the decisions the tab sends.
 * Every decision answers the checklist after it, so the tab never shows a state it guessed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ChecklistDecision, ChecklistView } from '../../../../src/api/checklist.js';
import type { ApiError, Result } from '../../../../src/api/result.js';
import { call } from '../../api/client.js';

export interface ChecklistHandle {
  view: ChecklistView | null;
  /** The last failed call (a wrong typed confirmation, a missing reason…), shown beside the checklist. */
  error: ApiError | null;
  busy: boolean;
  decide: (decision: ChecklistDecision) => Promise<void>;
  reload: () => Promise<void>;
}

/**
 * Loads the checklist of `datasetId` (again when `revision` changes) and sends decisions.
 *
 * @example
 * const checklist = useChecklist(datasetId, scan);
 * await checklist.decide({ action: 'no-key', reason: 'Participants were never named.' });
 */
export function useChecklist(datasetId: string | null, revision: unknown): ChecklistHandle {
  const [view, setView] = useState<ChecklistView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const show = useCallback((answer: Result<ChecklistView>) => {
    if (answer.ok) setView(answer.value);
    setError(answer.ok ? null : answer.error);
  }, []);

  const reload = useCallback(async () => {
    if (datasetId === null) return;
    setBusy(true);
    const answer = await call('checklist.get', { datasetId });
    setBusy(false);
    show(answer);
  }, [datasetId, show]);

  useEffect(() => {
    if (datasetId === null) return;
    let current = true;
    void call('checklist.get', { datasetId }).then((answer) => current && show(answer));
    return () => {
      current = false;
    };
  }, [datasetId, revision, show]);

  const decide = useCallback(
    async (decision: ChecklistDecision) => {
      if (datasetId === null) return;
      setBusy(true);
      const answer = await call('checklist.decide', { datasetId, decision });
      setBusy(false);
      show(answer);
    },
    [datasetId, show],
  );

  return { view, error, busy, decide, reload };
}
