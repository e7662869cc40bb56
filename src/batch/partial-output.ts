/**
 * Cleaning up after a task that did not finish: the engine writes the output and its sidecar
 * atomically (temporary file + rename), so what can be left is temporary files, and an output whose
 * sidecar was never written (the task stopped between the two).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sidecarPathFor } from '../engine/sidecar.js';

/** Modification times of an output and its sidecar (null: absent), to tell later what a run changed. */
export interface OutputSnapshot {
  output: number | null;
  sidecar: number | null;
}

/**
 * Notes which of the output and its sidecar exist now, and since when.
 *
 * @example
 * const before = await snapshotOutput('/out/sub-01_T1w.nii.gz');
 */
export async function snapshotOutput(output: string): Promise<OutputSnapshot> {
  return { output: await modifiedAt(output), sidecar: await modifiedAt(sidecarPathFor(output)) };
}

/**
 * Removes what a failed or cancelled run wrote: its temporary files, and the output and sidecar
 * if they changed since `before` (what an earlier, finished run left stays).
 *
 * @example
 * const before = await snapshotOutput(output);
 * try { await run(); } catch (error) { await removeChangedOutput(output, before); throw error; }
 */
export async function removeChangedOutput(output: string, before: OutputSnapshot): Promise<void> {
  await removeTemporaryFiles(output);
  const now = await snapshotOutput(output);
  if (now.output !== null && now.output !== before.output) await rm(output, { force: true });
  if (now.sidecar !== null && now.sidecar !== before.sidecar) await rm(sidecarPathFor(output), { force: true });
}

/**
 * Removes what a task killed outright (no chance to clean up) may have left: temporary files, and an
 * output without its sidecar (never self-checked, so never to be trusted).
 *
 * @example
 * await removeUnverifiedOutput('/out/sub-01_T1w.nii.gz');
 */
export async function removeUnverifiedOutput(output: string): Promise<void> {
  await removeTemporaryFiles(output);
  if ((await modifiedAt(sidecarPathFor(output))) === null) await rm(output, { force: true });
}

/** The `.NAME.<random>.tmp` files of atomic writes of the output and its sidecar that never reached their rename. */
async function removeTemporaryFiles(output: string): Promise<void> {
  const folder = path.dirname(output);
  const prefixes = [`.${path.basename(output)}.`, `.${path.basename(sidecarPathFor(output))}.`];
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.endsWith('.tmp') && prefixes.some((prefix) => name.startsWith(prefix))) await rm(path.join(folder, name), { force: true });
  }
}

async function modifiedAt(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}
