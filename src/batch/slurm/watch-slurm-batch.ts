/**
 * Follows a Slurm job array until no task of it is left in the queue, and reports it like the local
 * batch runner does: a `start` event when a task starts, `done`/`failed`/`cancelled` when it ends, and
 * a BatchSummary. There is no accounting database to ask afterwards, so the evidence is squeue while
 * the job lives and the tasks' status files and logs (task-outcome.ts).
 */
import { existsSync } from 'node:fs';
import type { BatchEvent, BatchSummary } from '../run-batch.js';
import { removeUnverifiedOutput } from '../partial-output.js';
import { listQueuedTasks, type QueuedTasks } from './squeue-tasks.js';
import { taskOutcome } from './task-outcome.js';
import { readTaskStatus } from './task-status.js';
import { cancelMarkerPath, taskLogPath, taskStatusPath } from './work-folder.js';

/** squeue may fail now and then while slurmctld is busy; this many failures in a row end the watch. */
const MAX_SQUEUE_FAILURES_IN_A_ROW = 5;

/**
 * Polls squeue and the status files every `pollMs` until the job has left the queue; resolves with the summary.
 *
 * @example
 * const jobId = await submitSlurmBatch(request);
 * const summary = await watchSlurmBatch(jobId, request.workDir, request.jobs, console.log, 2_000);
 */
export async function watchSlurmBatch(
  jobId: string,
  workDir: string,
  jobs: { input: string; output: string }[],
  onEvent: (event: BatchEvent) => void,
  pollMs = 2_000,
): Promise<BatchSummary> {
  const started = performance.now();
  const summary: BatchSummary = { total: jobs.length, done: 0, alreadyDone: 0, failed: 0, cancelled: 0, warnings: 0, seconds: 0 };
  const reportedStart = new Set<number>();
  const open = new Set(jobs.keys());
  let squeueFailures = 0;

  const end = async (index: number, jobLeftQueue: boolean) => {
    const job = jobs[index];
    if (job === undefined) return;
    const status = await readTaskStatus(taskStatusPath(workDir, index));
    const final = status !== null && status.state !== 'running';
    if (!final && !jobLeftQueue) return;
    const outcome = await taskOutcome(status, taskLogPath(workDir, index), existsSync(cancelMarkerPath(workDir)));
    if (outcome.type !== 'done') await removeUnverifiedOutput(job.output);
    open.delete(index);
    if (outcome.type === 'done') {
      summary.done++;
      if (outcome.verdict === 'warn') summary.warnings++;
      onEvent({ type: 'done', input: job.input, output: job.output, verdict: outcome.verdict, seconds: outcome.seconds });
    } else if (outcome.type === 'failed') {
      summary.failed++;
      onEvent({ type: 'failed', input: job.input, error: outcome.error });
    } else {
      summary.cancelled++;
      onEvent({ type: 'cancelled', input: job.input });
    }
  };

  for (;;) {
    // squeue first, the status files after: a task that has left the queue wrote its last status before.
    let queued: QueuedTasks;
    try {
      queued = await listQueuedTasks(jobId);
      squeueFailures = 0;
    } catch (error) {
      if (++squeueFailures >= MAX_SQUEUE_FAILURES_IN_A_ROW) throw error;
      await sleep(pollMs);
      continue;
    }
    const jobLeftQueue = queued.running.size === 0 && queued.pending.size === 0 && !queued.unindexed;
    for (const index of [...open]) {
      const job = jobs[index];
      if (job === undefined) continue;
      if (!reportedStart.has(index) && (queued.running.has(index) || existsSync(taskStatusPath(workDir, index)))) {
        reportedStart.add(index);
        onEvent({ type: 'start', input: job.input, output: job.output });
      }
      await end(index, jobLeftQueue);
    }
    if (open.size === 0 || jobLeftQueue) break;
    await sleep(pollMs);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
