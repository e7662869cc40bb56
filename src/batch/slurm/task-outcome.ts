/**
 * How a task that Slurm no longer lists ended, from the evidence it left: its status file and the
 * log Slurm wrote for it (slurmstepd writes `*** JOB n ON node CANCELLED AT … ***` there on scancel,
 * with `DUE TO TIME LIMIT` when the time limit stopped it).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Verdict } from '../../api/deface.js';
import type { TaskStatus } from './task-status.js';

export type TaskOutcome =
  | { type: 'done'; verdict: Verdict; seconds: number }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' };

/** How many lines of a task's log a failure message quotes. */
const LOG_TAIL_LINES = 8;

/**
 * Decides how a finished task ended.
 *
 * @example
 * const outcome = await taskOutcome(await readTaskStatus(statusFile), taskLogPath(workDir, 0), existsSync(cancelMarkerPath(workDir)));
 */
export async function taskOutcome(status: TaskStatus | null, logFile: string, batchCancelled: boolean): Promise<TaskOutcome> {
  if (status?.state === 'done' && status.verdict) {
    const seconds = status.finishedAt ? (Date.parse(status.finishedAt) - Date.parse(status.startedAt)) / 1000 : 0;
    return { type: 'done', verdict: status.verdict, seconds };
  }
  const log = existsSync(logFile) ? await readFile(logFile, 'utf8') : null;
  if (log !== null && /CANCELLED AT \S+ DUE TO TIME LIMIT/.test(log)) return { type: 'failed', error: "Stopped at the Slurm job's time limit." };
  if (log !== null && /CANCELLED AT/.test(log)) return { type: 'cancelled' };
  if (status?.state === 'failed' && status.error) return { type: 'failed', error: status.error };
  if (log === null && status === null) {
    return batchCancelled ? { type: 'cancelled' } : { type: 'failed', error: 'Slurm ended the task before it started (no log, no status).' };
  }
  return { type: 'failed', error: `The task ended without reporting a result; the last lines of its log (${logFile}):\n${tail(log ?? '')}` };
}

function tail(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.length === 0 ? '(empty)' : lines.slice(-LOG_TAIL_LINES).join('\n');
}
