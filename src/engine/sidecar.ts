/**
 * The self-check sidecar next to each output: `defaced.nii.gz` → `defaced.veil.json`. It is Veil's
 * provenance record: input and output sha256, engine, parameters, verdict.
 */
import type { SelfCheck } from '../api/deface.js';
import { writeJsonAtomic } from '../files/write-json-atomic.js';

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
 * Writes the sidecar atomically, so a reader never sees half a record.
 *
 * @example
 * await writeSidecar(sidecarPathFor(output), selfCheck);
 */
export async function writeSidecar(file: string, selfCheck: SelfCheck): Promise<void> {
  await writeJsonAtomic(file, selfCheck);
}
