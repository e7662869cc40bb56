/** The self-check and review of the pair on screen, fetched again after a verdict is recorded. */
import { useEffect, useState } from 'react';
import type { MethodResult } from '../../../../src/api/contract.js';
import { call } from '../../api/client.js';
import type { ComparePair } from '../../state/store.js';

export type Provenance = MethodResult<'images.provenance'>;
export type ProvenanceState = { status: 'loading' } | { status: 'shown'; provenance: Provenance } | { status: 'failed'; message: string };

/**
 * The provenance of `pair`; `revision` changes force a reload.
 *
 * @example
 * const provenance = useProvenance(datasetId, pair, reviewCount);
 */
export function useProvenance(datasetId: string | null, pair: ComparePair | null, revision: unknown): ProvenanceState {
  const [state, setState] = useState<ProvenanceState>({ status: 'loading' });
  useEffect(() => {
    if (datasetId === null || pair === null) return;
    let current = true;
    void call('images.provenance', { datasetId, ...pair }).then((answer) => {
      if (!current) return;
      setState(answer.ok ? { status: 'shown', provenance: answer.value } : { status: 'failed', message: answer.error.message });
    });
    return () => {
      current = false;
    };
  }, [datasetId, pair, revision]);
  return state;
}
