/**
 * The batch state file (`.veil/batch.json` under the dataset root, or under `--out` for read-only
 * datasets): the plan and where each job stands. It is rewritten atomically after every change, so a
 * run killed at any moment (even `kill -9`) resumes where it stopped: a job that was running is run
 * again from scratch (its output is written atomically, so there is no half file to trust), a job
 * that is done is never done twice.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DefaceParametersSchema } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import { writeJsonAtomic } from '../files/write-json-atomic.js';

export const JobStatusSchema = z.enum(['pending', 'running', 'done', 'failed']);

export const BatchJobSchema = z.strictObject({
  /** Absolute paths. */
  input: z.string(),
  output: z.string(),
  status: JobStatusSchema,
  attempts: z.number().int().nonnegative(),
  verdict: z.enum(['pass', 'warn', 'fail']).nullable(),
  error: z.string().nullable(),
});
export type BatchJob = z.infer<typeof BatchJobSchema>;

export const BatchStateSchema = z.strictObject({
  schema: z.literal('veil.batch/1'),
  engine: z.string(),
  parameters: DefaceParametersSchema,
  jobs: z.array(BatchJobSchema),
});
export type BatchState = z.infer<typeof BatchStateSchema>;

/**
 * Where the state of batches over `stateRoot` lives.
 *
 * @example
 * batchStatePath('/data/study'); // '/data/study/.veil/batch.json'
 */
export function batchStatePath(stateRoot: string): string {
  return path.join(stateRoot, '.veil', 'batch.json');
}

/**
 * Reads the saved state, or null when there is none. A state file that does not parse is an error
 * (never silently ignored: it may describe outputs Veil wrote).
 *
 * @example
 * const previous = await loadBatchState(batchStatePath(root));
 */
export async function loadBatchState(file: string): Promise<BatchState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VeilError('BAD_REQUEST', `${file} is damaged (not JSON); move it away to start a new batch.`);
  }
  const parsed = BatchStateSchema.safeParse(json);
  if (!parsed.success) throw new VeilError('BAD_REQUEST', `${file} is not a Veil batch state; move it away to start a new batch.`);
  return parsed.data;
}

/**
 * Saves the state atomically and durably (temporary file, fsync, rename).
 *
 * @example
 * await saveBatchState(file, state);
 */
export async function saveBatchState(file: string, state: BatchState): Promise<void> {
  await writeJsonAtomic(file, state);
}
