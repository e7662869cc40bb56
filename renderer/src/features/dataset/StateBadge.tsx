import type { DefaceState } from '../../../../src/api/contract.js';

/** A T1's deface state as a coloured badge; nothing for images that are not T1s. */
export function StateBadge({ state }: { state: DefaceState | null }) {
  if (state === null) return null;
  return <span className={`badge badge-${state}`}>{state}</span>;
}
