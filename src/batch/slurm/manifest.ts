/**
 * The manifest of a Slurm batch: the jobs and the deface parameters, written by the submitting side
 * and read by every task (`veil slurm-task MANIFEST INDEX`).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DefaceParametersSchema } from '../../api/deface.js';
import { describeZodError, VeilError } from '../../api/result.js';
import { writeJsonAtomic } from '../../files/write-json-atomic.js';

export const SlurmManifestSchema = z.strictObject({
  schema: z.literal('veil.slurm-batch/1'),
  /** The engine the tasks run, e.g. `native`. */
  engine: z.string(),
  parameters: DefaceParametersSchema,
  /** Leave out the recognizability check (absent: it runs). */
  skipRecognizability: z.boolean().optional(),
  /** Absolute paths; task i defaces jobs[i]. */
  jobs: z.array(z.strictObject({ input: z.string(), output: z.string() })),
});
export type SlurmManifest = z.infer<typeof SlurmManifestSchema>;

/**
 * Writes the manifest atomically.
 *
 * @example
 * await writeSlurmManifest(manifestPath(workDir), { schema: 'veil.slurm-batch/1', engine: 'native', parameters, jobs });
 */
export async function writeSlurmManifest(file: string, manifest: SlurmManifest): Promise<void> {
  await writeJsonAtomic(file, manifest);
}

/**
 * Reads and validates a manifest; a missing or wrong one is a VeilError that says which file.
 *
 * @example
 * const manifest = await readSlurmManifest('/data/.veil/slurm/20240101T120000/manifest.json');
 */
export async function readSlurmManifest(file: string): Promise<SlurmManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new VeilError('BAD_REQUEST', `Cannot read the Slurm batch manifest ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = SlurmManifestSchema.safeParse(json);
  if (!parsed.success) throw new VeilError('BAD_REQUEST', `${file} is not a Veil Slurm batch manifest: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
