import path from 'node:path';
import type { BatchEventPayload } from '../api/contract.js';
import type { BatchEvent } from './run-batch.js';

/**
 * The event with its paths relative to the dataset root, '/'-separated, as the app and `--json` show
 * them: no absolute path leaves the core.
 *
 * @example
 * relativeBatchEvent({ type: 'cancelled', input: '/data/ds/raw/sub-01/x.nii' }, '/data/ds'); // input 'raw/sub-01/x.nii'
 */
export function relativeBatchEvent(event: BatchEvent, root: string): BatchEventPayload {
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  switch (event.type) {
    case 'resumed':
      return event;
    case 'start':
    case 'done':
      return { ...event, input: relative(event.input), output: relative(event.output) };
    case 'failed':
      // Engine messages name the input by its absolute path; the dataset's own name for it reads better.
      return { ...event, input: relative(event.input), error: event.error.replaceAll(root + path.sep, '') };
    case 'progress':
    case 'cancelled':
    case 'log':
      return { ...event, input: relative(event.input) };
  }
}
