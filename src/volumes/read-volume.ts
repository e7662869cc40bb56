/**
 * Volume bytes for the viewer. The renderer names an image by dataset id and relative path; the core
 * checks that it is a NIfTI file inside the dataset and sends its bytes as stored (the viewer decodes
 * `.nii.gz` itself), so no `file://` URL or invented path ever reaches the renderer.
 */
import { open } from 'node:fs/promises';
import { MAX_VOLUME_BYTES } from '../api/contract.js';
import { VeilError } from '../api/result.js';
import { fileSystemError } from '../files/fs-errors.js';

const NIFTI_NAME = /\.nii(\.gz)?$/i;

/**
 * Reads a NIfTI file's bytes; refuses other files, folders and files over `MAX_VOLUME_BYTES`.
 *
 * @param file an absolute path already resolved inside the dataset
 * @param shownAs the name used in errors (the dataset-relative path)
 * @example
 * const bytes = await readVolumeBytes('/data/study/sub-01/anat/sub-01_T1w.nii.gz', 'sub-01/anat/sub-01_T1w.nii.gz');
 */
export async function readVolumeBytes(file: string, shownAs: string): Promise<Uint8Array> {
  if (!NIFTI_NAME.test(file)) throw new VeilError('UNSUPPORTED', `${shownAs} is not a NIfTI image (.nii or .nii.gz).`);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileSystemError(error, 'open', shownAs);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new VeilError('UNSUPPORTED', `${shownAs} is not a file.`);
    if (info.size > MAX_VOLUME_BYTES) {
      throw new VeilError('UNSUPPORTED', `${shownAs} is ${(info.size / 1024 ** 2).toFixed(0)} MB; the viewer takes images up to ${MAX_VOLUME_BYTES / 1024 ** 2} MB.`);
    }
    return await handle.readFile();
  } catch (error) {
    throw error instanceof VeilError ? error : fileSystemError(error, 'read', shownAs);
  } finally {
    await handle.close();
  }
}
