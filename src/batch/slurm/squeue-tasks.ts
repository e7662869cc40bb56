/**
 * What squeue says about the tasks of a job array. With `-o "%i %T"` it prints one line per running
 * task (`1234_5 RUNNING`) and one per block of pending ones (`1234_[2-5%2] PENDING`,
 * `1234_[7,9-11] PENDING`); a finished job is not listed at all.
 */
import { runSlurmCommand } from './slurm-command.js';

export interface QueuedTasks {
  /** Task indices Slurm is running (or starting, or finishing). */
  running: Set<number>;
  /** Task indices still waiting. */
  pending: Set<number>;
  /** Some task of the job is still listed in a state Slurm gave no index for (e.g. the whole array pending). */
  unindexed: boolean;
}

/**
 * Parses the `squeue -h -o "%i %T"` lines of job `jobId`.
 *
 * @example
 * parseSqueueTasks('12_0 RUNNING\n12_[2-3%2] PENDING\n', '12'); // running {0}, pending {2, 3}
 */
export function parseSqueueTasks(stdout: string, jobId: string): QueuedTasks {
  const tasks: QueuedTasks = { running: new Set(), pending: new Set(), unindexed: false };
  for (const line of stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/);
    if (!id || !state || (id !== jobId && !id.startsWith(`${jobId}_`))) continue;
    const target = state === 'PENDING' ? tasks.pending : tasks.running;
    const indices = id === jobId ? null : parseIndices(id.slice(jobId.length + 1));
    if (indices === null) tasks.unindexed = true;
    else for (const index of indices) target.add(index);
  }
  return tasks;
}

/** `5`, or `[2-5%2]` / `[1,3-4]`: the indices, or null when Slurm wrote something else. */
function parseIndices(text: string): number[] | null {
  if (/^\d+$/.test(text)) return [Number(text)];
  const ranges = /^\[([\d,-]+)(?:%\d+)?\]$/.exec(text)?.[1];
  if (ranges === undefined) return null;
  const indices: number[] = [];
  for (const range of ranges.split(',')) {
    const [first, last = first] = range.split('-').map(Number);
    if (first === undefined || last === undefined || !Number.isInteger(first) || !Number.isInteger(last)) return null;
    for (let index = first; index <= last; index++) indices.push(index);
  }
  return indices;
}

/**
 * Asks squeue which tasks of `jobId` are still queued or running. A job Slurm no longer knows
 * ("Invalid job id specified") has none.
 *
 * @example
 * const queued = await listQueuedTasks('1234');
 * const finished = queued.running.size + queued.pending.size === 0 && !queued.unindexed;
 */
export async function listQueuedTasks(jobId: string): Promise<QueuedTasks> {
  try {
    return parseSqueueTasks(await runSlurmCommand('squeue', ['-h', '-j', jobId, '-o', '%i %T']), jobId);
  } catch (error) {
    if (error instanceof Error && /Invalid job id/i.test(error.message)) return parseSqueueTasks('', jobId);
    throw error;
  }
}
