/**
 * FSL names its outputs itself: it strips .nii/.nii.gz from the name it is given (remove_ext) and
 * appends the extension of FSLOUTPUTTYPE. So FSL is given a hidden temporary base name without an
 * extension, the file it actually produced is looked for under either extension, converted when its
 * compression is not the one asked for, and only then renamed to the requested name.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { VeilError } from '../../api/result.js';
import { fileSystemError } from '../../files/fs-errors.js';

export type FslOutputType = 'NIFTI' | 'NIFTI_GZ';

/** One image FSL is to write: where the caller wants it, and the temporary base FSL is given. */
export interface FslImageSlot {
  requested: string;
  /** Hidden, in the requested file's folder (so the final rename stays on one file system), no extension. */
  base: string;
  outputType: FslOutputType;
}

const EXTENSION: Record<FslOutputType, string> = { NIFTI: '.nii', NIFTI_GZ: '.nii.gz' };

/**
 * A slot for an image FSL will write in place of `requested` (which must end in .nii or .nii.gz).
 *
 * @example
 * fslImageSlot('/out/sub-01_T1w.nii'); // { requested, base: '/out/.sub-01_T1w.3fa9c1d2e4b5', outputType: 'NIFTI' }
 */
export function fslImageSlot(requested: string): FslImageSlot {
  const lower = requested.toLowerCase();
  const outputType: FslOutputType | undefined = lower.endsWith('.nii.gz') ? 'NIFTI_GZ' : lower.endsWith('.nii') ? 'NIFTI' : undefined;
  if (!outputType) throw new VeilError('BAD_REQUEST', `${requested}: an output name must end in .nii or .nii.gz.`);
  const stem = path.basename(requested).slice(0, -EXTENSION[outputType].length);
  return { requested, base: path.join(path.dirname(requested), `.${stem}.${randomBytes(6).toString('hex')}`), outputType };
}

/**
 * Finds what FSL wrote for the slot, converts it to the requested compression if FSL chose the other
 * one, and flushes it to disk. Answers the temporary file, now with the requested compression, or
 * undefined when FSL wrote nothing.
 *
 * @example
 * const ready = await settleFslImage(slot); // '/out/.sub-01_T1w.3fa9c1d2e4b5.nii'
 * if (ready) await rename(ready, slot.requested);
 */
export async function settleFslImage(slot: FslImageSlot): Promise<string | undefined> {
  const wanted = slot.base + EXTENSION[slot.outputType];
  const other = slot.base + EXTENSION[slot.outputType === 'NIFTI' ? 'NIFTI_GZ' : 'NIFTI'];
  try {
    if (await exists(wanted)) {
      await flushToDisk(wanted);
      return wanted;
    }
    if (!(await exists(other))) return undefined;
    await pipeline(createReadStream(other), slot.outputType === 'NIFTI' ? createGunzip() : createGzip(), createWriteStream(wanted, { flags: 'wx' }));
    await rm(other);
    await flushToDisk(wanted);
    return wanted;
  } catch (error) {
    throw fileSystemError(error, 'write', slot.requested);
  }
}

/**
 * Removes every temporary file of the slot (either extension); it never fails.
 *
 * @example
 * await removeFslImageSlot(slot);
 */
export async function removeFslImageSlot(slot: FslImageSlot): Promise<void> {
  await Promise.all(Object.values(EXTENSION).map((extension) => rm(slot.base + extension, { force: true }).catch(() => undefined)));
}

/**
 * Renames the settled temporary file over the requested name, atomically.
 *
 * @example
 * await publishFslImage(slot, ready);
 */
export async function publishFslImage(slot: FslImageSlot, ready: string): Promise<void> {
  await rename(ready, slot.requested).catch((error: unknown) => {
    throw fileSystemError(error, 'write', slot.requested);
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** A rename is only as durable as the data behind it: flush before publishing. */
async function flushToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
