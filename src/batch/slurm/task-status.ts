/**
 * The status file of one Slurm task (`<work>/status/<index>.json`): written by the task when it
 * starts and when it ends, read by the watcher. Slurm has no accounting database here, so these files
 * (with squeue) are how the submitting side learns what each task did.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { VerdictSchema } from '../../api/deface.js';
import { writeJsonAtomic } from '../../files/write-json-atomic.js';

export const TaskStatusSchema = z.strictObject({
  state: z.enum(['running', 'done', 'failed']),
  verdict: VerdictSchema.optional(),
  error: z.string().optional(),
  /** ISO 8601 times. */
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/**
 * Writes a task's status atomically.
 *
 * @example
 * await writeTaskStatus(taskStatusPath(workDir, 0), { state: 'running', startedAt: new Date().toISOString() });
 */
export async function writeTaskStatus(file: string, status: TaskStatus): Promise<void> {
  await writeJsonAtomic(file, status);
}

/**
 * Reads a task's status, or null when the task has not written one (yet) or it is not a status.
 *
 * @example
 * const status = await readTaskStatus(taskStatusPath(workDir, 0));
 * if (status?.state === 'done') …
 */
export async function readTaskStatus(file: string): Promise<TaskStatus | null> {
  try {
    const parsed = TaskStatusSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
