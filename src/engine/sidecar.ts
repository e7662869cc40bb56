/**
 * The self-check sidecar next to each output: `defaced.nii.gz` → `defaced.veil.json`. It is Veil's
 * provenance record: input and output sha256, engine, parameters, verdict.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SelfCheck } from '../api/deface.js';

/**
 * The sidecar path for an output image.
 *
 * @example
 * sidecarPathFor('/out/sub-01_T1w.nii.gz'); // '/out/sub-01_T1w.veil.json'
 */
export function sidecarPathFor(output: string): string {
  return output.replace(/\.nii(\.gz)?$/i, '') + '.veil.json';
}

/**
 * Writes the sidecar atomically (temporary file, then rename), so a reader never sees half a record.
 *
 * @example
 * await writeSidecar(sidecarPathFor(output), selfCheck);
 */
export async function writeSidecar(file: string, selfCheck: SelfCheck): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(selfCheck, null, 2)}\n`, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
